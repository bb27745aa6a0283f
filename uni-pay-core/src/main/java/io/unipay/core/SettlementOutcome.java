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
  /** The trade is not paid at the provider; nothing changed. */
  NOT_PAID,
  /** The provider result disagrees with the stored order (amount, ids) or the order is unknown. */
  REJECTED,
  /** The handler threw; everything rolled back and the payment will be delivered again. */
  HANDLER_FAILED;

  /** Whether the provider should be told the notification was received. */
  public boolean acknowledges() {
    return this != REJECTED && this != HANDLER_FAILED;
  }
}
