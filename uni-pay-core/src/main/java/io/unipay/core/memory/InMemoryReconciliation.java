package io.unipay.core.memory;

import static java.util.Objects.requireNonNull;

import io.unipay.core.bill.BillRow;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Provider;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.reconcile.DayClaim;
import io.unipay.core.reconcile.Discrepancy;
import io.unipay.core.reconcile.DiscrepancyType;
import io.unipay.core.reconcile.LocalPayment;
import io.unipay.core.reconcile.LocalRefund;
import io.unipay.core.reconcile.ReconciliationReport;
import io.unipay.core.reconcile.Remedy;
import io.unipay.core.spi.ReconciliationRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link ReconciliationRepository} of {@link InMemoryOrderRepository}, for tests and demos:
 * the same claims, reports and scans, over the repository's orders and refunds. Its own records
 * are guarded by one monitor; the orders are read under the repository's lock.
 */
final class InMemoryReconciliation implements ReconciliationRepository {
  private final InMemoryOrderRepository orders;
  private final Map<String, Day> days = new HashMap<>();
  private long lastId;

  /** One provider's day: its claim, its last run's bill keys and discrepancies, its report. */
  private static final class Day {
    final long id;
    int run;
    String owner;
    Instant leaseUntil;
    String lastError;
    ReconciliationReport report;
    final Set<String> paymentKeys = new HashSet<>();
    final Set<String> refundKeys = new HashSet<>();
    /** Discrepancies by run: the report's run, and the one in progress. */
    final Map<Integer, List<Discrepancy>> discrepancies = new HashMap<>();

    Day(long id) {
      this.id = id;
    }
  }

  InMemoryReconciliation(InMemoryOrderRepository orders) {
    this.orders = orders;
  }

  private static String key(Provider provider, LocalDate day) {
    return provider.code() + "/" + day;
  }

  @Override
  public synchronized Optional<DayClaim> claimDay(
      Provider provider, LocalDate day, String owner, Instant now, Duration lease, boolean force) {
    requireNonNull(owner, "owner == null");
    Day d = days.computeIfAbsent(key(provider, day), k -> new Day(++lastId));
    boolean held = d.leaseUntil != null && d.leaseUntil.isAfter(now);
    if (held || (d.report != null && !force)) return Optional.empty();
    d.run++;
    d.owner = owner;
    d.leaseUntil = now.plus(lease);
    return Optional.of(new DayClaim(d.id, provider, day, owner, d.run, d.leaseUntil));
  }

  @Override
  public synchronized Optional<DayClaim> renewClaim(DayClaim claim, Instant now, Duration lease) {
    Day d = held(claim);
    if (d == null) return Optional.empty();
    d.leaseUntil = now.plus(lease);
    return Optional.of(
        new DayClaim(d.id, claim.provider(), claim.day(), claim.owner(), claim.run(), d.leaseUntil));
  }

  @Override
  public synchronized void releaseClaim(DayClaim claim, String lastError) {
    Day d = held(claim);
    if (d == null) return;
    d.leaseUntil = null;
    d.owner = null;
    d.lastError = lastError;
  }

  @Override
  public synchronized void clearRun(DayClaim claim) {
    Day d = day(claim);
    d.paymentKeys.clear();
    d.refundKeys.clear();
    d.discrepancies.keySet().removeIf(run -> d.report == null || run != d.report.run());
  }

  @Override
  public synchronized void recordBillKeys(
      DayClaim claim, BillRow.Kind kind, Collection<String> keys) {
    Day d = day(claim);
    (kind == BillRow.Kind.PAYMENT ? d.paymentKeys : d.refundKeys).addAll(keys);
  }

  @Override
  public synchronized Set<String> billKeysPresent(
      DayClaim claim, BillRow.Kind kind, Collection<String> keys) {
    Day d = day(claim);
    Set<String> recorded = kind == BillRow.Kind.PAYMENT ? d.paymentKeys : d.refundKeys;
    Set<String> present = new HashSet<>();
    for (String k : keys) if (recorded.contains(k)) present.add(k);
    return present;
  }

  @Override
  public Map<String, LocalPayment> findPayments(Collection<String> outTradeNos) {
    return orders.read(
        (all, refunds) -> {
          Map<String, LocalPayment> found = new HashMap<>();
          for (String no : outTradeNos) {
            PayOrder o = all.get(no);
            if (o != null) found.put(no, payment(o));
          }
          return found;
        });
  }

