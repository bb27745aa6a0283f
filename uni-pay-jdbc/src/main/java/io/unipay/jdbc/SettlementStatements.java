package io.unipay.jdbc;

import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.SettlementFlag;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.UnpaidSettled;
import io.unipay.core.spi.UnpaidSettlement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The settlement path's statements (the read by out_trade_no, the lock of a business order's
 * payment orders, the CAS and the ledger row, and on PostgreSQL all of them as one) in plain JDBC on the transaction's connection. A
 * settlement runs them on every notification, and Jdbi's per-statement work (a copy of its
 * configuration, a lookup of an argument factory for each of 20–30 parameters, its result
 * machinery) cost more of the client's CPU than the statements' own round trips; the benchmarks
 * README has the figures. The SQL is the same as the Jdbi statements elsewhere in this package
 * (same column lists from {@link OrderRows} and {@link EventRows}), with positional parameters.
 */
final class SettlementStatements {
  static final String FIND =
      "SELECT " + OrderRows.ORDER_COLUMNS + " FROM uni_pay_orders WHERE out_trade_no = ?";

  static final String LOCK_BY_ORDER_NO =
      "SELECT " + OrderRows.ORDER_COLUMNS
          + " FROM uni_pay_orders WHERE order_no = ? ORDER BY out_trade_no FOR UPDATE";

  /** Parameters: the paid columns (see {@link #bindPaid}), then out_trade_no and the from status. */
  static final String MARK_PAID =
      "UPDATE uni_pay_orders SET status = 1, transaction_id = ?, pay_date = ?,"
          + " openid = COALESCE(?, openid), notify_date = ?, original_data = ?, settle_flag = ?,"
          + " user_order_success = ? WHERE out_trade_no = ? AND status = ?";

  private static final int PAID_PARAMETERS = 9;

  private static final String EVENT_VALUES =
      Arrays.stream(EventRows.INSERT_COLUMNS.split(","))
          .map(c -> "?")
          .collect(Collectors.joining(", ", " VALUES (", ")"));

  static final String APPEND =
      "INSERT INTO uni_pay_events (" + EventRows.INSERT_COLUMNS + ")" + EVENT_VALUES;

  static final String APPEND_UNLESS_PRESENT = APPEND + " ON CONFLICT (dedupe_key) DO NOTHING";

  /**
   * PostgreSQL: the CAS and the ledger row in one data-modifying statement. The insert reads the
   * CAS's RETURNING rows, so it adds a row only when the CAS won; {@code ON CONFLICT DO NOTHING}
   * keeps a recorded fact from aborting the transaction. Parameters: those of {@link #MARK_PAID},
   * then the event's columns.
   */
  static final String MARK_PAID_AND_APPEND_POSTGRES =
      "WITH paid AS ("
          + MARK_PAID
          + " RETURNING out_trade_no), appended AS (INSERT INTO uni_pay_events ("
          + EventRows.INSERT_COLUMNS
          + ") SELECT "
          + postgresSelectList()
          + " FROM paid ON CONFLICT (dedupe_key) DO NOTHING RETURNING id)"
          + " SELECT (SELECT COUNT(*) FROM paid) AS paid,"
          + " (SELECT COUNT(*) FROM appended) AS appended";

  /** The unique index that lets {@link #SETTLE_UNPAID_POSTGRES} go without the sibling lock. */
  static final String HANDLED_INDEX = "ux_uni_pay_orders_handled";

  /** A row when {@link #HANDLED_INDEX} is a valid unique index of uni_pay_orders, else none. */
  private static final String HANDLED_INDEX_USABLE =
      "SELECT 1 FROM pg_index WHERE indexrelid = to_regclass('" + HANDLED_INDEX + "')"
          + " AND indrelid = to_regclass('uni_pay_orders') AND indisunique AND indisvalid";

  /**
   * Whether {@link #HANDLED_INDEX} is a valid unique index on {@code (order_no) WHERE
   * user_order_success} of the {@code uni_pay_orders} this session resolves (the search path
   * decides both, as for every statement here). An index of that name on anything else does not
   * count: the one statement relies on exactly this one.
   */
  static final String HANDLED_INDEX_PRESENT =
      "SELECT COUNT(*) FROM (" + HANDLED_INDEX_USABLE
          + " AND pg_get_indexdef(indexrelid) LIKE '%(order_no) WHERE user_order_success') i";

