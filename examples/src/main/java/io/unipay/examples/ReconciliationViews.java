package io.unipay.examples;

import io.unipay.core.order.Provider;
import io.unipay.core.reconcile.Discrepancy;
import io.unipay.core.reconcile.DiscrepancyType;
import io.unipay.core.reconcile.LocalTotals;
import io.unipay.core.reconcile.ProviderTotals;
import io.unipay.core.reconcile.ReconciliationReport;
import io.unipay.core.reconcile.Remedy;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the operator console shows of a day's reconciliation: the stored report's totals on both
 * sides, its state and counts, and a page of its discrepancies. Amounts are fen (the page shows
 * yuan); an amount a side does not have is null. Ids and details may come from the provider's
 * bill: they are data, which the page writes as text only.
 */
final class ReconciliationViews {
  /** The day has no stored report yet. */
  static final String NOT_RECONCILED = "NOT_RECONCILED";
  /** Both sides agree. */
  static final String CLEAN = "CLEAN";
  /** The report lists discrepancies. */
  static final String DISCREPANCIES = "DISCREPANCIES";

  private ReconciliationViews() {}

  /**
   * The console's answer for one provider's day: the report (null when the day has not been
   * reconciled), one page of its discrepancies and the cursor of the next page (null on the last).
   */
  static Map<String, Object> day(
      Provider provider, LocalDate day, ReconciliationReport report, List<Discrepancy> page,
      Long next) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("provider", provider.code());
    out.put("day", day.toString());
    out.put("state", report == null ? NOT_RECONCILED : report.isClean() ? CLEAN : DISCREPANCIES);
    out.put("report", report == null ? null : report(report));
    out.put("discrepancies", page.stream().map(ReconciliationViews::discrepancy).toList());
    out.put("next", next);
    return out;
  }

  /** The report without its discrepancies (those are paged). */
  static Map<String, Object> report(ReconciliationReport r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("run", r.run());
    out.put("bill", r.bill().name());
    out.put("startedAt", ConsoleViews.time(r.startedAt()));
    out.put("finishedAt", ConsoleViews.time(r.finishedAt()));
    out.put("providerTotals", totals(r.providerTotals()));
    out.put("localTotals", totals(r.localTotals()));
    Map<String, Object> counts = new LinkedHashMap<>();
    for (DiscrepancyType type : DiscrepancyType.values()) counts.put(type.name(), r.count(type));
    out.put("counts", counts);
    out.put("discrepancyCount", r.discrepancyCount());
    out.put("repaired", r.repaired());
    out.put("confirmedByQuery", r.confirmedByQuery());
    return out;
  }

  static Map<String, Object> totals(ProviderTotals t) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("payments", t.payments());
    out.put("paymentTotal", t.paymentTotal());
    out.put("refunds", t.refunds());
    out.put("refundTotal", t.refundTotal());
    out.put("fees", t.fees());
    return out;
  }

  /** The local side has no fees: the key is there, null. */
  static Map<String, Object> totals(LocalTotals t) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("payments", t.payments());
    out.put("paymentTotal", t.paymentTotal());
    out.put("refunds", t.refunds());
    out.put("refundTotal", t.refundTotal());
    out.put("fees", null);
    return out;
  }

  static Map<String, Object> discrepancy(Discrepancy d) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("seq", d.seq());
    out.put("type", d.type().name());
    out.put("outTradeNo", d.outTradeNo());
    out.put("outRefundNo", d.outRefundNo());
    out.put("providerId", d.providerId());
    out.put("providerAmount", d.providerAmount() < 0 ? null : d.providerAmount());
    out.put("localAmount", d.localAmount() < 0 ? null : d.localAmount());
    out.put("occurredAt", ConsoleViews.time(d.occurredAt()));
    out.put("remedy", d.remedy().name());
    out.put("repaired", d.remedy() == Remedy.REPAIRED);
    out.put("detail", d.detail());
    return out;
  }
}
