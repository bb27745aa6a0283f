package io.unipay.examples;

import io.unipay.core.SweepReport;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Refund;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the operator console shows of orders, refunds, timeline entries and sweeper passes. Like
 * {@link Views}: never the raw provider data, the payer's openid or IP.
 */
final class ConsoleViews {
  private ConsoleViews() {}

  /** A row of the orders list. */
  static Map<String, Object> row(PayOrder o) {
    Map<String, Object> out = Views.order(o);
    out.put("createDate", time(o.createDate()));
    return out;
  }

  /** The order's page: everything but provider data and payer details. */
  static Map<String, Object> detail(PayOrder o) {
    Map<String, Object> out = Views.order(o);
    out.put("type", o.type());
    out.put("description", o.description());
    out.put("currency", o.currency());
    out.put("refundCount", o.refundCount());
    out.put("refundable", o.status().isRefundable() ? o.totalFee() - o.refundFee() : 0);
    out.put("createDate", time(o.createDate()));
    out.put("expireDate", time(o.expireDate()));
    out.put("notifyDate", time(o.notifyDate()));
    out.put("cancelDate", time(o.cancelDate()));
    out.put("settleFlag", o.settleFlag().name());
    out.put("handlerRan", o.userOrderSuccess());
    out.put("nextCheckAt", time(o.nextCheckAt()));
    out.put("checkCount", o.checkCount());
    out.put("finalCheckAt", time(o.finalCheckAt()));
    return out;
  }

  static Map<String, Object> refund(Refund r) {
    Map<String, Object> out = Views.refund(r);
    out.put("reason", r.reason());
    out.put("refundId", r.refundId());
    out.put("createDate", time(r.createDate()));
    out.put("successDate", time(r.successDate()));
    return out;
  }

  static Map<String, Object> entry(OrderTimeline.Entry e) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("at", time(e.at()));
    out.put("source", e.source().name().toLowerCase(java.util.Locale.ROOT));
    out.put("what", e.what());
    out.put("detail", e.detail());
    return out;
  }

  static Map<String, Object> pass(SweepHistory.Pass pass) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("finishedAt", time(pass.finishedAt()));
    out.putAll(report(pass.report()));
    return out;
  }

  /** What one pass did, in the sweeper's own counts. */
  static Map<String, Object> report(SweepReport r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("claimed", r.claimed());
    out.put("settled", r.settled());
    out.put("closed", r.closed());
    out.put("finalChecks", r.finalChecks());
    out.put("refundsReconciled", r.refundsReconciled());
    out.put("duplicatesRefunded", r.duplicatesRefunded());
    out.put("purged", r.purged());
    out.put("refundsStuck", r.refundsStuck());
    out.put("errors", r.errors());
    return out;
  }

  static Map<String, Object> failure(SweepHistory.Failure f) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("at", time(f.at()));
    out.put("outTradeNo", f.outTradeNo());
    out.put("error", f.code());
    return out;
  }

  static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
