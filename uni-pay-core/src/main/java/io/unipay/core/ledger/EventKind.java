package io.unipay.core.ledger;

/** What a provider fact in the ledger is about. */
public enum EventKind {
  /** A trade's payment state (notification, query, sweeper, replay). */
  PAYMENT,
  /** A refund's result (refund answer, refund query, refund notification). */
  REFUND,
  /** A genuine notification that changes no state: informational or of an unknown kind. */
  NOTICE,
  /**
   * The engine's own finding (no provider data): a refund it could not reconcile, or a difference
   * between a provider's bill and the local records.
   */
  ATTENTION
}
