package io.unipay.core.spi;

import static java.util.Objects.requireNonNull;

import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Refund;

/**
 * A refund that reached SUCCESS.
 *
 * @param order the refunded payment order, after the refund
 * @param refund the refund
 */
public record RefundEvent(PayOrder order, Refund refund) {
  public RefundEvent {
    requireNonNull(order, "order == null");
    requireNonNull(refund, "refund == null");
  }
}