  @Override
  public Map<String, LocalRefund> findRefunds(Collection<String> outRefundNos) {
    return orders.read(
        (all, refunds) -> {
          Map<String, LocalRefund> found = new HashMap<>();
          for (String no : outRefundNos) {
            Refund r = refunds.get(no);
            PayOrder o = r == null ? null : all.get(r.outTradeNo());
            if (o != null) found.put(no, refund(r, o.provider()));
          }
          return found;
        });
  }

  @Override
  public List<LocalPayment> paidBetween(
      Provider provider, Instant from, Instant to, String afterOutTradeNo, int limit) {
    return orders.read(
        (all, refunds) ->
            all.values().stream()
                .filter(o -> o.provider() == provider && o.payDate() != null)
                .filter(o -> !o.payDate().isBefore(from) && o.payDate().isBefore(to))
                .filter(o -> afterOutTradeNo == null || o.outTradeNo().compareTo(afterOutTradeNo) > 0)
                .sorted(Comparator.comparing(PayOrder::outTradeNo))
                .limit(limit)
                .map(InMemoryReconciliation::payment)
                .toList());
  }

  @Override
  public List<LocalRefund> refundedBetween(
      Provider provider, Instant from, Instant to, String afterOutRefundNo, int limit) {
    return orders.read(
        (all, refunds) ->
            refunds.values().stream()
                .filter(r -> r.successDate() != null)
                .filter(r -> !r.successDate().isBefore(from) && r.successDate().isBefore(to))
                .filter(r -> afterOutRefundNo == null || r.outRefundNo().compareTo(afterOutRefundNo) > 0)
                .filter(r -> all.containsKey(r.outTradeNo())
                    && all.get(r.outTradeNo()).provider() == provider)
                .sorted(Comparator.comparing(Refund::outRefundNo))
                .limit(limit)
                .map(r -> refund(r, provider))
                .toList());
  }

  @Override
  public synchronized void addDiscrepancies(DayClaim claim, List<Discrepancy> found) {
    List<Discrepancy> run = day(claim).discrepancies.computeIfAbsent(claim.run(), r -> new ArrayList<>());
    for (Discrepancy x : found) run.add(x.withSeq(run.size() + 1));
  }

  @Override
  public synchronized boolean finish(DayClaim claim, ReconciliationReport report) {
    Day d = held(claim);
    if (d == null) return false;
    d.report = report.withDiscrepancies(List.of());
    d.leaseUntil = null;
    d.owner = null;
    d.lastError = null;
    d.paymentKeys.clear();
    d.refundKeys.clear();
    d.discrepancies.keySet().removeIf(run -> run != claim.run());
    return true;
  }

  @Override
  public synchronized Optional<ReconciliationReport> findReport(Provider provider, LocalDate day) {
    Day d = days.get(key(provider, day));
    if (d == null || d.report == null) return Optional.empty();
    Map<DiscrepancyType, Long> counts = new EnumMap<>(DiscrepancyType.class);
    long repaired = 0;
    for (Discrepancy x : d.discrepancies.getOrDefault(d.report.run(), List.of())) {
      counts.merge(x.type(), 1L, Long::sum);
      if (x.remedy() == Remedy.REPAIRED) repaired++;
    }
    ReconciliationReport r = d.report;
    return Optional.of(
        new ReconciliationReport(
            r.provider(), r.day(), r.run(), r.bill(), r.providerTotals(), r.localTotals(), counts,
            repaired, r.confirmedByQuery(), r.startedAt(), r.finishedAt(), List.of()));
  }

  @Override
  public synchronized List<Discrepancy> discrepancies(
      Provider provider, LocalDate day, long afterSeq, int limit) {
    Day d = days.get(key(provider, day));
    if (d == null || d.report == null) return List.of();
    return d.discrepancies.getOrDefault(d.report.run(), List.of()).stream()
        .filter(x -> x.seq() > afterSeq)
        .limit(limit)
        .toList();
  }

  private Day day(DayClaim claim) {
    Day d = days.get(key(claim.provider(), claim.day()));
    if (d == null || d.id != claim.id()) throw new IllegalStateException("no such claim " + claim);
    return d;
  }

  /** The day while {@code claim} still holds it, else null. */
  private Day held(DayClaim claim) {
    Day d = days.get(key(claim.provider(), claim.day()));
    return d != null && d.id == claim.id() && Objects.equals(d.owner, claim.owner()) ? d : null;
  }

  private static LocalPayment payment(PayOrder o) {
    return new LocalPayment(
        o.outTradeNo(), o.provider(), o.status(), o.totalFee(), o.transactionId(), o.payDate());
  }

  private static LocalRefund refund(Refund r, Provider provider) {
    return new LocalRefund(
        r.outRefundNo(), r.outTradeNo(), provider, r.status(), r.refundFee(), r.refundId(),
        r.successDate());
  }
}
