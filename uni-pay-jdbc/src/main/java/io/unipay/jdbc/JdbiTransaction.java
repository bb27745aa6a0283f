package io.unipay.jdbc;

import static java.util.Objects.requireNonNull;

import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.UnpaidSettled;
import io.unipay.core.spi.UnpaidSettlement;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/** The settlement operations of one database transaction, on the transaction's {@link Handle}. */
final class JdbiTransaction implements OrderRepository.Transaction {
  private static final String LOCK_REFUND =
      "SELECT "
          + OrderRows.REFUND_COLUMNS
          + " FROM uni_pay_refunds WHERE out_refund_no = :out_refund_no FOR UPDATE";

  private static final String COMPLETE_REFUND =
      "UPDATE uni_pay_refunds SET status = :outcome, refund_id = COALESCE(:refund_id, refund_id),"
          + " success_date = :success_date WHERE out_refund_no = :out_refund_no"
          + " AND status = 'PROCESSING'";

  // The refund row is locked by COMPLETE_REFUND just before, so its fee and order are stable.
  // status goes first: MySQL evaluates SET assignments left to right with the new values.
  private static final String REFUND_FEE_OF =
      "(SELECT r.refund_fee FROM uni_pay_refunds r WHERE r.out_refund_no = :out_refund_no)";
  private static final String RELEASE_REFUND =
      "UPDATE uni_pay_orders SET status = CASE WHEN refund_fee = "
          + REFUND_FEE_OF
          + " THEN 1 ELSE 2 END, refund_fee = refund_fee - "
          + REFUND_FEE_OF
          + " WHERE out_trade_no = (SELECT r.out_trade_no FROM uni_pay_refunds r"
          + " WHERE r.out_refund_no = :out_refund_no) AND status IN (2, 3)";

  private static final String RESERVE_AGAIN =
      "UPDATE uni_pay_orders SET"
          + " status = CASE WHEN refund_fee + :fee = total_fee THEN 3 ELSE 2 END,"
          + " refund_fee = refund_fee + :fee"
          + " WHERE out_trade_no = :out_trade_no AND status IN (1, 2)"
          + " AND refund_fee + :fee <= total_fee";

  private static final String REOPEN_REFUND =
      "UPDATE uni_pay_refunds SET status = 'SUCCESS', refund_id = COALESCE(:refund_id, refund_id),"
          + " success_date = :success_date WHERE out_refund_no = :out_refund_no"
          + " AND status = 'CLOSED'";

  private static final Comparator<PayOrder> OLDEST_FIRST =
      Comparator.comparing(PayOrder::createDate).thenComparing(PayOrder::outTradeNo);

  private final Handle handle;
  private final Dialect dialect;
  private final JdbiLedger ledger;
  private final HandledIndex handledIndex;

  JdbiTransaction(Handle handle, Dialect dialect, JdbiLedger ledger, HandledIndex handledIndex) {
    this.handle = requireNonNull(handle, "handle == null");
    this.dialect = requireNonNull(dialect, "dialect == null");
    this.ledger = requireNonNull(ledger, "ledger == null");
    this.handledIndex = requireNonNull(handledIndex, "handledIndex == null");
  }

  @Override
  public List<PayOrder> lockByOrderNo(String orderNo) {
    requireNonNull(orderNo, "orderNo == null");
    if (!Checks.possible(Checks.ORDER_NO, orderNo)) return List.of();
    try {
      // Locked in key order (so that concurrent lockers cannot deadlock), returned oldest first.
      List<PayOrder> orders = SettlementStatements.lockByOrderNo(handle.getConnection(), orderNo);
      orders.sort(OLDEST_FIRST);
      return orders;
    } catch (SQLException e) {
      throw StorageErrors.failure("lock orders of order_no " + orderNo, e);
    }
  }

  @Override
  public boolean markPaid(String outTradeNo, OrderStatus from, OrderRepository.PaidUpdate paid) {
    checkPaid(outTradeNo, from, paid);
    try {
      return SettlementStatements.markPaid(handle.getConnection(), dialect, outTradeNo, from, paid);
    } catch (SQLException e) {
      throw StorageErrors.failure("mark order " + outTradeNo + " paid", e);
    }
  }

  /** On PostgreSQL one statement ({@link SettlementStatements#MARK_PAID_AND_APPEND_POSTGRES}); elsewhere two. */
  @Override
  public OrderRepository.PaidAndRecorded markPaidAndAppend(
      String outTradeNo, OrderStatus from, OrderRepository.PaidUpdate paid, ProviderEvent event) {
    if (dialect != Dialect.POSTGRESQL) {
      return OrderRepository.Transaction.super.markPaidAndAppend(outTradeNo, from, paid, event);
    }
    checkPaid(outTradeNo, from, paid);
    requireNonNull(event, "event == null");
    EventRows.check(event);
    try {
      return SettlementStatements.markPaidAndAppendPostgres(
          handle.getConnection(), dialect, outTradeNo, from, paid, event);
    } catch (SQLException e) {
      throw StorageErrors.failure(
          "mark order " + outTradeNo + " paid with ledger event " + event.dedupeKey(), e);
    }
  }

