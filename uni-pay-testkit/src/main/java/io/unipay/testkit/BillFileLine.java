package io.unipay.testkit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One trade-bill line for {@code WechatBillFiles} / {@code AlipayBillFiles} to write in a
 * provider's format: a payment or a refund, with the amounts in fen.
 *
 * @param refund whether it is a refund line (else a payment)
 * @param time the trade time (payment) or refund time
 * @param transactionId the provider's transaction id (WeChat transaction_id, Alipay trade_no)
 * @param outTradeNo the merchant's order number
 * @param refundId the provider's refund id (WeChat; Alipay's file has none), null on a payment
 * @param outRefundNo the merchant's refund number (Alipay: the 退款批次号), null on a payment
 * @param amount the order amount of a payment or the refunded amount of a refund, in fen, ≥ 0
 * @param fee the provider's service fee in fen: charged on a payment (≥ 0), returned on a refund
 *     (≤ 0)
 */
public record BillFileLine(
    boolean refund,
    Instant time,
    String transactionId,
    String outTradeNo,
    String refundId,
    String outRefundNo,
    long amount,
    long fee) {

  public BillFileLine {
    requireNonNull(time, "time == null");
    requireNonNull(transactionId, "transactionId == null");
    requireNonNull(outTradeNo, "outTradeNo == null");
    if (amount < 0) throw new IllegalArgumentException("amount < 0: " + amount);
    if (refund) {
      requireNonNull(outRefundNo, "outRefundNo == null on a refund line");
      if (fee > 0) throw new IllegalArgumentException("a refund returns its fee: fee > 0");
    } else if (fee < 0) {
      throw new IllegalArgumentException("a payment's fee < 0: " + fee);
    }
  }

  /** A payment line. */
  public static BillFileLine payment(
      Instant time, String transactionId, String outTradeNo, long amount, long fee) {
    return new BillFileLine(false, time, transactionId, outTradeNo, null, null, amount, fee);
  }

  /** A refund line; {@code returnedFee} ≥ 0 is the part of the fee given back. */
  public static BillFileLine refund(
      Instant time, String transactionId, String outTradeNo, String refundId, String outRefundNo,
      long amount, long returnedFee) {
    return new BillFileLine(
        true, time, transactionId, outTradeNo, refundId, outRefundNo, amount, -returnedFee);
  }
}
