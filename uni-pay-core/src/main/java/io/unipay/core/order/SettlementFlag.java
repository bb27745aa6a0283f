package io.unipay.core.order;

/** Marks a payment that was settled outside the normal 0 → 1 path, so it stays visible. */
public enum SettlementFlag {
  /** Nothing special. */
  NONE,
  /** A verified payment arrived after the order was closed (-1 → 1). */
  LATE_AFTER_CLOSE,
  /**
   * The business order ({@code order_no}) was already paid through another payment order: this
   * payment is a second one (e.g. the user paid by WeChat and then by Alipay). The handler does not
   * run; the money is refunded when the policy says so.
   */
  DUPLICATE_PAYMENT,
  /**
   * The provider reported the trade as paid and already refunded (in part or whole) before the
   * engine saw the payment — e.g. a lost notification and a refund from the merchant console. The
   * money went back, so the handler does not run; the ledger keeps the fact for an operator.
   */
  REFUNDED_AT_PROVIDER
}
