package io.unipay.core.spi;

import static java.util.Objects.requireNonNull;

import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Refund;
import java.util.Optional;

/**
 * A refund that reached SUCCESS, handed to a {@link NotifyHandler} inside the transaction that
 * records it.
 *
 * @param order the refunded payment order, after the refund
 * @param refund the refund
 * @param paymentHandled whether {@link NotifyHandler#onPaid} ran for this payment order (false
 *     for a duplicate payment or one refunded at the provider before it was settled): only then
 *     did this payment grant anything that a refund could take back
 * @param transaction the refund's transaction (use {@link #unwrap} for host SQL)
 */
public record RefundEvent(
    PayOrder order, Refund refund, boolean paymentHandled, OrderRepository.Transaction transaction) {

  public RefundEvent {
    requireNonNull(order, "order == null");
    requireNonNull(refund, "refund == null");
    requireNonNull(transaction, "transaction == null");
  }

  /** The refund transaction's handle, e.g. {@code org.jdbi.v3.core.Handle}. */
  public <T> T unwrap(Class<T> type) {
    Optional<T> handle = transaction.unwrap(type);
    return handle.orElseThrow(
        () -> new IllegalStateException("the order repository offers no " + type.getName()));
  }
}
