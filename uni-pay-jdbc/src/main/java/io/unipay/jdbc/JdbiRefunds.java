package io.unipay.jdbc;

import static java.util.Objects.requireNonNull;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.order.Refund;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The refund statements that commit on their own: the atomic reservation against the order, the
 * reads, and the sweeper's schedule. Completion and reopening run in the caller's transaction
 * ({@link JdbiTransaction}).
 */
final class JdbiRefunds {
  // MySQL evaluates SET assignments left to right with the new values: status goes first so that
  // it sees the old refund_fee on every database.
  private static final String RESERVE_REFUND =
      "UPDATE uni_pay_orders SET"
          + " status = CASE WHEN refund_fee + :fee = total_fee THEN 3 ELSE 2 END,"
          + " refund_fee = refund_fee + :fee, refund_count = refund_count + 1, refund_date = :now"
          + " WHERE out_trade_no = :out_trade_no AND status IN (1, 2)"
          + " AND refund_fee + :fee <= total_fee";
  private static final String FIND_REFUND =
      "SELECT "
          + OrderRows.REFUND_COLUMNS
          + " FROM uni_pay_refunds WHERE out_refund_no = :out_refund_no";
  private static final String FIND_REFUNDS =
      "SELECT "
          + OrderRows.REFUND_COLUMNS
          + " FROM uni_pay_refunds WHERE out_trade_no = :out_trade_no"
          + " ORDER BY create_date, out_refund_no";
  private static final String SCHEDULE_REFUND_CHECK =
      "UPDATE uni_pay_refunds SET next_check_at = :next_check_at, check_count = :check_count"
          + " WHERE out_refund_no = :out_refund_no";

  private final Jdbi jdbi;
  private final Dialect dialect;

  JdbiRefunds(Jdbi jdbi, Dialect dialect) {
    this.jdbi = requireNonNull(jdbi, "jdbi == null");
    this.dialect = requireNonNull(dialect, "dialect == null");
  }

  boolean reserve(Refund refund, Instant now) {
    requireNonNull(refund, "refund == null");
    requireNonNull(now, "now == null");
    Checks.refund(refund);
    try {
      return jdbi.inTransaction(
          h -> {
            // The insert goes first so that a repeated out_refund_no is always DUPLICATE_KEY, even
            // when the order could not take the reservation any more.
            OrderRows.bindRefund(h.createUpdate(OrderRows.INSERT_REFUND), refund, dialect)
                .execute();
            int reserved =
                h.createUpdate(RESERVE_REFUND)
                    .bind("fee", refund.refundFee())
                    .bind("now", Times.arg(now))
                    .bind("out_trade_no", refund.outTradeNo())
                    .execute();
            if (reserved != 1) throw new NotReserved(); // rolls the refund row back
            return true;
          });
    } catch (NotReserved e) {
      return false;
    } catch (JdbiException e) {
      if (StorageErrors.isUniqueViolation(e)) {
        throw new UniPayException(
            ErrorCode.DUPLICATE_KEY, "out_refund_no already exists: " + refund.outRefundNo(), e);
      }
      throw StorageErrors.failure("reserve refund " + refund.outRefundNo(), e);
    }
  }

  Optional<Refund> find(String outRefundNo) {
    requireNonNull(outRefundNo, "outRefundNo == null");
    if (!Checks.possible(Checks.OUT_REFUND_NO, outRefundNo)) return Optional.empty();
    return withHandle(
        "find refund " + outRefundNo,
        h ->
            h.createQuery(FIND_REFUND)
                .bind("out_refund_no", outRefundNo)
                .map(OrderRows.REFUND)
                .findOne());
  }

  List<Refund> findAll(String outTradeNo) {
    requireNonNull(outTradeNo, "outTradeNo == null");
    if (!Checks.possible(Checks.OUT_TRADE_NO, outTradeNo)) return List.of();
    return withHandle(
        "find refunds of order " + outTradeNo,
        h ->
            h.createQuery(FIND_REFUNDS)
                .bind("out_trade_no", outTradeNo)
                .map(OrderRows.REFUND)
                .list());
  }

  void scheduleCheck(String outRefundNo, Instant nextCheckAt, int checkCount) {
    Checks.outRefundNo(outRefundNo);
    requireNonNull(nextCheckAt, "nextCheckAt == null");
    withHandle(
        "schedule check of refund " + outRefundNo,
        h ->
            h.createUpdate(SCHEDULE_REFUND_CHECK)
                .bind("next_check_at", Times.arg(nextCheckAt))
                .bind("check_count", checkCount)
                .bind("out_refund_no", outRefundNo)
                .execute());
  }

  private <T> T withHandle(String action, HandleCallback<T, RuntimeException> callback) {
    try {
      return jdbi.withHandle(callback);
    } catch (JdbiException e) {
      throw StorageErrors.failure(action, e);
    }
  }

  /** Rolls back a refund reservation that the order could not take. */
  private static final class NotReserved extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotReserved() {
      super("refund not reserved", null, false, false);
    }
  }
}
