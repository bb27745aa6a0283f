package io.unipay.core.spi;

import static java.util.Objects.requireNonNull;

import io.unipay.core.order.PayOrder;
import java.util.Optional;

/**
 * A verified payment handed to a {@link NotifyHandler}.
 *
 * @param order the order as recorded, status PAID
 * @param trade the verified provider result that settled it
 * @param source what found the payment: {@code notify}, {@code query} or {@code sweeper}
 * @param lateAfterClose the order had been closed when the payment arrived (the money was still
 *     taken, so the business must decide: deliver, or refund)
 * @param transaction the settlement transaction (use {@link #unwrap} for host SQL)
 */
public record PaidEvent(
    PayOrder order,
    TradeSnapshot trade,
    String source,
    boolean lateAfterClose,
    OrderRepository.Transaction transaction) {

  public PaidEvent {
    requireNonNull(order, "order == null");
    requireNonNull(trade, "trade == null");
    requireNonNull(source, "source == null");
    requireNonNull(transaction, "transaction == null");
  }

  /** The settlement transaction's handle, e.g. {@code org.jdbi.v3.core.Handle}. */
  public <T> T unwrap(Class<T> type) {
    Optional<T> handle = transaction.unwrap(type);
    return handle.orElseThrow(
        () -> new IllegalStateException("the order repository offers no " + type.getName()));
  }
}
