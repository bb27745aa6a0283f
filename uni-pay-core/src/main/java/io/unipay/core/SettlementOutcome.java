package io.unipay.core;

/** What the settlement of one verified provider result did. */
public enum SettlementOutcome {
  /** The order moved 0 → 1 and the handler ran. */
  SETTLED,
  /** The order was already paid (duplicate or concurrent notification); nothing ran again. */
  ALREADY_SETTLED,
  /** A closed order was paid after all (-1 → 1, flagged); the handler ran with lateAfterClose. */
  SETTLED_AFTER_CLOSE,
  /** A second payment for an already-paid business order: recorded and flagged, no handler. */
  DUPLICATE_PAYMENT,
  /**
   * The provider reports the trade paid and already refunded before the engine saw the payment:
   * recorded as PAID, flagged {@code REFUNDED_AT_PROVIDER}, the handler did not run; the ledger
   * lists it for an operator.
   */
  REFUNDED_AT_PROVIDER,
  /** The trade is not paid at the provider; nothing changed. */
  NOT_PAID,
  /**
   * The verified result does not fit the stored order (unknown order, amount or ids differ, paid
   * with another transaction): nothing changed, the fact is kept in the ledger as unmatched, and
   * the provider is asked to deliver it again (a redelivery after the data is fixed settles it).
   */
  REJECTED,
  /** The handler threw; everything rolled back and the payment will be delivered again. */
  HANDLER_FAILED,
  /** The order store failed; nothing changed and the payment will be delivered or queried again. */
  STORAGE_FAILED;

  /** Whether the provider should be told the notification was received. */
  public boolean acknowledges() {
    return this != REJECTED && this != HANDLER_FAILED && this != STORAGE_FAILED;
  }

  /** Whether the payment is recorded as PAID after this outcome. */
  public boolean isRecorded() {
    return this == SETTLED || this == ALREADY_SETTLED || this == SETTLED_AFTER_CLOSE
        || this == DUPLICATE_PAYMENT || this == REFUNDED_AT_PROVIDER;
  }
}
