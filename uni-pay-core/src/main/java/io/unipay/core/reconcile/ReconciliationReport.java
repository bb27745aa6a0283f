package io.unipay.core.reconcile;

import static java.util.Objects.requireNonNull;

import io.unipay.core.order.Provider;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The result of reconciling one provider's day: both sides' totals, how many discrepancies of
 * each type were found and repaired, and the first of them (a day with very many is paged with
 * {@code Reconciler.discrepancies}). Stored, so a day is reconciled once; a re-run returns the
 * stored report unless forced.
 *
 * @param provider the provider
 * @param day the bill's day (the provider's calendar day, Asia/Shanghai)
 * @param run which run of the day produced it (1 for the first; a forced re-run counts up)
 * @param bill whether the provider had a bill
 * @param providerTotals the bill's totals
 * @param localTotals the local totals of the day
 * @param counts the number of discrepancies of each type (every type present, zero when none)
 * @param repaired how many discrepancies were repaired through the engine's paths
 * @param confirmedByQuery local payments and refunds near the day boundary that the bill lacks
 *     but the provider's active query confirmed (booked on the neighbouring day): not reported
 * @param startedAt when the run started
 * @param finishedAt when it finished
 * @param discrepancies the first discrepancies, in the order found (at most the reconciler's
 *     report limit)
 */
public record ReconciliationReport(
    Provider provider,
    LocalDate day,
    int run,
    BillState bill,
    ProviderTotals providerTotals,
    LocalTotals localTotals,
    Map<DiscrepancyType, Long> counts,
    long repaired,
    long confirmedByQuery,
    Instant startedAt,
    Instant finishedAt,
    List<Discrepancy> discrepancies) {

  public ReconciliationReport {
    requireNonNull(provider, "provider == null");
    requireNonNull(day, "day == null");
    requireNonNull(bill, "bill == null");
    requireNonNull(providerTotals, "providerTotals == null");
    requireNonNull(localTotals, "localTotals == null");
    requireNonNull(counts, "counts == null");
    requireNonNull(startedAt, "startedAt == null");
    requireNonNull(finishedAt, "finishedAt == null");
    Map<DiscrepancyType, Long> all = new EnumMap<>(DiscrepancyType.class);
    for (DiscrepancyType type : DiscrepancyType.values()) {
      all.put(type, counts.getOrDefault(type, 0L));
    }
    counts = Map.copyOf(all);
    discrepancies = discrepancies == null ? List.of() : List.copyOf(discrepancies);
  }

  /** The number of discrepancies of one type. */
  public long count(DiscrepancyType type) {
    return counts.get(type);
  }

  /** The number of discrepancies of every type. */
  public long discrepancyCount() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Whether both sides agree: no discrepancy at all. */
  public boolean isClean() {
    return discrepancyCount() == 0;
  }

  /** Whether there are more discrepancies than {@link #discrepancies()} holds. */
  public boolean hasMore() {
    return discrepancyCount() > discrepancies.size();
  }

  /** A copy holding {@code first} as its discrepancies. */
  public ReconciliationReport withDiscrepancies(List<Discrepancy> first) {
    return new ReconciliationReport(
        provider, day, run, bill, providerTotals, localTotals, counts, repaired, confirmedByQuery,
        startedAt, finishedAt, first);
  }

  @Override
  public String toString() {
    return "ReconciliationReport{" + provider.code() + " " + day + ", run " + run + ", bill "
        + bill + ", provider " + providerTotals + ", local " + localTotals + ", "
        + discrepancyCount() + " discrepancies (" + repaired + " repaired)}";
  }
}
