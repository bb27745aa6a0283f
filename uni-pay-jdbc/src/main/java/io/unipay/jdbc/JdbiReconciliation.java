package io.unipay.jdbc;

import static io.unipay.jdbc.ReconciliationRows.*;
import static java.util.Objects.requireNonNull;

import io.unipay.core.bill.BillRow;
import io.unipay.core.order.Provider;
import io.unipay.core.reconcile.DayClaim;
import io.unipay.core.reconcile.Discrepancy;
import io.unipay.core.reconcile.DiscrepancyType;
import io.unipay.core.reconcile.LocalPayment;
import io.unipay.core.reconcile.LocalRefund;
import io.unipay.core.reconcile.ProviderTotals;
import io.unipay.core.reconcile.ReconciliationReport;
import io.unipay.core.reconcile.Remedy;
import io.unipay.core.spi.ReconciliationRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The {@link ReconciliationRepository} of {@link JdbiOrderRepository}: claims and reports in
 * {@code uni_pay_reconciliations}, discrepancies in {@code uni_pay_reconciliation_items}, a run's
 * bill keys in {@code uni_pay_reconciliation_keys} (batch inserts, deleted when the run finishes).
 * Local rows are read by primary key ({@code IN} lists) and in keyset pages on {@code
 * out_trade_no} / {@code out_refund_no} filtered by the day; no index is added to {@code
 * uni_pay_orders} (see the README's benchmark figures for what that costs). Thread-safe.
 */
final class JdbiReconciliation implements ReconciliationRepository {
  private static final Pattern ANY_KEY = Pattern.compile("[^\\u0000]{1,64}");

  private final Jdbi jdbi;
  private final Dialect dialect;
  private final String insertKey;

  JdbiReconciliation(Jdbi jdbi, Dialect dialect) {
    this.jdbi = requireNonNull(jdbi, "jdbi == null");
    this.dialect = requireNonNull(dialect, "dialect == null");
    String columns = " (reconciliation_id, kind, ref_no)";
    String values = " VALUES (:id, :kind, :ref_no)";
    this.insertKey =
        switch (dialect) {
          case POSTGRESQL -> "INSERT INTO uni_pay_reconciliation_keys" + columns + values
              + " ON CONFLICT DO NOTHING";
          case MYSQL -> "INSERT IGNORE INTO uni_pay_reconciliation_keys" + columns + values;
          case H2 -> "MERGE INTO uni_pay_reconciliation_keys" + columns + " KEY" + columns + values;
        };
  }

  @Override
  public Optional<DayClaim> claimDay(
      Provider provider, LocalDate day, String owner, Instant now, Duration lease, boolean force) {
    requireNonNull(provider, "provider == null");
    requireNonNull(day, "day == null");
    Checks.text("owner", requireNonNull(owner, "owner == null"), 64);
    Instant until = now.plus(lease);
    long id = dayId(provider, day);
    return with("claim " + provider.code() + " " + day, h -> {
      int taken =
          h.createUpdate(force ? CLAIM_FORCED : CLAIM)
              .bind("owner", owner)
              .bind("lease_until", Times.arg(until))
              .bind("now", Times.arg(now))
              .bind("id", id)
              .execute();
      if (taken != 1) return Optional.<DayClaim>empty();
      int run = h.createQuery(CLAIMED).bind("id", id).bind("owner", owner).mapTo(Integer.class).one();
      return Optional.of(new DayClaim(id, provider, day, owner, run, truncated(until)));
    });
  }

  /** The day's row id, inserting the row when it does not exist yet. */
  private long dayId(Provider provider, LocalDate day) {
    for (int attempt = 0; ; attempt++) {
      Optional<Long> id =
          with("find " + provider.code() + " " + day, h ->
              h.createQuery(FIND_DAY).bind("provider", provider.code()).bind("day", day.toString())
                  .mapTo(Long.class).findOne());
      if (id.isPresent()) return id.get();
      try {
        jdbi.useHandle(h -> h.createUpdate(INSERT_DAY).bind("provider", provider.code())
            .bind("day", day.toString()).execute());
      } catch (JdbiException e) {
        // Another instance inserted the day first: read its row.
        if (!StorageErrors.isUniqueViolation(e) || attempt > 0) {
          throw StorageErrors.failure("record " + provider.code() + " " + day, e);
        }
      }
    }
  }

  @Override
  public Optional<DayClaim> renewClaim(DayClaim claim, Instant now, Duration lease) {
    Instant until = now.plus(lease);
    int renewed = with("renew " + claim.day(), h ->
        h.createUpdate(RENEW).bind("lease_until", Times.arg(until)).bind("id", claim.id())
            .bind("owner", claim.owner()).execute());
    if (renewed != 1) return Optional.empty();
    return Optional.of(new DayClaim(
        claim.id(), claim.provider(), claim.day(), claim.owner(), claim.run(), truncated(until)));
  }

  @Override
  public void releaseClaim(DayClaim claim, String lastError) {
    String error = lastError == null || lastError.length() <= 512 ? lastError : lastError.substring(0, 512);
    with("release " + claim.day(), h ->
        h.createUpdate(RELEASE).bind("last_error", dialect.storable(error)).bind("id", claim.id())
            .bind("owner", claim.owner()).execute());
  }

  @Override
  public void clearRun(DayClaim claim) {
    deleteKeys(claim);
    with("clear the runs of " + claim.day(), h -> {
      Integer keep = h.createQuery(REPORT_RUN).bind("id", claim.id()).mapTo(Integer.class).one();
      return h.createUpdate(DELETE_OTHER_RUNS).bind("id", claim.id())
          .bind("keep", keep == null ? -1 : keep).execute();
    });
  }

  /**
   * Deletes a run's bill keys. On H2 and MySQL in chunks of their own transactions: one delete
   * of a million rows would hold its undo in memory (H2 runs in the application's heap).
   * PostgreSQL keeps no such undo, and a chunk there would scan the table for each chunk.
   */
  private void deleteKeys(DayClaim claim) {
    if (dialect == Dialect.POSTGRESQL) {
      with("delete the bill keys of " + claim.day(), h ->
          h.createUpdate(DELETE_KEYS).bind("id", claim.id()).execute());
      return;
    }
    String chunk =
        DELETE_KEYS + (dialect == Dialect.H2 ? " FETCH FIRST 10000 ROWS ONLY" : " LIMIT 10000");
    while (with("delete the bill keys of " + claim.day(), h ->
        h.createUpdate(chunk).bind("id", claim.id()).execute()) > 0) {
      // next chunk
    }
  }

  @Override
  public void recordBillKeys(DayClaim claim, BillRow.Kind kind, Collection<String> keys) {
    List<String> storable = storable(keys);
    if (storable.isEmpty()) return;
    with("record bill keys of " + claim.day(), h -> {
      PreparedBatch batch = h.prepareBatch(insertKey);
      for (String key : storable) {
        batch.bind("id", claim.id()).bind("kind", kind(kind)).bind("ref_no", key).add();
      }
      return batch.execute();
    });
  }

  @Override
  public Set<String> billKeysPresent(DayClaim claim, BillRow.Kind kind, Collection<String> keys) {
    List<String> storable = storable(keys);
    if (storable.isEmpty()) return Set.of();
    return with("look up bill keys of " + claim.day(), h ->
        new HashSet<>(h.createQuery(KEYS_PRESENT).bind("id", claim.id()).bind("kind", kind(kind))
            .bindList("keys", storable).mapTo(String.class).list()));
  }

  @Override
  public Map<String, LocalPayment> findPayments(Collection<String> outTradeNos) {
    List<String> keys = outTradeNos.stream().filter(k -> Checks.possible(Checks.OUT_TRADE_NO, k)).distinct().toList();
    if (keys.isEmpty()) return Map.of();
    return with("look up payments", h -> {
      Map<String, LocalPayment> found = new HashMap<>();
      h.createQuery(FIND_PAYMENTS).bindList("keys", keys).map(PAYMENT)
          .forEach(p -> found.put(p.outTradeNo(), p));
      return found;
    });
  }

  @Override
  public Map<String, LocalRefund> findRefunds(Collection<String> outRefundNos) {
    List<String> keys = outRefundNos.stream().filter(k -> Checks.possible(Checks.OUT_REFUND_NO, k)).distinct().toList();
    if (keys.isEmpty()) return Map.of();
    return with("look up refunds", h -> {
      Map<String, LocalRefund> found = new HashMap<>();
      h.createQuery(FIND_REFUNDS).bindList("keys", keys).map(REFUND)
          .forEach(r -> found.put(r.outRefundNo(), r));
      return found;
    });
  }

  @Override
  public List<LocalPayment> paidBetween(
      Provider provider, Instant from, Instant to, String afterOutTradeNo, int limit) {
    Checks.positive("limit", limit);
    return with("scan the day's payments", h ->
        h.createQuery(PAID_BETWEEN).bind("after", afterOutTradeNo == null ? "" : afterOutTradeNo)
            .bind("provider", provider.code()).bind("from", Times.arg(from))
            .bind("to", Times.arg(to)).bind("limit", limit).map(PAYMENT).list());
  }

  @Override
  public List<LocalRefund> refundedBetween(
      Provider provider, Instant from, Instant to, String afterOutRefundNo, int limit) {
    Checks.positive("limit", limit);
    return with("scan the day's refunds", h ->
        h.createQuery(REFUNDED_BETWEEN)
            .bind("after", afterOutRefundNo == null ? "" : afterOutRefundNo)
            .bind("provider", provider.code()).bind("from", Times.arg(from))
            .bind("to", Times.arg(to)).bind("limit", limit).map(REFUND).list());
  }

  @Override
  public void addDiscrepancies(DayClaim claim, List<Discrepancy> found) {
    if (found.isEmpty()) return;
    with("store discrepancies of " + claim.day(), h -> h.inTransaction(tx -> {
      long seq = tx.createQuery(MAX_SEQ).bind("id", claim.id()).bind("run", claim.run())
          .mapTo(Long.class).one();
      PreparedBatch batch = tx.prepareBatch(INSERT_ITEM);
      for (Discrepancy d : found) {
        batch.bind("id", claim.id()).bind("run", claim.run()).bind("seq", ++seq)
            .bind("type", d.type().name()).bind("out_trade_no", dialect.storable(d.outTradeNo()))
            .bind("out_refund_no", dialect.storable(d.outRefundNo()))
            .bind("provider_id", dialect.storable(d.providerId()))
            .bind("provider_amount", d.providerAmount()).bind("local_amount", d.localAmount())
            .bind("occurred_at", Times.arg(d.occurredAt())).bind("remedy", d.remedy().name())
            .bind("detail", dialect.storable(d.detail()))
            .add();
      }
      return batch.execute();
    }));
  }

  @Override
  public boolean finish(DayClaim claim, ReconciliationReport r) {
    ProviderTotals bill = r.providerTotals();
    boolean finished = with("store the report of " + claim.day(), h -> h.inTransaction(tx -> {
      int stored =
          tx.createUpdate(FINISH).bind("run", claim.run()).bind("bill_state", r.bill().name())
              .bind("bill_payments", bill.payments()).bind("bill_payment_total", bill.paymentTotal())
              .bind("bill_refunds", bill.refunds()).bind("bill_refund_total", bill.refundTotal())
              .bind("bill_fees", bill.fees())
              .bind("local_payments", r.localTotals().payments())
              .bind("local_payment_total", r.localTotals().paymentTotal())
              .bind("local_refunds", r.localTotals().refunds())
              .bind("local_refund_total", r.localTotals().refundTotal())
              .bind("confirmed", r.confirmedByQuery())
              .bind("started_at", Times.arg(r.startedAt()))
              .bind("finished_at", Times.arg(r.finishedAt()))
              .bind("id", claim.id()).bind("owner", claim.owner())
              .execute();
      if (stored != 1) return false;
      tx.createUpdate(DELETE_OTHER_RUNS).bind("id", claim.id()).bind("keep", claim.run()).execute();
      return true;
    }));
    // The report is final; the keys are scratch (a crash here leaves them to the day's next run).
    if (finished) deleteKeys(claim);
    return finished;
  }

  @Override
  public Optional<ReconciliationReport> findReport(Provider provider, LocalDate day) {
    return with("read the report of " + provider.code() + " " + day, h -> {
      record Stored(long id, ReconciliationReport report) {}
      Optional<Stored> stored =
          h.createQuery(FIND_REPORT).bind("provider", provider.code()).bind("day", day.toString())
              .map((rs, ctx) -> new Stored(rs.getLong("id"), ReconciliationRows.report(rs, Map.of(), 0)))
              .findOne();
      if (stored.isEmpty()) return Optional.<ReconciliationReport>empty();
      Map<DiscrepancyType, Long> counts = new EnumMap<>(DiscrepancyType.class);
      long repaired = 0;
      for (Map<String, Object> row :
          h.createQuery(COUNTS).bind("id", stored.get().id()).bind("run", stored.get().report().run())
              .mapToMap().list()) {
        long n = ((Number) row.get("n")).longValue();
        counts.merge(DiscrepancyType.valueOf((String) row.get("type")), n, Long::sum);
        if (Remedy.REPAIRED.name().equals(row.get("remedy"))) repaired += n;
      }
      ReconciliationReport r = stored.get().report();
      return Optional.of(new ReconciliationReport(
          r.provider(), r.day(), r.run(), r.bill(), r.providerTotals(), r.localTotals(), counts,
          repaired, r.confirmedByQuery(), r.startedAt(), r.finishedAt(), List.of()));
    });
  }

  @Override
  public List<Discrepancy> discrepancies(Provider provider, LocalDate day, long afterSeq, int limit) {
    Checks.positive("limit", limit);
    return with("read the discrepancies of " + provider.code() + " " + day, h ->
        h.createQuery(ITEMS).bind("provider", provider.code()).bind("day", day.toString())
            .bind("after", afterSeq).bind("limit", limit).map(ITEM).list());
  }

  private static String kind(BillRow.Kind kind) {
    return kind == BillRow.Kind.PAYMENT ? "P" : "R";
  }

  private List<String> storable(Collection<String> keys) {
    return keys.stream().filter(k -> k != null && ANY_KEY.matcher(k).matches()).distinct().toList();
  }

  private static Instant truncated(Instant at) {
    return at.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }

  private <T> T with(String action, HandleCallback<T, RuntimeException> work) {
    try {
      return jdbi.withHandle(work);
    } catch (JdbiException e) {
      throw StorageErrors.failure(action, e);
    }
  }
}
