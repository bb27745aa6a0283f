package io.unipay.jdbc;

import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Refund;
import io.unipay.core.order.SettlementFlag;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * What differs between claiming unpaid orders, closed orders awaiting their final check, unrefunded
 * flagged payments and PROCESSING refunds for the sweeper: the table, its key, the "still due"
 * condition, the column holding the due time (which the lease moves), and how a claimed row looks
 * once leased.
 */
record Claim<T>(
    String table,
    String keyColumn,
    String columns,
    String dueCondition,
    String dueColumn,
    RowMapper<T> mapper,
    Function<T, String> key,
    BiFunction<T, Instant, T> leased) {

  static final Claim<PayOrder> UNPAID_ORDERS =
      new Claim<>(
          "uni_pay_orders",
          "out_trade_no",
          OrderRows.ORDER_COLUMNS,
          "status = 0",
          "next_check_at",
          OrderRows.ORDER,
          PayOrder::outTradeNo,
          (order, leaseUntil) -> order.toBuilder().nextCheckAt(leaseUntil).build());

  static final Claim<PayOrder> CLOSED_WATCH =
      new Claim<>(
          "uni_pay_orders",
          "out_trade_no",
          OrderRows.ORDER_COLUMNS,
          "status = -1",
          "final_check_at",
          OrderRows.ORDER,
          PayOrder::outTradeNo,
          (order, leaseUntil) -> order.toBuilder().finalCheckAt(leaseUntil).build());

  /**
   * PAID orders flagged with one of {@code flags} and nothing refunded or reserved. The flags are
   * enum constant names ([A-Z_]), inlined as literals in a stable order.
   */
  static Claim<PayOrder> unrefundedFlagged(Set<SettlementFlag> flags) {
    if (flags.isEmpty()) throw new IllegalArgumentException("flags is empty");
    if (flags.contains(SettlementFlag.NONE)) throw new IllegalArgumentException("flag NONE");
    String names =
        flags.stream()
            .sorted()
            .map(flag -> "'" + flag.name() + "'")
            .collect(Collectors.joining(", "));
    return new Claim<>(
        "uni_pay_orders",
        "out_trade_no",
        OrderRows.ORDER_COLUMNS,
        // "settle_flag <> 'NONE'" repeats the PostgreSQL partial index's predicate.
        "status = 1 AND settle_flag <> 'NONE' AND settle_flag IN (" + names
            + ") AND refund_fee = 0",
        "next_check_at",
        OrderRows.ORDER,
        PayOrder::outTradeNo,
        (order, leaseUntil) -> order.toBuilder().nextCheckAt(leaseUntil).build());
  }

  static final Claim<Refund> PROCESSING_REFUNDS =
      new Claim<>(
          "uni_pay_refunds",
          "out_refund_no",
          OrderRows.REFUND_COLUMNS,
          "status = 'PROCESSING'",
          "next_check_at",
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
                  leaseUntil,
                  r.checkCount()));

  /** Due rows, most overdue first, at most {@code :limit}; bound: {@code :now}, {@code :limit}. */
  String selectDue() {
    return "SELECT "
        + columns
        + " FROM "
        + table
        + " WHERE "
        + dueCondition
        + " AND "
        + dueColumn
        + " <= :now ORDER BY "
        + dueColumn
        + ", "
        + keyColumn
        + " LIMIT :limit";
  }

  /** Leases the locked rows {@code <keys>} until {@code :lease_until}. */
  String leaseAll() {
    return "UPDATE "
        + table
        + " SET "
        + dueColumn
        + " = :lease_until WHERE "
        + keyColumn
        + " IN (<keys>)";
  }

  /** Leases row {@code :key} only while it is still due at {@code :now}: the row count decides. */
  String leaseIfDue() {
    return "UPDATE "
        + table
        + " SET "
        + dueColumn
        + " = :lease_until WHERE "
        + keyColumn
        + " = :key AND "
        + dueCondition
        + " AND "
        + dueColumn
        + " <= :now";
  }
}
