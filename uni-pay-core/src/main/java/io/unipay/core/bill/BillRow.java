package io.unipay.core.bill;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One trade-bill line: a payment or a refund as the provider settled it. Amounts are exact fen
 * (parsed from the provider's yuan text without floating point).
 *
 * @param kind payment or refund
 * @param time the provider's trade time (payment) or refund time
 * @param appId the app the trade belongs to, or null when the bill does not say
 * @param merchantId the merchant (WeChat mchid / Alipay seller), or null
 * @param transactionId the provider's transaction id (WeChat transaction_id, Alipay trade_no)
 * @param outTradeNo our payment order number
 * @param refundId the provider's refund id (refund lines), else null
 * @param outRefundNo our refund number (refund lines), else null
 * @param amount payment: the order amount; refund: the refunded amount — in fen, ≥ 0
 * @param fee the provider's service fee for this line in fen (negative when returned on a refund)
 * @param status the provider's status text for the line (e.g. SUCCESS, REFUND, REVOKED)
 * @param line the line number in the decompressed file (1-based), for error messages
 */
public record BillRow(
    Kind kind,
    Instant time,
    String appId,
    String merchantId,
    String transactionId,
    String outTradeNo,
    String refundId,
    String outRefundNo,
    long amount,
    long fee,
    String status,
    long line) {

  /** What a bill line records. */
  public enum Kind {
    PAYMENT,
    REFUND
  }

  public BillRow {
    requireNonNull(kind, "kind == null");
    requireNonNull(outTradeNo, "outTradeNo == null");
    if (amount < 0) throw new IllegalArgumentException("amount < 0: " + amount);
    if (kind == Kind.REFUND) requireNonNull(outRefundNo, "outRefundNo == null on a refund line");
  }
}
