package io.unipay.core.reconcile;

import static java.util.Objects.requireNonNull;

import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.Provider;
import java.time.Instant;

/**
 * The columns of a payment order that reconciliation compares (no payer data, no original data).
 *
 * @param outTradeNo the payment order number
 * @param provider the order's provider
 * @param status its status
 * @param totalFee its amount, in fen
 * @param transactionId the provider's transaction id once paid, or null
 * @param payDate the provider's success time once paid, or null
 */
public record LocalPayment(
    String outTradeNo,
    Provider provider,
    OrderStatus status,
    long totalFee,
    String transactionId,
    Instant payDate) {

  public LocalPayment {
    requireNonNull(outTradeNo, "outTradeNo == null");
    requireNonNull(provider, "provider == null");
    requireNonNull(status, "status == null");
  }
}
