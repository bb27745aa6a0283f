package io.unipay.testkit.wechat;

import java.time.Instant;

/**
 * One line of a simulated trade bill. {@code amount} is the order amount of a payment or the
 * refunded amount of a refund, in fen; {@code fee} is signed (negative: returned on a refund).
 */
record BillLine(
    boolean refund,
    Instant time,
    String appid,
    String transactionId,
    String outTradeNo,
    String openid,
    String tradeType,
    String refundId,
    String outRefundNo,
    String refundStatus,
    long amount,
    long fee,
    String description,
    String attach) {

  /** The fee of {@code fen} at {@code basisPoints}, rounded half up to whole fen. */
  static long fee(long fen, int basisPoints) {
    return (fen * basisPoints + 5_000) / 10_000;
  }
}
