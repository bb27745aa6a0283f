package io.unipay.core.spi;

import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.order.SettlementFlag;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

  /**
   * CAS 0 → -1, setting {@code cancel_date} and {@code final_check_at}. Returns whether this call
   * closed it.
   *
   * @param finalCheckAt when the closed order is queried one last time (design §14.1: the provider
   *     did not know the trade before expiry, so it may still be paid), or null when the close is
   *     final
   */
  boolean markClosed(String outTradeNo, Instant cancelDate, Instant finalCheckAt);

  /**
   * Claims up to {@code limit} closed (-1) orders whose {@code final_check_at <= now}, moving their
   * {@code final_check_at} to {@code now + lease} so no other instance claims them meanwhile.
   */
  List<PayOrder> claimClosedWatchDue(Instant now, Duration lease, int limit);

  /**
   * Sets (or, with null, clears) {@code final_check_at} of a closed order. Changes nothing unless
   * the order is closed (-1).
   */
  void scheduleFinalCheck(String outTradeNo, Instant finalCheckAt);

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
   * CAS PROCESSING → {@code outcome} in a transaction of its own; see {@link
   * Transaction#completeRefund}.
   */
  default boolean completeRefund(
      String outRefundNo, RefundStatus outcome, String refundId, Instant successDate) {
    return inTransaction(tx -> tx.completeRefund(outRefundNo, outcome, refundId, successDate));
  }

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
   * Claims up to {@code limit} PAID (status 1) orders whose {@code settle_flag} is one of {@code
   * flags}, with nothing refunded or reserved ({@code refund_fee = 0}: their automatic refund was
   * refused or never made) and {@code next_check_at <= now}, leasing them like {@link
   * #claimUnpaidDue}. The sweeper refunds them; {@link #scheduleCheck} sets the next try.
   */
  List<PayOrder> claimUnrefundedFlaggedDue(
      Set<SettlementFlag> flags, Instant now, Duration lease, int limit);

  /** Sets when a PROCESSING refund is reconciled next, and how many attempts were made. */
  void scheduleRefundCheck(String outRefundNo, Instant nextCheckAt, int checkCount);

  /**
   * Deletes up to {@code limit} closed (-1) orders that expired before {@code expiredBefore} and
   * have no pending final check ({@code final_check_at} is null). Paid and unpaid orders are never
   * purged. Returns how many rows were deleted.
   */
  int purgeClosed(Instant expiredBefore, int limit);

  // ---------------------------------------------------------------- the ledger (design §13)

  /**
   * Appends a fact in a transaction of its own (for facts that change no state). Returns false,
   * changing nothing, when a fact with the same {@link ProviderEvent#dedupeKey()} exists.
   */
  default boolean appendEvent(ProviderEvent event) {
    return inTransaction(tx -> tx.appendEvent(event));
  }

  /** The fact with this ledger id. */
  Optional<ProviderEvent> findEvent(long id);

  /** The fact with this dedupe key. */
  Optional<ProviderEvent> findEventByKey(String dedupeKey);

  /** Every fact naming this out_trade_no, oldest first (by id). */
  List<ProviderEvent> findEvents(String outTradeNo);

  /**
   * Up to {@code limit} unresolved facts (outcome needing attention, {@code resolved_at} null),
   * oldest first (by id), starting after ledger id {@code afterId} (0 for the first page).
   */
  List<ProviderEvent> unresolvedEvents(long afterId, int limit);

  /**
   * The storage of bill reconciliation ({@link io.unipay.core.Reconciler}) on the same database,
   * or empty when this repository has none (the default).
   */
  default Optional<ReconciliationRepository> reconciliation() {
    return Optional.empty();
  }

  /**
   * Whether {@link Transaction#settleUnpaid} is offered (default false). A repository says true
   * only when it guarantees, without {@link Transaction#lockByOrderNo}, that no two payment orders
   * of one business order both become PAID with {@code user_order_success} (the JDBC repository:
   * on PostgreSQL, with its unique index on the order_no of handled orders in place).
   */
  default boolean settlesUnpaidInOneStatement() {
    return false;
  }

  /** The work a settlement does inside one transaction. */
  interface Transaction {

    /**
     * Every payment order of one business order, locked until the transaction ends, so that two
     * settlements of the same business order run one after the other.
     */
    List<PayOrder> lockByOrderNo(String orderNo);

    /**
     * CAS {@code from} → PAID with the provider's facts, setting {@code user_order_success} to
     * {@link PaidUpdate#handlerRuns()} in the same statement (the handler runs later in this
     * transaction, and its failure rolls the whole transaction back). Returns whether this call
     * won.
     */
    boolean markPaid(String outTradeNo, OrderStatus from, PaidUpdate paid);

    /**
     * {@link #markPaid} and, only when it wins, {@link #appendEvent}{@code (event)}, in this
     * transaction. A repository may send both as one statement where its database allows (the
     * JDBC repository does on PostgreSQL); the default runs one after the other.
     */
    default PaidAndRecorded markPaidAndAppend(
        String outTradeNo, OrderStatus from, PaidUpdate paid, ProviderEvent event) {
      if (!markPaid(outTradeNo, from, paid)) return PaidAndRecorded.LOST;
      return appendEvent(event) ? PaidAndRecorded.APPENDED : PaidAndRecorded.ALREADY_RECORDED;
    }

    /**
     * The common settlement in one statement (see {@link UnpaidSettlement}), offered when {@link
     * #settlesUnpaidInOneStatement()}: reads the order and, only when it is UNPAID, matches the
     * settlement's facts and no other payment order of its business order is paid, CASes it to
     * PAID with {@code s.paid()} and offers {@code s.event()} to the ledger. It takes no lock on
     * the other payment orders, so the repository itself rejects a second handled payment of a
     * business order ({@link UnpaidSettled.Result#HANDLED_ELSEWHERE}). When nothing is paid,
     * nothing is written and no row is locked.
     *
     * @throws UnsupportedOperationException when not offered (the default)
     */
    default UnpaidSettled settleUnpaid(UnpaidSettlement s) {
      throw new UnsupportedOperationException(
          "settleUnpaid is not offered by " + getClass().getName());
    }

    /** The order with this out_trade_no as this transaction sees it (locked where it was). */
    Optional<PayOrder> find(String outTradeNo);

    /** The refund with this out_refund_no, locked until the transaction ends. */
    Optional<Refund> lockRefund(String outRefundNo);

    /**
     * CAS PROCESSING → {@code outcome}. CLOSED releases the reservation (the order's refund sum
     * goes down and its status is recomputed: 1 when nothing stays reserved, else 2 or 3).
     * SUCCESS and ABNORMAL keep it. Returns whether this call made the change.
     */
    boolean completeRefund(
        String outRefundNo, RefundStatus outcome, String refundId, Instant successDate);

    /**
     * CAS CLOSED → SUCCESS for a refund the provider did perform after all (design §14.3):
     * reserves its amount again, only while the order is refundable (1 or 2) and the reserved sum
     * stays ≤ total; the order becomes 2 or 3. Returns false, changing nothing, otherwise.
     */
    boolean reopenRefund(String outRefundNo, String refundId, Instant successDate);

    /**
     * Appends a fact to the ledger in this transaction. Returns false, changing nothing and
     * leaving the transaction usable, when a fact with the same dedupe key exists.
     */
    boolean appendEvent(ProviderEvent event);

    /**
     * Marks the unresolved fact with this dedupe key resolved by {@code resolution} at {@code at}.
     * Returns whether a row changed (false when none is unresolved).
     */
    boolean resolveEvent(String dedupeKey, EventOutcome resolution, Instant at);

    /**
     * The implementation's transaction object, for the host's own SQL in the same transaction:
     * the JDBC repository offers {@code org.jdbi.v3.core.Handle} and {@code java.sql.Connection}.
     */
    <T> Optional<T> unwrap(Class<T> type);
  }

  /** What {@link Transaction#markPaidAndAppend} did. */
  enum PaidAndRecorded {
    /** The CAS lost: nothing changed, no fact was appended. */
    LOST,
    /** The order is PAID and the fact appended. */
    APPENDED,
    /** The order is PAID; a fact with the same dedupe key existed, so none was appended. */
    ALREADY_RECORDED
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
   * @param handlerRuns the host's handler runs in this transaction: the CAS sets {@code
   *     user_order_success} to this value
   */
  record PaidUpdate(
      String transactionId,
      Instant payDate,
      String payerId,
      Instant notifyDate,
      String originalData,
      SettlementFlag flag,
      boolean handlerRuns) {

    /**
     * {@code order} as {@link Transaction#markPaid} leaves it: PAID with these facts (the payer id
     * only replaces the stored one when reported) and {@code user_order_success = handlerRuns}.
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
          .userOrderSuccess(handlerRuns)
          .build();
    }
  }
}
