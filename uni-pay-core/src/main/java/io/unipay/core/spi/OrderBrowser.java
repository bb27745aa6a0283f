package io.unipay.core.spi;

/**
 * Read-only listing of payment orders for people: an operator console, a support tool. The orders
 * that match an {@link OrderFilter}, newest first, one page at a time with a keyset cursor ({@link
 * OrderCursor}), so a deep page costs what the first one does. Implemented next to {@link
 * OrderRepository} by the repositories that ship with the library (JDBC and in-memory); the engine
 * never uses it.
 *
 * <p>The order is {@code create_date} descending, then {@code out_trade_no} descending: a total
 * order, so following {@link OrderPage#next()} never repeats or skips an order whose filtered
 * fields stay unchanged meanwhile. Orders created after the first page appear on a fresh first
 * page, not at the end. An order whose status changes during the paging may move in or out of a
 * status filter.
 *
 * <p>Instants compare at the repository's precision (the JDBC repository keeps microseconds).
 * Thread-safe. Storage failures are thrown as {@code STORAGE_FAILURE}.
 */
public interface OrderBrowser {

  /** The largest page {@link #browse} returns. */
  int MAX_PAGE_SIZE = 500;

  /**
   * Up to {@code limit} orders matching {@code filter} that come after {@code after} in the
   * browsing order (newest first).
   *
   * @param after where the previous page ended ({@link OrderPage#next()}), or null for the first
   *     page
   * @param limit 1 to {@link #MAX_PAGE_SIZE}
   * @throws io.unipay.core.UniPayException {@code INVALID_ARGUMENT} for a limit out of range
   */
  OrderPage browse(OrderFilter filter, OrderCursor after, int limit);

  /** The first page: {@link #browse(OrderFilter, OrderCursor, int) browse(filter, null, limit)}. */
  default OrderPage browse(OrderFilter filter, int limit) {
    return browse(filter, null, limit);
  }
}
