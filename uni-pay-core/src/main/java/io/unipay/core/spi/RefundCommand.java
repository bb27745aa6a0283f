package io.unipay.core.spi;

import static java.util.Objects.requireNonNull;

/**
 * A refund the engine asks a {@link PayClient} to make. Retrying with the same
 * {@code outRefundNo} must be idempotent at the provider.
 *
 * @param outTradeNo the paid payment order
 * @param transactionId the provider's transaction id, or null
 * @param outRefundNo the refund number (idempotency key)
 * @param refundFee amount to refund, in fen
 * @param totalFee the order's total amount, in fen
 * @param currency CNY
 * @param reason shown to the payer, or null
 * @param notifyUrl where refund notifications go, or null when the provider has none
 */
public record RefundCommand(
    String outTradeNo,
    String transactionId,
    String outRefundNo,
    long refundFee,
    long totalFee,
    String currency,
    String reason,
    String notifyUrl) {

  public RefundCommand {
    requireNonNull(outTradeNo, "outTradeNo == null");
    requireNonNull(outRefundNo, "outRefundNo == null");
    requireNonNull(currency, "currency == null");
    if (refundFee <= 0) throw new IllegalArgumentException("refundFee <= 0: " + refundFee);
    if (refundFee > totalFee) throw new IllegalArgumentException("refundFee > totalFee");
  }
}
