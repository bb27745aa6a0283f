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
   * The engine's own finding about a refund or a transfer it could not reconcile (no provider
   * data).
   */
  ATTENTION,
  /**
   * A transfer's (payout's) result: a send answer, a query, a cancel answer, a notification. Its
   * {@link ProviderEvent#outTradeNo()} holds the transfer's out_bill_no.
   */
  TRANSFER
}
