package io.unipay.jdbc;

import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.order.SettlementFlag;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

/** Rows of {@code uni_pay_orders} and {@code uni_pay_refunds}: column lists, binding, mapping. */
final class OrderRows {
  static final String ORDER_COLUMNS =
      "out_trade_no, order_no, type, provider, provider_pay_type, status, total_fee, refund_fee,"
          + " refund_count, currency, description, user_id, openid, client_ip, provider_appid,"
          + " mch_id, transaction_id, user_order_success, custom, original_data, create_date,"
          + " expire_date, pay_date, notify_date, cancel_date, refund_date, next_check_at,"
          + " check_count, settle_flag, final_check_at";

  static final String INSERT_ORDER =
      "INSERT INTO uni_pay_orders ("
          + ORDER_COLUMNS
          + ") VALUES (:out_trade_no, :order_no,"
          + " :type, :provider, :provider_pay_type, :status, :total_fee, :refund_fee,"
          + " :refund_count, :currency, :description, :user_id, :openid, :client_ip,"
          + " :provider_appid, :mch_id, :transaction_id, :user_order_success, :custom,"
          + " :original_data, :create_date, :expire_date, :pay_date, :notify_date, :cancel_date,"
          + " :refund_date, :next_check_at, :check_count, :settle_flag, :final_check_at)";

  static final String REFUND_COLUMNS =
      "out_refund_no, out_trade_no, refund_fee, reason, status, refund_id, create_date,"
          + " success_date, next_check_at, check_count";

  static final String INSERT_REFUND =
      "INSERT INTO uni_pay_refunds ("
          + REFUND_COLUMNS
          + ") VALUES (:out_refund_no,"
          + " :out_trade_no, :refund_fee, :reason, :status, :refund_id, :create_date,"
          + " :success_date, :next_check_at, :check_count)";

  static final RowMapper<PayOrder> ORDER = OrderRows::order;
  static final RowMapper<Refund> REFUND = OrderRows::refund;

  private OrderRows() {}

  /**
   * Binds every column of {@code o}; the values a provider may have supplied (payer id,
   * transaction id, original data) go through {@link Dialect#storable}.
   */
  static <S extends SqlStatement<S>> S bindOrder(S statement, PayOrder o, Dialect dialect) {
    return statement
        .bind("out_trade_no", o.outTradeNo())
        .bind("order_no", o.orderNo())
        .bind("type", o.type())
        .bind("provider", o.provider().code())
        .bind("provider_pay_type", o.payType().code())
        .bind("status", o.status().code())
        .bind("total_fee", o.totalFee())
        .bind("refund_fee", o.refundFee())
        .bind("refund_count", o.refundCount())
        .bind("currency", o.currency())
        .bind("description", o.description())
        .bind("user_id", o.userId())
        .bind("openid", dialect.storable(o.openid()))
        .bind("client_ip", o.clientIp())
        .bind("provider_appid", o.providerAppId())
        .bind("mch_id", o.mchId())
        .bind("transaction_id", dialect.storable(o.transactionId()))
        .bind("user_order_success", o.userOrderSuccess())
        .bind("custom", o.custom())
        .bind("original_data", dialect.storable(o.originalData()))
        .bind("create_date", Times.arg(o.createDate()))
        .bind("expire_date", Times.arg(o.expireDate()))
        .bind("pay_date", Times.arg(o.payDate()))
        .bind("notify_date", Times.arg(o.notifyDate()))
        .bind("cancel_date", Times.arg(o.cancelDate()))
        .bind("refund_date", Times.arg(o.refundDate()))
        .bind("next_check_at", Times.arg(o.nextCheckAt()))
        .bind("check_count", o.checkCount())
        .bind("settle_flag", o.settleFlag().name())
        .bind("final_check_at", Times.arg(o.finalCheckAt()));
  }

  static <S extends SqlStatement<S>> S bindRefund(S statement, Refund r, Dialect dialect) {
    return statement
        .bind("out_refund_no", r.outRefundNo())
        .bind("out_trade_no", r.outTradeNo())
        .bind("refund_fee", r.refundFee())
        .bind("reason", r.reason())
        .bind("status", r.status().name())
        .bind("refund_id", dialect.storable(r.refundId()))
        .bind("create_date", Times.arg(r.createDate()))
        .bind("success_date", Times.arg(r.successDate()))
        .bind("next_check_at", Times.arg(r.nextCheckAt()))
        .bind("check_count", r.checkCount());
  }

  private static PayOrder order(ResultSet rs, StatementContext ctx) throws SQLException {
    return order(rs);
  }

  /** The order on the result set's current row (every column of {@link #ORDER_COLUMNS}). */
  static PayOrder order(ResultSet rs) throws SQLException {
    return orderAt(rs, rs.findColumn("out_trade_no"));
  }

  /**
   * The order on the current row whose {@link #ORDER_COLUMNS} start at column {@code first}, in
   * that order (every SELECT here lists them so): positions, with no lookup by name per column.
   */
  static PayOrder orderAt(ResultSet rs, int first) throws SQLException {
    return PayOrder.builder()
        .outTradeNo(rs.getString(first))
        .orderNo(rs.getString(first + 1))
        .type(rs.getString(first + 2))
        .provider(Provider.ofCode(rs.getString(first + 3)))
        .payType(PayType.ofCode(rs.getString(first + 4)))
        .status(OrderStatus.ofCode(rs.getInt(first + 5)))
        .totalFee(rs.getLong(first + 6))
        .refundFee(rs.getLong(first + 7))
        .refundCount(rs.getInt(first + 8))
        .currency(rs.getString(first + 9))
        .description(rs.getString(first + 10))
        .userId(rs.getString(first + 11))
        .openid(rs.getString(first + 12))
        .clientIp(rs.getString(first + 13))
        .providerAppId(rs.getString(first + 14))
        .mchId(rs.getString(first + 15))
        .transactionId(rs.getString(first + 16))
        .userOrderSuccess(rs.getBoolean(first + 17))
        .custom(rs.getString(first + 18))
        .originalData(rs.getString(first + 19))
        .createDate(Times.read(rs, first + 20))
        .expireDate(Times.read(rs, first + 21))
        .payDate(Times.read(rs, first + 22))
        .notifyDate(Times.read(rs, first + 23))
        .cancelDate(Times.read(rs, first + 24))
        .refundDate(Times.read(rs, first + 25))
        .nextCheckAt(Times.read(rs, first + 26))
        .checkCount(rs.getInt(first + 27))
        .settleFlag(SettlementFlag.valueOf(rs.getString(first + 28)))
        .finalCheckAt(Times.read(rs, first + 29))
        .build();
  }

  private static Refund refund(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Refund(
        rs.getString("out_refund_no"),
        rs.getString("out_trade_no"),
        rs.getLong("refund_fee"),
        rs.getString("reason"),
        RefundStatus.valueOf(rs.getString("status")),
        rs.getString("refund_id"),
        Times.read(rs, "create_date"),
        Times.read(rs, "success_date"),
        Times.read(rs, "next_check_at"),
        rs.getInt("check_count"));
  }
}
