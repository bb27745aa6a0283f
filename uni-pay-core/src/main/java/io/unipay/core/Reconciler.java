package io.unipay.core;

import static java.util.Objects.requireNonNull;

import io.unipay.core.bill.TradeBill;
import io.unipay.core.internal.LogSafe;
import io.unipay.core.order.Provider;
import io.unipay.core.reconcile.BillState;
import io.unipay.core.reconcile.DayClaim;
import io.unipay.core.reconcile.Discrepancy;
import io.unipay.core.reconcile.ReconciliationReport;
import io.unipay.core.spi.PayClient;
import io.unipay.core.spi.ReconciliationRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a provider's daily trade bill with the engine's orders, refunds and ledger, and
 * keeps the typed report ({@link ReconciliationReport}); get one from {@code pay.reconciler()}
 * or configure one with {@link #builder(UniPay)}. Thread-safe.
 *
 * <p><b>What is compared.</b> The day is the provider's calendar day in Asia/Shanghai ({@link
 * #BILL_ZONE}). Every bill line is looked up by its key (payments by out_trade_no, refunds by
 * out_refund_no, whatever day the local row has): a missing or unpaid order is {@code
 * PAID_AT_PROVIDER_MISSING_LOCALLY}, a differing {@code total_fee} {@code AMOUNT_MISMATCH}, a
 * missing or unsuccessful refund {@code REFUND_MISSING_LOCALLY}, a differing {@code refund_fee}
 * {@code REFUND_AMOUNT_MISMATCH}. Then the local payments whose {@code pay_date}, and the
 * successful refunds whose {@code success_date}, fall in the day are scanned, and those the bill
 * lacks are {@code PAID_LOCALLY_MISSING_AT_PROVIDER} / {@code REFUND_MISSING_AT_PROVIDER} —
 * except near midnight: one within the {@linkplain Builder#boundaryTolerance boundary tolerance}
 * of either end of the day may be booked on the neighbouring day, so it is checked by an active
 * query, and a payment or refund the provider confirms (same amount) is counted as {@link
 * ReconciliationReport#confirmedByQuery()}, not reported.
 *
 * <p><b>What is repaired.</b> Only through the engine's own paths, never from bill data alone:
 * a payment the bill has whose local order is unpaid or closed is queried at the provider and
 * the verified answer goes through the settlement path (the handler runs exactly once, there);
 * a refund the bill has that is PROCESSING or closed locally is queried and applied by the refund
 * bookkeeping. Everything else is left to a person. Every discrepancy is also kept in the ledger
 * as an {@code ATTENTION} fact with outcome {@code BILL_DISCREPANCY} (once per day and
 * discrepancy, re-runs included), resolved at once when repaired, so the operator's view of
 * unresolved facts lists what needs a person.
 *
 * <p><b>Memory.</b> The bill is streamed in batches; each batch's keys are looked up with one
 * query per kind and recorded in a scratch area of the database; the day's local rows are read
 * in keyset pages and checked against that area. Memory holds a batch, not the day.
 *
 * <p><b>Once per day, on many instances.</b> A day is claimed with a lease in the database (like
 * the sweeper's work), renewed as the run goes; its report is stored, and reconciling the day
 * again returns the stored report unless forced. A forced re-run finds nothing new to repair (a
 * repaired payment now matches) and adds no ledger fact twice.
 */
public final class Reconciler {
  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

  /** The zone of the providers' calendar days. */
  public static final ZoneId BILL_ZONE = ZoneId.of("Asia/Shanghai");

  private final UniPay engine;
  private final ReconcileSettings settings;

  private Reconciler(UniPay engine, ReconcileSettings settings) {
    this.engine = engine;
    this.settings = settings;
  }

  /** A builder of a reconciler over {@code engine}. */
  public static Builder builder(UniPay engine) {
    return new Builder(requireNonNull(engine, "engine == null"));
  }

  /** {@link #reconcile(Provider, LocalDate, boolean)} without forcing. */
  public ReconciliationReport reconcile(Provider provider, LocalDate day) {
    return reconcile(provider, day, false);
  }

  /**
   * Reconciles one provider's day and returns the report. A day with a stored report is returned
   * as it is, unless {@code force}, which runs it again and replaces the report.
   *
   * @throws UniPayException {@code INVALID_ARGUMENT} for a missing argument or a day that has not
   *     ended (plus the boundary tolerance) in Asia/Shanghai; {@code PROVIDER_NOT_CONFIGURED};
   *     {@code CONFIGURATION_INVALID} when the repository has no reconciliation storage; {@code
   *     BILL_NOT_READY} (ask again later) or {@code BILL_MALFORMED} from the provider, nothing
   *     stored; {@code RECONCILIATION_IN_PROGRESS} when another instance holds the day; a storage
   *     or provider failure, in which case the day is released for a later run
   */
  public ReconciliationReport reconcile(Provider provider, LocalDate day, boolean force) {
    if (provider == null) throw UniPayException.invalid("provider is required");
    if (day == null) throw UniPayException.invalid("day is required");
    PayClient client = engine.client(provider);
    Instant now = engine.clock().instant();
    Instant dayEnd = day.plusDays(1).atStartOfDay(BILL_ZONE).toInstant();
    if (now.isBefore(dayEnd.plus(settings.boundaryTolerance()))) {
      throw UniPayException.invalid(
          "day " + day + " has not ended in " + BILL_ZONE + " (plus the boundary tolerance of "
              + settings.boundaryTolerance() + "); reconcile a past day");
    }
    ReconciliationRepository store = store();
    if (!force) {
      Optional<ReconciliationReport> stored = report(provider, day);
      if (stored.isPresent()) return stored.get();
    }
    String owner = UUID.randomUUID().toString();
    DayClaim claim =
        store.claimDay(provider, day, owner, now, settings.lease(), force).orElse(null);
    if (claim == null) {
      Optional<ReconciliationReport> stored = force ? Optional.empty() : report(provider, day);
      return stored.orElseThrow(
          () -> new UniPayException(
              ErrorCode.RECONCILIATION_IN_PROGRESS,
              provider.code() + " " + day + " is being reconciled by another instance; ask again"
                  + " when its lease of " + settings.lease() + " has run out"));
    }
    try {
      store.clearRun(claim);
      ReconciliationReport report = run(store, claim, client, now);
      if (!store.finish(claim, report)) {
        throw new UniPayException(
            ErrorCode.RECONCILIATION_IN_PROGRESS,
            provider.code() + " " + day + ": the day's lease ran out during the run and another"
                + " instance took it; its report stands");
      }
      ReconciliationReport stored = report(provider, day).orElseThrow();
      if (stored.isClean()) log.info("reconciled {}", stored);
      else log.warn("reconciled {}; see the report and the ledger's unresolved facts", stored);
      return stored;
    } catch (RuntimeException | Error e) {
      release(store, claim, e);
      throw e;
    }
  }

  private ReconciliationReport run(
      ReconciliationRepository store, DayClaim claim, PayClient client, Instant startedAt) {
    DayRun run = new DayRun(engine, store, settings, claim, startedAt);
    TradeBill bill;
    try {
      bill = client.openTradeBill(claim.day());
    } catch (UniPayException e) {
      if (e.code() != ErrorCode.BILL_NOT_AVAILABLE) throw e;
      log.warn(
          "{} {} - the provider has no bill for the day ({}); compared as an empty bill",
          claim.provider().code(), claim.day(), e.getMessage());
      return run.compare(null);
    }
    try (bill) {
      if (bill.provider() != claim.provider() || !claim.day().equals(bill.day())) {
        throw new UniPayException(
            ErrorCode.BILL_MALFORMED,
            "asked for the " + claim.provider().code() + " bill of " + claim.day() + ", got the "
                + bill.provider().code() + " bill of " + bill.day());
      }
      return run.compare(bill);
    }
  }

  private void release(ReconciliationRepository store, DayClaim claim, Throwable failure) {
    String why =
        failure instanceof UniPayException u
            ? u.code() + ": " + u.getMessage()
            : failure.getClass().getName();
    try {
      store.releaseClaim(claim, why);
    } catch (RuntimeException again) {
      log.warn("{} {} - could not release the day; its lease runs out instead",
          claim.provider().code(), claim.day(), again);
    }
    log.warn("{} {} - reconciliation not finished ({}); the day is left for a later run",
        claim.provider().code(), claim.day(), LogSafe.quote(why));
  }

  /** The day's stored report with its first discrepancies, or empty when not reconciled yet. */
  public Optional<ReconciliationReport> report(Provider provider, LocalDate day) {
    if (provider == null || day == null) throw UniPayException.invalid("provider and day are required");
    ReconciliationRepository store = store();
    return store.findReport(provider, day)
        .map(r -> settings.reportLimit() == 0 ? r : r.withDiscrepancies(
            store.discrepancies(provider, day, 0, settings.reportLimit())));
  }

  /** Up to {@code limit} (1..1000) discrepancies of the day's report after {@code afterSeq}. */
  public List<Discrepancy> discrepancies(
      Provider provider, LocalDate day, long afterSeq, int limit) {
    if (provider == null || day == null) throw UniPayException.invalid("provider and day are required");
    if (limit < 1 || limit > 1000) throw UniPayException.invalid("limit must be 1..1000, was " + limit);
    return store().discrepancies(provider, day, afterSeq, limit);
  }

  /** A daily job that reconciles yesterday for every provider; see {@link ReconcileJob}. */
  public ReconcileJob.Builder job() {
    return new ReconcileJob.Builder(this, engine);
  }

  Duration boundaryTolerance() {
    return settings.boundaryTolerance();
  }

  private ReconciliationRepository store() {
    return engine.repository().reconciliation().orElseThrow(
        () -> new UniPayException(
            ErrorCode.CONFIGURATION_INVALID,
            "the repository " + engine.repository().getClass().getSimpleName()
                + " has no reconciliation storage; use the JDBC or in-memory repository"));
  }

  /** Configures a {@link Reconciler}. */
  public static final class Builder {
    private final UniPay engine;
    private int batchSize = 500;
    private Duration lease = Duration.ofMinutes(10);
    private Duration boundaryTolerance = Duration.ofMinutes(5);
    private int reportLimit = 100;
    private int maxQueries = 1000;

    private Builder(UniPay engine) {
      this.engine = engine;
    }

    /** Bill lines and local rows handled per batch (one lookup query each); default 500. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1 || batchSize > 1000) throw UniPayException.invalid("batchSize must be 1..1000");
      this.batchSize = batchSize;
      return this;
    }

    /** How long a claim on a day keeps other instances away, renewed as the run goes; 10 min. */
    public Builder lease(Duration lease) {
      requireNonNull(lease, "lease == null");
      if (lease.compareTo(Duration.ofSeconds(10)) < 0) throw UniPayException.invalid("lease must be ≥ 10 s");
      this.lease = lease;
      return this;
    }

    /**
     * How close to either end of the day a local payment or refund that the bill lacks is taken
     * as possibly booked on the neighbouring day, and checked by an active query before it is
     * reported; default 5 minutes. Reconciling a day waits this long after its end.
     */
    public Builder boundaryTolerance(Duration tolerance) {
      requireNonNull(tolerance, "tolerance == null");
      if (tolerance.isNegative() || tolerance.compareTo(Duration.ofHours(6)) > 0) {
        throw UniPayException.invalid("boundaryTolerance must be 0..6 h");
      }
      this.boundaryTolerance = tolerance;
      return this;
    }

    /** How many discrepancies a returned report holds (page the rest); default 100. */
    public Builder reportLimit(int limit) {
      if (limit < 0 || limit > 1000) throw UniPayException.invalid("reportLimit must be 0..1000");
      this.reportLimit = limit;
      return this;
    }

    /**
     * The most active queries (repairs and boundary checks) one run makes; beyond them
     * discrepancies are reported without a repair or check, saying so. Default 1000.
     */
    public Builder maxQueries(int max) {
      if (max < 0) throw UniPayException.invalid("maxQueries must be ≥ 0");
      this.maxQueries = max;
      return this;
    }

    public Reconciler build() {
      return new Reconciler(
          engine,
          new ReconcileSettings(batchSize, lease, boundaryTolerance, reportLimit, maxQueries));
    }
  }
}
