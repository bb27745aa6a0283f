package io.unipay.testkit.alipay;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One trade the simulator remembers. Guarded by the simulator's lock. */
final class SimTrade {
  final String outTradeNo;
  final String tradeNo;
  final long totalFen;
  final String subject;
  final String method;
  final String notifyUrl;
  final Instant createdAt;
  final Instant expireAt;
  String buyerId;
  String status = "WAIT_BUYER_PAY";
  /** A precreate trade exists at Alipay only once its QR code is scanned. */
  boolean visible;
  Instant paidAt;
  long refundedFen;
  final Map<String, SimRefund> refunds = new LinkedHashMap<>();

  SimTrade(
      String outTradeNo,
      String tradeNo,
      long totalFen,
      String subject,
      String method,
      String notifyUrl,
      Instant createdAt,
      Instant expireAt,
      String buyerId,
      boolean visible) {
    this.outTradeNo = outTradeNo;
    this.tradeNo = tradeNo;
    this.totalFen = totalFen;
    this.subject = subject;
    this.method = method;
    this.notifyUrl = notifyUrl;
    this.createdAt = createdAt;
    this.expireAt = expireAt;
    this.buyerId = buyerId;
    this.visible = visible;
  }

  boolean isPaid() {
    return paidAt != null;
  }

  static final class SimRefund {
    final String outRequestNo;
    final long fen;
    final Instant at;
    boolean settled;

    SimRefund(String outRequestNo, long fen, Instant at, boolean settled) {
      this.outRequestNo = outRequestNo;
      this.fen = fen;
      this.at = at;
      this.settled = settled;
    }
  }
}
