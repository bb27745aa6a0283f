package io.unipay.core;

/**
 * A refund of a paid order.
 *
 * @param outTradeNo the payment order, or null to use {@code orderNo}
 * @param orderNo the business order (its paid payment order is refunded), or null
 * @param refundFee amount in fen, &gt; 0 and ≤ what is left to refund
 * @param reason shown to the payer, or null
 * @param outRefundNo an idempotency key chosen by the host (≤ 64 chars of [0-9A-Za-z_-]); a
 *     retry with the same key returns the same refund. Null to let the library generate one.
 */
public record RefundRequest(
    String outTradeNo, String orderNo, long refundFee, String reason, String outRefundNo) {

  public RefundRequest {
    if ((outTradeNo == null) == (orderNo == null)) {
      throw UniPayException.invalid("give exactly one of outTradeNo and orderNo");
    }
  }

  /** A refund of {@code refundFee} fen of one payment order. */
  public static RefundRequest of(String outTradeNo, long refundFee, String reason) {
    return new RefundRequest(outTradeNo, null, refundFee, reason, null);
  }

  /** A refund of {@code refundFee} fen of the paid payment of a business order. */
  public static RefundRequest ofOrderNo(String orderNo, long refundFee, String reason) {
    return new RefundRequest(null, orderNo, refundFee, reason, null);
  }

  /** A copy with a host-chosen idempotency key. */
  public RefundRequest withOutRefundNo(String outRefundNo) {
    return new RefundRequest(outTradeNo, orderNo, refundFee, reason, outRefundNo);
  }
}