  /**
   * PostgreSQL: the common settlement in one statement (issue 19). {@code cur} reads the order as
   * committed before the statement; {@code paid} is the CAS UNPAID → PAID, only when the order
   * matches the trade (provider, total, exact currency, app and merchant when reported) and no
   * other payment order of its business order is paid; {@code appended} is the ledger row, only
   * when the CAS won. The NOT EXISTS reads the statement's snapshot, so it alone cannot stop two
   * concurrent payments of one business order: {@link #HANDLED_INDEX} (unique on order_no where
   * user_order_success) does. The later of the two waits for the earlier's commit and fails with
   * SQLState 23505. {@code guard} makes sure of that index on every statement, not only once per
   * repository: were it dropped while the application runs, the CAS matches nothing and {@code
   * guarded} is 0, so the settlement goes the general way (the lock). A duplicate (the order
   * already PAID) matches nothing: no row written, no row locked. Parameters: out_trade_no; the
   * paid columns; out_trade_no, provider, total, currency, app id twice, merchant twice; the
   * event's columns.
   */
  static final String SETTLE_UNPAID_POSTGRES =
      "WITH cur AS (SELECT " + OrderRows.ORDER_COLUMNS
          + " FROM uni_pay_orders WHERE out_trade_no = ?),"
          + " guard AS (" + HANDLED_INDEX_USABLE + "),"
          + " paid AS (UPDATE uni_pay_orders o SET status = 1, transaction_id = ?, pay_date = ?,"
          + " openid = COALESCE(?, o.openid), notify_date = ?, original_data = ?,"
          + " settle_flag = 'NONE', user_order_success = TRUE"
          + " WHERE o.out_trade_no = ? AND o.status = 0 AND o.provider = ? AND o.total_fee = ?"
          + " AND o.currency = ?"
          + " AND (CAST(? AS VARCHAR(64)) IS NULL OR o.provider_appid = ?)"
          + " AND (CAST(? AS VARCHAR(64)) IS NULL OR o.mch_id = ?)"
          + " AND NOT EXISTS (SELECT 1 FROM uni_pay_orders s WHERE s.order_no = o.order_no"
          + " AND s.out_trade_no <> o.out_trade_no AND s.status IN (1, 2, 3))"
          + " AND EXISTS (SELECT 1 FROM guard)"
          + " RETURNING o.out_trade_no),"
          + " appended AS (INSERT INTO uni_pay_events (" + EventRows.INSERT_COLUMNS + ") SELECT "
          + postgresSelectList()
          + " FROM paid ON CONFLICT (dedupe_key) DO NOTHING RETURNING id)"
          + " SELECT cur.*, (SELECT COUNT(*) FROM paid) AS paid_rows,"
          + " (SELECT COUNT(*) FROM appended) AS appended_rows,"
          + " (SELECT COUNT(*) FROM guard) AS guarded FROM cur";

  private static final int SETTLE_UNPAID_PARAMETERS = 14;

  /** How many columns {@link OrderRows#ORDER_COLUMNS} lists (the statements read by position). */
  static final int ORDER_COLUMN_COUNT = OrderRows.ORDER_COLUMNS.split(",").length;

  private SettlementStatements() {}

