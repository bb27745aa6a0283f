package io.unipay.core.ledger;

/**
 * What the engine did with a provider fact. Outcomes for which {@link #needsAttention()} is true
 * are listed by {@code pay.ledger().unresolved(...)} until a later fact or a replay resolves them.
 */
public enum EventOutcome {
  /** The order moved to PAID and the handler ran. */
  SETTLED(false),
  /** A closed order was paid after all (-1 → 1); the handler ran with {@code lateAfterClose}. */
  SETTLED_AFTER_CLOSE(false),
  /** A second payment of an already-paid business order: recorded, flagged, no handler. */
  DUPLICATE_PAYMENT(false),
  /** The order was already PAID with this very transaction (verified under the lock). */
  ALREADY_SETTLED(false),
  /**
   * The provider reports the trade paid and already refunded before the engine saw the payment:
   * recorded and flagged, the handler did not run. An operator decides what the payer is owed.
   */
  REFUNDED_AT_PROVIDER(true),
  /** A verified payment for an out_trade_no this database does not have. */
  UNMATCHED_UNKNOWN_ORDER(true),
  /** A verified payment whose amount, currency, app id, merchant or provider differ from the order. */
  UNMATCHED_MISMATCH(true),
  /**
   * A verified payment that conflicts with the order's recorded state: it is paid with another
   * transaction, or it changed under the settlement in a way the fact does not explain.
   */
  UNMATCHED_CONFLICT(true),
  /** A verified refund result was applied to the refund it names. */
  REFUND_APPLIED(false),
  /** A verified refund result that the refund already reflected (a redelivery, a later query). */
  REFUND_ALREADY_APPLIED(false),
  /**
   * A verified SUCCESS for a refund the engine had closed: applied again (its amount reserved
   * again) and flagged, so an operator can see that the engine was wrong once.
   */
  REFUND_REOPENED(true),
  /**
   * A verified refund result that cannot be applied: an unknown refund, another order or provider
   * than the stored refund's, another amount, or a SUCCESS whose amount no longer fits.
   */
  REFUND_CONFLICT(true),
  /**
   * The engine's own note: a refund has stayed PROCESSING through the configured number of
   * reconciliation attempts without a definite answer. Its money stays reserved; the sweeper keeps
   * asking; an operator should look.
   */
  REFUND_STUCK(true),
  /**
   * The engine's own finding: reconciliation found a difference between the provider's daily bill
   * and the local records (the fact's provider state names the discrepancy type). Resolved at once
   * when reconciliation repaired it; otherwise an operator looks.
   */
  BILL_DISCREPANCY(true),
  /** A genuine informational notification (e.g. Alipay WAIT_BUYER_PAY); nothing to change. */
  INFORMATIONAL(false),
  /** A genuine notification of an event type the engine does not know: kept and acknowledged. */
  IGNORED_EVENT_TYPE(false),
  /**
   * A verified transfer result moved the transfer it names to the reported status (a final one
   * ran its handler in the same transaction).
   */
  TRANSFER_APPLIED(false),
  /**
   * A verified transfer result that changes nothing: the transfer already had that status or a
   * later one, or the provider does not know it yet shortly after a send.
   */
  TRANSFER_UNCHANGED(false),
  /**
   * A verified transfer result for an out_bill_no this database does not have, or one given in
   * answer to a request about another transfer. No transfer changed.
   */
  TRANSFER_UNMATCHED(true),
  /**
   * A verified transfer result that contradicts the stored transfer: another amount, merchant or
   * provider, another final status than the recorded one, or "no such transfer" for a transfer
   * the provider had acknowledged. Nothing changed; an operator decides.
   */
  TRANSFER_CONFLICT(true),
  /**
   * The engine's own note: a transfer has stayed without a final answer through the configured
   * number of sweeper checks (the provider does not answer, or keeps it processing, e.g. for lack
   * of balance). The sweeper keeps asking; an operator should look.
   */
  TRANSFER_STUCK(true);

  private final boolean needsAttention;

  EventOutcome(boolean needsAttention) {
    this.needsAttention = needsAttention;
  }

  /** Whether an operator must look at facts with this outcome until they are resolved. */
  public boolean needsAttention() {
    return needsAttention;
  }
}
