package io.unipay.core.spi;

import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.order.SettlementFlag;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Persistence of payment orders and refunds. Every state change is a compare-and-set on the
 * current status; the number of rows changed decides the winner, so concurrent callers on several
 * application instances never both win. Implementations are thread-safe.
 *
 * <p>Methods outside {@link #inTransaction} commit on their own. Storage failures are thrown as
 * {@link io.unipay.core.UniPayException} with {@code STORAGE_FAILURE}; a duplicate key as
 * {@code DUPLICATE_KEY}.
 */
public interface OrderRepository {

  /** Inserts a new order (status 0). Throws {@code DUPLICATE_KEY} when out_trade_no exists. */
  void insert(PayOrder order);

  /** The order with this out_trade_no. */
  Optional<PayOrder> find(String outTradeNo);

  /** Every payment order of one business order, oldest first. */
  List<PayOrder> findByOrderNo(String orderNo);

  /** CAS 0 → -1. Returns whether this call closed it. */
  boolean markClosed(String outTradeNo, Instant cancelDate);

  /**
   * Runs {@code work} in one transaction: everything it does through the {@link Transaction},
   * and everything the host does through {@link Transaction#unwrap}, commits or rolls back
   * together. An exception from {@code work} rolls back and is rethrown.
   */
  <T> T inTransaction(Function<Transaction, T> work);

  /**
   * Atomically reserves {@code refund.refundFee()} against the order and records the refund as
   * PROCESSING: succeeds only while the order is refundable (1 or 2) and the reserved sum stays
   * ≤ total. The order becomes 2 (partial) or 3 (full). Returns false, changing nothing, when the
   * reservation is not possible. Throws {@code DUPLICATE_KEY} when out_refund_no exists.
   */
  boolean reserveRefund(Refund refund, Instant now);

  /**
   * CAS PROCESSING → {@code outcome}. CLOSED releases the reservation (the order's refund sum
   * goes down and its status is recomputed). Returns whether this call made the change.
   */
  boolean completeRefund(
      String outRefundNo, RefundStatus outcome, String refundId, Instant successDate);

  /** The refund with this out_refund_no. */
  Optional<Refund> findRefund(String outRefundNo);

  /** Every refund of one payment order, oldest first. */
  List<Refund> findRefunds(String outTradeNo);

  /**
   * Claims up to {@code limit} unpaid orders whose {@code next_check_at <= now}, moving their
   * {@code next_check_at} to {@code now + lease} so no other instance claims them meanwhile.
   */
  List<PayOrder> claimUnpaidDue(Instant now, Duration lease, int limit);

  /** Sets when the sweeper looks at an unpaid order next, and how many checks were made. */
  void scheduleCheck(String outTradeNo, Instant nextCheckAt, int checkCount);

  /** Claims up to {@code limit} PROCESSING refunds due for a query, like {@link #claimUnpaidDue}. */
  List<Refund> claimProcessingRefundsDue(Instant now, Duration lease, int limit);

  /**
   * Claims up to {@code limit} PAID orders flagged {@code DUPLICATE_PAYMENT} with nothing refunded
   * (their automatic refund was refused or never made) whose {@code next_check_at <= now}, leasing
   * them like {@link #claimUnpaidDue}. The sweeper refunds them; {@link #scheduleCheck} sets the
   * next try.
   */
  List<PayOrder> claimUnrefundedDuplicatesDue(Instant now, Duration lease, int limit);

  /** Sets when a PROCESSING refund is queried next. */
  void scheduleRefundCheck(String outRefundNo, Instant nextCheckAt);

  /**
   * Deletes up to {@code limit} closed (-1) orders created before {@code createdBefore}. Paid
   * orders and unpaid ones are never purged. Returns how many rows were deleted.
   */
  int purgeClosed(Instant createdBefore, int limit);

  /** The work a settlement does inside one transaction. */
  interface Transaction {

    /**
     * Every payment order of one business order, locked until the transaction ends, so that two
     * settlements of the same business order run one after the other.
     */
    List<PayOrder> lockByOrderNo(String orderNo);

    /** CAS {@code from} → PAID with the provider's facts. Returns whether this call won. */
    boolean markPaid(String outTradeNo, OrderStatus from, PaidUpdate paid);

    /** Records that the host's handler completed ({@code user_order_success = true}). */
    void markUserOrderSuccess(String outTradeNo);

    /**
     * The implementation's transaction object, for the host's own SQL in the same transaction:
     * the JDBC repository offers {@code org.jdbi.v3.core.Handle} and {@code java.sql.Connection}.
     */
    <T> Optional<T> unwrap(Class<T> type);
  }

  /**
   * The facts a settlement records.
   *
   * @param transactionId the provider's transaction id
   * @param payDate the provider's success time (or the settlement time when not reported)
   * @param payerId the payer's provider-side id, or null
   * @param notifyDate when the settlement happened
   * @param originalData the verified provider data
   * @param flag how it was settled
   */
  record PaidUpdate(
      String transactionId,
      Instant payDate,
      String payerId,
      Instant notifyDate,
      String originalData,
      SettlementFlag flag) {

    /**
     * {@code order} as {@link Transaction#markPaid} leaves it: PAID with these facts (the payer id
     * only replaces the stored one when reported).
     */
    public PayOrder applyTo(PayOrder order) {
      return order.toBuilder()
          .status(OrderStatus.PAID)
          .transactionId(transactionId)
          .payDate(payDate)
          .openid(payerId != null ? payerId : order.openid())
          .notifyDate(notifyDate)
          .originalData(originalData)
          .settleFlag(flag)
          .build();
    }
  }
}
