package io.unipay.core.spi;

import static java.util.Objects.requireNonNull;

import io.unipay.core.order.PayOrder;
import java.util.List;

/**
 * One page of an {@link OrderBrowser}: the orders, newest first, and where the next page starts.
 *
 * @param orders the orders of this page, newest first (at most the limit asked for)
 * @param next the cursor for the next page, or null when no order follows this page
 */
public record OrderPage(List<PayOrder> orders, OrderCursor next) {

  public OrderPage {
    orders = List.copyOf(requireNonNull(orders, "orders == null"));
  }

  /** Whether more orders follow this page. */
  public boolean hasNext() {
    return next != null;
  }
}