  static Optional<PayOrder> find(Connection c, String outTradeNo) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(FIND)) {
      s.setString(1, outTradeNo);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(OrderRows.orderAt(rs, 1)) : Optional.empty();
      }
    }
  }

  /** The payment orders of {@code orderNo}, locked in key order. */
  static List<PayOrder> lockByOrderNo(Connection c, String orderNo) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(LOCK_BY_ORDER_NO)) {
      s.setString(1, orderNo);
      try (ResultSet rs = s.executeQuery()) {
        List<PayOrder> orders = new ArrayList<>(2);
        while (rs.next()) orders.add(OrderRows.orderAt(rs, 1));
        return orders;
      }
    }
  }

  static boolean markPaid(
      Connection c, Dialect dialect, String outTradeNo, OrderStatus from,
      OrderRepository.PaidUpdate paid) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(MARK_PAID)) {
      bindPaid(s, dialect, outTradeNo, from, paid);
      return s.executeUpdate() == 1;
    }
  }

  static OrderRepository.PaidAndRecorded markPaidAndAppendPostgres(
      Connection c, Dialect dialect, String outTradeNo, OrderStatus from,
      OrderRepository.PaidUpdate paid, ProviderEvent event) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(MARK_PAID_AND_APPEND_POSTGRES)) {
      bindPaid(s, dialect, outTradeNo, from, paid);
      bindEvent(s, PAID_PARAMETERS + 1, dialect, event);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        if (rs.getLong("paid") == 0) return OrderRepository.PaidAndRecorded.LOST;
        return rs.getLong("appended") == 1
            ? OrderRepository.PaidAndRecorded.APPENDED
            : OrderRepository.PaidAndRecorded.ALREADY_RECORDED;
      }
    }
  }

  /**
   * Runs {@link #SETTLE_UNPAID_POSTGRES}; a lost race on {@link #HANDLED_INDEX} throws. When the
   * statement finds the index gone, it writes nothing and tells {@code index}.
   */
  static UnpaidSettled settleUnpaidPostgres(
      Connection c, Dialect dialect, UnpaidSettlement u, HandledIndex index) throws SQLException {
    OrderRepository.PaidUpdate paid = u.paid();
    try (PreparedStatement s = c.prepareStatement(SETTLE_UNPAID_POSTGRES)) {
      s.setString(1, u.outTradeNo());
      s.setString(2, dialect.storable(paid.transactionId()));
      Times.set(s, 3, paid.payDate());
      s.setString(4, dialect.storable(paid.payerId()));
      Times.set(s, 5, paid.notifyDate());
      s.setString(6, dialect.storable(paid.originalData()));
      s.setString(7, u.outTradeNo());
      s.setString(8, u.provider().code());
      s.setLong(9, u.totalFee());
      s.setString(10, dialect.storable(u.currency()));
      s.setString(11, dialect.storable(u.appId()));
      s.setString(12, dialect.storable(u.appId()));
      s.setString(13, dialect.storable(u.merchantId()));
      s.setString(14, dialect.storable(u.merchantId()));
      bindEvent(s, SETTLE_UNPAID_PARAMETERS + 1, dialect, u.event());
      try (ResultSet rs = s.executeQuery()) {
        // No row: no such order, and then the CAS (on the same snapshot) matched nothing either.
        if (!rs.next()) return new UnpaidSettled(Optional.empty(), UnpaidSettled.Result.NOT_PAID);
        Optional<PayOrder> before = Optional.of(OrderRows.orderAt(rs, 1));
        if (rs.getLong(ORDER_COLUMN_COUNT + 3) == 0) index.lost(); // guarded
        UnpaidSettled.Result result =
            rs.getLong(ORDER_COLUMN_COUNT + 1) == 0 // paid_rows
                ? UnpaidSettled.Result.NOT_PAID
                : rs.getLong(ORDER_COLUMN_COUNT + 2) == 1 // appended_rows
                    ? UnpaidSettled.Result.PAID_AND_APPENDED
                    : UnpaidSettled.Result.PAID_ALREADY_RECORDED;
        return new UnpaidSettled(before, result);
      }
    }
  }

  /** Inserts the event; on PostgreSQL a recorded key inserts nothing instead of failing. */
  static boolean append(Connection c, Dialect dialect, ProviderEvent event) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(dialect == Dialect.POSTGRESQL ? APPEND_UNLESS_PRESENT : APPEND)) {
      bindEvent(s, 1, dialect, event);
      return s.executeUpdate() == 1;
    }
  }

  private static void bindPaid(
      PreparedStatement s, Dialect dialect, String outTradeNo, OrderStatus from,
      OrderRepository.PaidUpdate paid) throws SQLException {
    SettlementFlag flag = paid.flag() != null ? paid.flag() : SettlementFlag.NONE;
    s.setString(1, dialect.storable(paid.transactionId()));
    Times.set(s, 2, paid.payDate());
    s.setString(3, dialect.storable(paid.payerId()));
    Times.set(s, 4, paid.notifyDate());
    s.setString(5, dialect.storable(paid.originalData()));
    s.setString(6, flag.name());
    s.setBoolean(7, paid.handlerRuns());
    s.setString(8, outTradeNo);
    s.setInt(9, from.code());
  }

  /** The event's columns in {@link EventRows#INSERT_COLUMNS} order, from parameter {@code at}. */
  private static void bindEvent(PreparedStatement s, int at, Dialect dialect, ProviderEvent e)
      throws SQLException {
    s.setString(at, dialect.storable(e.dedupeKey()));
    s.setString(at + 1, e.provider().code());
    s.setString(at + 2, e.kind().name());
    s.setString(at + 3, dialect.storable(e.source()));
    s.setString(at + 4, dialect.storable(e.outTradeNo()));
    s.setString(at + 5, dialect.storable(e.outRefundNo()));
    s.setString(at + 6, dialect.storable(e.providerId()));
    s.setLong(at + 7, e.amount());
    s.setString(at + 8, dialect.storable(e.currency()));
    s.setString(at + 9, dialect.storable(e.providerState()));
    s.setString(at + 10, dialect.storable(e.appId()));
    s.setString(at + 11, dialect.storable(e.merchantId()));
    s.setString(at + 12, dialect.storable(e.payerId()));
    Times.set(s, at + 13, e.occurredAt());
    s.setString(at + 14, e.outcome().name());
    s.setString(at + 15, dialect.storable(e.detail()));
    s.setString(at + 16, dialect.storable(e.data()));
    Times.set(s, at + 17, e.receivedAt());
    Times.set(s, at + 18, e.resolvedAt());
    s.setString(at + 19, e.resolution() == null ? null : e.resolution().name());
  }

  /** PostgreSQL's select list of one event row, each parameter cast to its column's type. */
  private static String postgresSelectList() {
    return Arrays.stream(EventRows.INSERT_COLUMNS.split(","))
        .map(String::trim)
        .map(c -> "CAST(? AS " + EventRows.postgresType(c) + ")")
        .collect(Collectors.joining(", "));
  }
}
