package io.unipay.testkit.alipay;

import java.time.Instant;

/**
 * One line of a simulated Alipay trade bill: {@code amount} in fen, positive for both kinds (the
 * file writes refunds negative); {@code fee} the service fee in fen, charged on a payment,
 * returned on a refund (the file writes {@code -fee} and {@code +fee}).
 */
record AlipayBillLine(
    boolean refund,
    String tradeNo,
    String outTradeNo,
    String subject,
    Instant createdAt,
    Instant doneAt,
    long amount,
    long fee,
    String requestNo) {

  /** The fee of {@code fen} at {@code basisPoints}, rounded half up to whole fen. */
  static long fee(long fen, int basisPoints) {
    return (fen * basisPoints + 5_000) / 10_000;
  }
}