  /** PostgreSQL only ({@link SettlementStatements#SETTLE_UNPAID_POSTGRES}). */
  @Override
  public UnpaidSettled settleUnpaid(UnpaidSettlement u) {
    requireNonNull(u, "settlement == null");
    if (dialect != Dialect.POSTGRESQL) return OrderRepository.Transaction.super.settleUnpaid(u);
    if (!Checks.possible(Checks.OUT_TRADE_NO, u.outTradeNo())) {
      return new UnpaidSettled(Optional.empty(), UnpaidSettled.Result.NOT_PAID);
    }
    Checks.paid(u.paid());
    EventRows.check(u.event());
    try {
      return SettlementStatements.settleUnpaidPostgres(
          handle.getConnection(), dialect, u, handledIndex);
    } catch (SQLException e) {
      if (StorageErrors.isUniqueViolation(e) && String.valueOf(e.getMessage())
          .contains(SettlementStatements.HANDLED_INDEX)) {
        return new UnpaidSettled(Optional.empty(), UnpaidSettled.Result.HANDLED_ELSEWHERE);
      }
      throw StorageErrors.failure("settle order " + u.outTradeNo(), e);
    }
  }

  private static void checkPaid(String outTradeNo, OrderStatus from, OrderRepository.PaidUpdate p) {
    requireNonNull(from, "from == null");
    requireNonNull(p, "paid == null");
    if (from != OrderStatus.UNPAID && from != OrderStatus.CLOSED) {
      throw new IllegalArgumentException("only UNPAID or CLOSED can become PAID, not " + from);
    }
    Checks.outTradeNo(outTradeNo);
    Checks.paid(p);
  }

  @Override
  public Optional<PayOrder> find(String outTradeNo) {
    requireNonNull(outTradeNo, "outTradeNo == null");
    if (!Checks.possible(Checks.OUT_TRADE_NO, outTradeNo)) return Optional.empty();
    try {
      return SettlementStatements.find(handle.getConnection(), outTradeNo);
    } catch (SQLException e) {
      throw StorageErrors.failure("find order " + outTradeNo, e);
    }
  }

  @Override
  public Optional<Refund> lockRefund(String outRefundNo) {
    requireNonNull(outRefundNo, "outRefundNo == null");
    if (!Checks.possible(Checks.OUT_REFUND_NO, outRefundNo)) return Optional.empty();
    try {
      return handle
          .createQuery(LOCK_REFUND)
          .bind("out_refund_no", outRefundNo)
          .map(OrderRows.REFUND)
          .findOne();
    } catch (JdbiException e) {
      throw StorageErrors.failure("lock refund " + outRefundNo, e);
    }
  }

  @Override
  public boolean completeRefund(
      String outRefundNo, RefundStatus outcome, String refundId, Instant successDate) {
    Checks.refundCompletion(outRefundNo, outcome, refundId);
    try {
      int changed =
          handle
              .createUpdate(COMPLETE_REFUND)
              .bind("outcome", outcome.name())
              .bind("refund_id", dialect.storable(refundId))
              .bind("success_date", Times.arg(successDate))
              .bind("out_refund_no", outRefundNo)
              .execute();
      if (changed != 1) return false;
      if (outcome == RefundStatus.CLOSED) {
        handle.createUpdate(RELEASE_REFUND).bind("out_refund_no", outRefundNo).execute();
      }
      return true;
    } catch (JdbiException e) {
      throw StorageErrors.failure("complete refund " + outRefundNo, e);
    }
  }

  @Override
  public boolean reopenRefund(String outRefundNo, String refundId, Instant successDate) {
    Checks.outRefundNo(outRefundNo);
    Checks.text("refund_id", refundId, 64);
    // Lock the refund first (the order every refund change uses: refund, then order), so that
    // two reopenings of one refund cannot both reserve its amount.
    Optional<Refund> locked = lockRefund(outRefundNo);
    if (locked.isEmpty() || locked.get().status() != RefundStatus.CLOSED) return false;
    Refund refund = locked.get();
    try {
      int reserved =
          handle
              .createUpdate(RESERVE_AGAIN)
              .bind("fee", refund.refundFee())
              .bind("out_trade_no", refund.outTradeNo())
              .execute();
      if (reserved != 1) return false;
      return handle
              .createUpdate(REOPEN_REFUND)
              .bind("refund_id", dialect.storable(refundId))
              .bind("success_date", Times.arg(successDate))
              .bind("out_refund_no", outRefundNo)
              .execute()
          == 1;
    } catch (JdbiException e) {
      throw StorageErrors.failure("reopen refund " + outRefundNo, e);
    }
  }

  @Override
  public boolean appendEvent(ProviderEvent event) {
    return ledger.append(handle, event);
  }

  @Override
  public boolean resolveEvent(String dedupeKey, EventOutcome resolution, Instant at) {
    return ledger.resolve(handle, dedupeKey, resolution, at);
  }

  /** Offers the transaction's {@link Handle} and its JDBC {@link Connection}. */
  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    if (type == Handle.class) return Optional.of(type.cast(handle));
    if (type == Connection.class) return Optional.of(type.cast(handle.getConnection()));
    return Optional.empty();
  }
}
