package io.unipay.core.reconcile;

/** What reconciliation did about a discrepancy. */
public enum Remedy {
  /**
   * Repaired through the engine's own paths: the trade or refund was queried at the provider and
   * the verified answer applied by the settlement path or the refund bookkeeping (handlers ran
   * exactly once there). Nothing is ever written from bill data alone.
   */
  REPAIRED,
  /**
   * A repair was attempted and failed for a reason that may pass (provider unreachable, storage
   * failure, the handler threw); the sweeper, a redelivery or a forced re-run tries again.
   */
  REPAIR_FAILED,
  /** Nothing can be repaired automatically: left to a person (the ledger lists it unresolved). */
  LEFT_TO_OPERATOR
}
