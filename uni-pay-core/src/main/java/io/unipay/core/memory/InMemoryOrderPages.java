package io.unipay.core.memory;

import static java.util.Objects.requireNonNull;

import io.unipay.core.UniPayException;
import io.unipay.core.order.PayOrder;
import io.unipay.core.spi.OrderBrowser;
import io.unipay.core.spi.OrderCursor;
import io.unipay.core.spi.OrderFilter;
import io.unipay.core.spi.OrderPage;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * {@link OrderBrowser} paging over orders held in memory: filter, newest first ({@code
 * create_date}, then {@code out_trade_no}, both descending), keyset after the cursor. A linear
 * scan per page, which is what a test double needs.
 */
final class InMemoryOrderPages {
  private static final Comparator<PayOrder> NEWEST_FIRST =
      Comparator.comparing(PayOrder::createDate)
          .thenComparing(PayOrder::outTradeNo)
          .reversed();

  private InMemoryOrderPages() {}

  static OrderPage page(
      Collection<PayOrder> orders, OrderFilter filter, OrderCursor after, int limit) {
    requireNonNull(filter, "filter == null");
    checkLimit(limit);
    List<PayOrder> rows =
        orders.stream()
            .filter(filter::matches)
            .filter(o -> after == null || after.isFollowedBy(o))
            .sorted(NEWEST_FIRST)
            .limit(limit + 1L)
            .toList();
    if (rows.size() <= limit) return new OrderPage(rows, null);
    List<PayOrder> page = rows.subList(0, limit);
    return new OrderPage(page, OrderCursor.after(page.get(limit - 1)));
  }

  static void checkLimit(int limit) {
    if (limit < 1 || limit > OrderBrowser.MAX_PAGE_SIZE) {
      throw UniPayException.invalid(
          "limit must be 1 to " + OrderBrowser.MAX_PAGE_SIZE + ", was " + limit);
    }
  }
}
