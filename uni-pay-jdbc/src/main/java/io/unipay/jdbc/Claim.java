package io.unipay.jdbc;

import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Refund;
import java.time.Instant;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * What differs between claiming unpaid orders, unrefunded duplicate payments and PROCESSING refunds for the sweeper: the
 * table, its key, the "still due" condition, and how a claimed row looks once leased.
 */
record Claim<T>(
    String table,
    String keyColumn,
    String columns,
    String dueCondition,
    RowMapper<T> mapper,
    Function<T, String> key,
    BiFunction<T, Instant, T> leased) {

  static final Claim<PayOrder> UNPAID_ORDERS =
      new Claim<>(
          "uni_pay_orders",
          "out_trade_no",
          OrderRows.ORDER_COLUMNS,
          "status = 0",
          OrderRows.ORDER,
          PayOrder::outTradeNo,
          (order, leaseUntil) -> order.toBuilder().nextCheckAt(leaseUntil).build());

  static final Claim<PayOrder> UNREFUNDED_DUPLICATES =
      new Claim<>(
          "uni_pay_orders",
          "out_trade_no",
          OrderRows.ORDER_COLUMNS,
          "status = 1 AND settle_flag = 'DUPLICATE_PAYMENT' AND refund_fee = 0",
          OrderRows.ORDER,
          PayOrder::outTradeNo,
          (order, leaseUntil) -> order.toBuilder().nextCheckAt(leaseUntil).build());

  static final Claim<Refund> PROCESSING_REFUNDS =
      new Claim<>(
          "uni_pay_refunds",
          "out_refund_no",
          OrderRows.REFUND_COLUMNS,
          "status = 'PROCESSING'",
          OrderRows.REFUND,
          Refund::outRefundNo,
          (r, leaseUntil) ->
              new Refund(
                  r.outRefundNo(),
                  r.outTradeNo(),
                  r.refundFee(),
                  r.reason(),
                  r.status(),
                  r.refundId(),
                  r.createDate(),
                  r.successDate(),
                  leaseUntil));

  /** Due rows, most overdue first, at most {@code :limit}; bound: {@code :now}, {@code :limit}. */
  String selectDue() {
    return "SELECT "
        + columns
        + " FROM "
        + table
        + " WHERE "
        + dueCondition
        + " AND next_check_at <= :now ORDER BY next_check_at, "
        + keyColumn
        + " LIMIT :limit";
  }

  /** Leases the locked rows {@code <keys>} until {@code :lease_until}. */
  String leaseAll() {
    return "UPDATE "
        + table
        + " SET next_check_at = :lease_until WHERE "
        + keyColumn
        + " IN (<keys>)";
  }

  /** Leases row {@code :key} only while it is still due at {@code :now}: the row count decides. */
  String leaseIfDue() {
    return "UPDATE "
        + table
        + " SET next_check_at = :lease_until WHERE "
        + keyColumn
        + " = :key AND "
        + dueCondition
        + " AND next_check_at <= :now";
  }
}
