package io.unipay.jdbc;

import static java.util.Objects.requireNonNull;

import io.unipay.core.UniPayException;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.spi.OrderBrowser;
import io.unipay.core.spi.OrderCursor;
import io.unipay.core.spi.OrderFilter;
import io.unipay.core.spi.OrderPage;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;

/**
 * The {@link OrderBrowser} query of {@link JdbiOrderRepository}: one {@code SELECT} with the
 * filter's conditions, the keyset condition after the cursor, {@code ORDER BY create_date DESC,
 * out_trade_no DESC} and {@code LIMIT n + 1} (the extra row tells whether a next page exists).
 * Every value is bound; the SQL text depends only on which criteria are set.
 *
 * <p>There is no dedicated index: the database filters the rows with whatever index fits and
 * sorts the matching ones. That suits an operator console on a table of moderate size; for a large
 * table, an index on {@code (create_date, out_trade_no)} makes every page a short index range
 * scan.
 */
final class JdbiOrderBrowser {
  private final Jdbi jdbi;

  JdbiOrderBrowser(Jdbi jdbi) {
    this.jdbi = requireNonNull(jdbi, "jdbi == null");
  }

  OrderPage browse(OrderFilter filter, OrderCursor after, int limit) {
    requireNonNull(filter, "filter == null");
    if (limit < 1 || limit > OrderBrowser.MAX_PAGE_SIZE) {
      throw UniPayException.invalid(
          "limit must be 1 to " + OrderBrowser.MAX_PAGE_SIZE + ", was " + limit);
    }
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(OrderRows.ORDER_COLUMNS)
            .append(" FROM uni_pay_orders WHERE 1 = 1");
    if (!filter.statuses().isEmpty()) sql.append(" AND status IN (<statuses>)");
    if (filter.provider() != null) sql.append(" AND provider = :provider");
    if (filter.createdFrom() != null) sql.append(" AND create_date >= :created_from");
    if (filter.createdBefore() != null) sql.append(" AND create_date < :created_before");
    if (after != null) {
      sql.append(
          " AND (create_date < :after_date"
              + " OR (create_date = :after_date AND out_trade_no < :after_no))");
    }
    sql.append(" ORDER BY create_date DESC, out_trade_no DESC LIMIT :limit");
    List<PayOrder> rows;
    try {
      rows =
          jdbi.withHandle(
              h -> {
                Query query = h.createQuery(sql.toString()).bind("limit", limit + 1);
                if (!filter.statuses().isEmpty()) {
                  query.bindList(
                      "statuses", filter.statuses().stream().map(OrderStatus::code).toList());
                }
                if (filter.provider() != null) query.bind("provider", filter.provider().code());
                if (filter.createdFrom() != null) {
                  query.bind("created_from", Times.arg(filter.createdFrom()));
                }
                if (filter.createdBefore() != null) {
                  query.bind("created_before", Times.arg(filter.createdBefore()));
                }
                if (after != null) {
                  query
                      .bind("after_date", Times.arg(after.createDate()))
                      .bind("after_no", after.outTradeNo());
                }
                return query.map(OrderRows.ORDER).list();
              });
    } catch (JdbiException e) {
      throw StorageErrors.failure("browse orders", e);
    }
    if (rows.size() <= limit) return new OrderPage(rows, null);
    List<PayOrder> page = rows.subList(0, limit);
    return new OrderPage(page, OrderCursor.after(page.get(limit - 1)));
  }
}
