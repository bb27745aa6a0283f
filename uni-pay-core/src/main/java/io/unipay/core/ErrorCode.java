package io.unipay.core;

/**
 * Stable error codes of {@link UniPayException}. The names are API: hosts switch on them, log them
 * and map them to their own responses, so a code is never renamed or reused for another meaning.
 */
public enum ErrorCode {
  /** A request field is missing, malformed or out of range; the message names the field. */
  INVALID_ARGUMENT,
  /** The order {@code type} has no registered {@code NotifyHandler}. */
  UNKNOWN_TYPE,
  /** No {@code PayClient} is configured for the provider, or it lacks the pay type. */
  PROVIDER_NOT_CONFIGURED,
  /** The library was built with an invalid configuration (keys, ids, URLs). */
  CONFIGURATION_INVALID,
  /** No payment order with the given out_trade_no / order_no. */
  ORDER_NOT_FOUND,
  /** The business order already has a paid (or refunded) payment. */
  ORDER_ALREADY_PAID,
  /** An unpaid payment for the same order_no exists with a different amount. */
  ORDER_AMOUNT_CONFLICT,
  /** The payment order is closed and cannot be paid through this request. */
  ORDER_CLOSED,
  /** The order is not in a state that allows a refund (unpaid, closed). */
  ORDER_NOT_REFUNDABLE,
  /** The refund would take the refunded sum above the paid amount. */
  REFUND_EXCEEDS_PAID,
  /** No refund with the given out_refund_no. */
  REFUND_NOT_FOUND,
  /** The out_trade_no or out_refund_no already exists (repository uniqueness). */
  DUPLICATE_KEY,
  /** A signature (notification or response) did not verify. */
  SIGNATURE_INVALID,
  /** A notification was refused before any state change (size, timestamp, ids, format). */
  NOTIFY_REJECTED,
  /** A verified provider result disagrees with the stored order (amount, merchant, app id). */
  SETTLEMENT_REJECTED,
  /** The provider answered with a business or request error; see the provider code. */
  PROVIDER_REJECTED,
  /** The provider could not be reached before anything was sent, or asked to retry later. */
  PROVIDER_UNAVAILABLE,
  /** The request was sent but no answer arrived: keep state and reconcile by query later. */
  OUTCOME_UNKNOWN,
  /** The order store failed (connection, constraint, timeout). */
  STORAGE_FAILURE,
  /** A {@code NotifyHandler} threw; the settlement was rolled back and will be retried. */
  HANDLER_FAILED,
  /** The provider has no bill for that day (nothing was traded, or the day is out of range). */
  BILL_NOT_AVAILABLE,
  /** The provider has not generated the day's bill yet; ask again later. */
  BILL_NOT_READY,
  /** A bill failed its hash check, was truncated, or has a header or line that does not parse. */
  BILL_MALFORMED,
  /** No transfer with the given transfer number. */
  TRANSFER_NOT_FOUND,
  /**
   * The transfer cannot be cancelled: it is final, or the provider has not acknowledged it yet (a
   * send whose answer was lost may still land).
   */
  TRANSFER_NOT_CANCELLABLE,
  /** Another application instance is reconciling that provider's day right now; ask again later. */
  RECONCILIATION_IN_PROGRESS
}
