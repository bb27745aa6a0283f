package io.unipay.core;

import static java.util.Objects.requireNonNull;

import io.unipay.core.order.Provider;
import io.unipay.core.reconcile.ReconciliationReport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily reconciliation job: every {@linkplain Builder#interval interval} it reconciles, for
 * each provider, the recent days that have no report yet (yesterday, and a few days before it in
 * case the job was down), once the providers' bills are due ({@linkplain Builder#notBefore not
 * before} a time of the next day in Asia/Shanghai). A bill that is not ready yet, or a day that
 * another instance is reconciling, is simply tried again on the next pass; safe on many
 * application instances at once, since a day is claimed in the database. Start it with {@link
 * #start()} or call {@link #runOnce()} from the host's scheduler. Thread-safe.
 */
public final class ReconcileJob implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReconcileJob.class);

  private final Reconciler reconciler;
  private final UniPay engine;
  private final Set<Provider> providers;
  private final LocalTime notBefore;
  private final Duration interval;
  private final int catchUpDays;
  private final Consumer<ReconciliationReport> onReport;
  /** Providers whose client has no bills: skipped from then on. */
  private final Set<Provider> billless = ConcurrentHashMap.newKeySet();
  private final PeriodicPasses passes;

  private ReconcileJob(Builder b) {
    this.reconciler = b.reconciler;
    this.engine = b.engine;
    this.providers = b.providers == null ? engine.providers() : Set.copyOf(b.providers);
    this.notBefore = b.notBefore;
    this.interval = b.interval;
    this.passes =
        new PeriodicPasses("uni-pay-reconcile", "reconciliation pass", interval,
            Duration.ofSeconds(60), this::runOnce, log);
    this.catchUpDays = b.catchUpDays;
    this.onReport = b.onReport;
  }

  /**
   * One pass now, on the calling thread: reconciles every due day without a report and returns
   * the reports made. Failures are logged and the day tried again on the next pass; only a
   * {@link VirtualMachineError} ends the pass.
   */
  public List<ReconciliationReport> runOnce() {
    List<ReconciliationReport> made = new ArrayList<>();
    Instant now = engine.clock().instant();
    ZonedDateTime local = now.atZone(Reconciler.BILL_ZONE);
    for (Provider provider : providers.stream().sorted().toList()) {
      if (billless.contains(provider)) continue;
      for (int back = catchUpDays; back >= 1; back--) {
        LocalDate day = local.toLocalDate().minusDays(back);
        Instant due = day.plusDays(1).atTime(notBefore).atZone(Reconciler.BILL_ZONE).toInstant();
        Instant ended =
            day.plusDays(1).atStartOfDay(Reconciler.BILL_ZONE).toInstant()
                .plus(reconciler.boundaryTolerance());
        if (now.isBefore(due) || now.isBefore(ended)) continue;
        try {
          if (reconciler.report(provider, day).isPresent()) continue;
          ReconciliationReport report = reconciler.reconcile(provider, day);
          made.add(report);
          tell(report);
        } catch (UniPayException e) {
          if (e.code() == ErrorCode.PROVIDER_NOT_CONFIGURED) {
            billless.add(provider);
            log.info("{} has no downloadable bills; the reconciliation job skips it",
                provider.code());
            break;
          }
          if (e.code() == ErrorCode.BILL_NOT_READY || e.code() == ErrorCode.RECONCILIATION_IN_PROGRESS) {
            log.info("{} {} - {}; tried again in {}", provider.code(), day, e.code(), interval);
          } else {
            log.warn("{} {} - reconciliation failed ({}: {}); tried again in {}", provider.code(),
                day, e.code(), e.getMessage(), interval);
          }
        } catch (VirtualMachineError e) {
          throw e;
        } catch (Throwable e) {
          log.error("{} {} - reconciliation failed unexpectedly; tried again in {}",
              provider.code(), day, interval, e);
        }
      }
    }
    return made;
  }

  private void tell(ReconciliationReport report) {
    try {
      onReport.accept(report);
    } catch (RuntimeException e) {
      log.warn("reconciliation report listener failed", e);
    }
  }

  /** Starts passes every interval on a daemon thread. Idempotent. */
  public ReconcileJob start() {
    passes.start();
    return this;
  }

  /** Stops the passes, letting a running one finish (up to 60 s). */
  public void stop() {
    passes.stop();
  }

  @Override
  public void close() {
    stop();
  }

  /** Configures a {@link ReconcileJob}; get one from {@link Reconciler#job()}. */
  public static final class Builder {
    private final Reconciler reconciler;
    private final UniPay engine;
    private Set<Provider> providers;
    private LocalTime notBefore = LocalTime.of(10, 0);
    private Duration interval = Duration.ofMinutes(30);
    private int catchUpDays = 3;
    private Consumer<ReconciliationReport> onReport = report -> {};

    Builder(Reconciler reconciler, UniPay engine) {
      this.reconciler = reconciler;
      this.engine = engine;
    }

    /** The providers to reconcile; default every configured one (those without bills skipped). */
    public Builder providers(Set<Provider> providers) {
      requireNonNull(providers, "providers == null");
      for (Provider p : providers) engine.client(p);
      this.providers = Set.copyOf(providers);
      return this;
    }

    /**
     * The time of day (Asia/Shanghai) after which yesterday's bills are asked for; default 10:00
     * (the providers generate them in the morning: Alipay around 09:00). Earlier asks would only
     * get {@code BILL_NOT_READY}.
     */
    public Builder notBefore(LocalTime time) {
      this.notBefore = requireNonNull(time, "time == null");
      return this;
    }

    /** Delay between passes once started; default 30 minutes. */
    public Builder interval(Duration interval) {
      requireNonNull(interval, "interval == null");
      if (interval.compareTo(Duration.ofSeconds(1)) < 0) throw UniPayException.invalid("interval must be ≥ 1 s");
      this.interval = interval;
      return this;
    }

    /** How many past days (yesterday = 1) each pass makes sure are reconciled; default 3. */
    public Builder catchUpDays(int days) {
      if (days < 1 || days > 90) throw UniPayException.invalid("catchUpDays must be 1..90");
      this.catchUpDays = days;
      return this;
    }

    /** Told about every report a pass makes (e.g. to alert on discrepancies). */
    public Builder onReport(Consumer<ReconciliationReport> listener) {
      this.onReport = requireNonNull(listener, "listener == null");
      return this;
    }

    public ReconcileJob build() {
      return new ReconcileJob(this);
    }
  }
}
