package io.unipay.examples;

import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Refund;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the JSON API shows of the engine's objects: the fields a browser needs, never the raw
 * provider data, the payer's openid or IP.
 */
final class Views {
  private Views() {}

  /** A payment order as its owner (or the admin) sees it. */
  static Map<String, Object> order(PayOrder o) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("outTradeNo", o.outTradeNo());
    out.put("orderNo", o.orderNo());
    out.put("provider", o.provider().code());
    out.put("payType", o.payType().code());
    out.put("status", o.status().code());
    out.put("statusName", o.status().name());
    out.put("totalFee", o.totalFee());
    out.put("refundFee", o.refundFee());
    out.put("transactionId", o.transactionId());
    out.put("payDate", o.payDate() == null ? null : o.payDate().toString());
    out.put("userId", o.userId());
    return out; // never the raw provider data, openid or IP: getOrder is often reachable by users
  }

  static Map<String, Object> refund(Refund refund) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("outRefundNo", refund.outRefundNo());
    out.put("outTradeNo", refund.outTradeNo());
    out.put("status", refund.status());
    out.put("refundFee", refund.refundFee());
    return out;
  }

  /** A ledger fact for the operator: what happened, never the raw provider data or payer id. */
  static Map<String, Object> event(ProviderEvent e) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", e.id());
    out.put("provider", e.provider() == null ? null : e.provider().code());
    out.put("kind", String.valueOf(e.kind()));
    out.put("source", e.source());
    out.put("outTradeNo", e.outTradeNo());
    out.put("outRefundNo", e.outRefundNo());
    out.put("providerId", e.providerId());
    out.put("amount", e.amount());
    out.put("outcome", String.valueOf(e.outcome()));
    out.put("detail", e.detail());
    out.put("receivedAt", e.receivedAt() == null ? null : e.receivedAt().toString());
    out.put("resolvedAt", e.resolvedAt() == null ? null : e.resolvedAt().toString());
    out.put("resolution", e.resolution() == null ? null : e.resolution().toString());
    return out;
  }
}
