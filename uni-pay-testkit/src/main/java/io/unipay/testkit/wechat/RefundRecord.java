package io.unipay.testkit.wechat;

import java.time.Instant;

/** Mutable refund state inside the simulator; guarded by the simulator's lock. */
final class RefundRecord {
  final String outRefundNo;
  final String refundId;
  final Trade trade;
  final long refund;
  final long total;
  final String currency;
  final String reason;
  final String notifyUrl;
  final Instant createTime;
  String status = "PROCESSING";
  Instant successTime;

  RefundRecord(
      String outRefundNo,
      String refundId,
      Trade trade,
      long refund,
      long total,
      String currency,
      String reason,
      String notifyUrl,
      Instant createTime) {
    this.outRefundNo = outRefundNo;
    this.refundId = refundId;
    this.trade = trade;
    this.refund = refund;
    this.total = total;
    this.currency = currency;
    this.reason = reason;
    this.notifyUrl = notifyUrl;
    this.createTime = createTime;
  }

  SimulatedRefund view() {
    return new SimulatedRefund(outRefundNo, trade.outTradeNo, refundId, status, refund, notifyUrl);
  }
}
