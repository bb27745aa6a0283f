package io.unipay.core.order;

import java.util.Set;

/**
 * Status of a payment order, with uni-pay-co's codes.
 *
 * <pre>
 *   UNPAID(0) ──paid──▶ PAID(1) ──refund──▶ PARTIALLY_REFUNDED(2) ──refund──▶ FULLY_REFUNDED(3)
 *      │                  ▲  │                        ▲
 *      └──close──▶ CLOSED(-1)└──────────refund────────┴──▶ FULLY_REFUNDED(3)
 *                    (late verified payment: CLOSED ─▶ PAID, flagged)
 * </pre>
 *
 * A refund that is finally refused releases its reservation, so 2 may go back to 1 and 3 to 2 or
 * 1; that is bookkeeping of the same payment, not a new state of the money.
 */
public enum OrderStatus {
  CLOSED(-1),
  UNPAID(0),
  PAID(1),
  PARTIALLY_REFUNDED(2),
  FULLY_REFUNDED(3);

  private final int code;

  OrderStatus(int code) {
    this.code = code;
  }

  /** The uni-pay-co status code stored in the database. */
  public int code() {
    return code;
  }

  /** Money was taken for this order (it may since have been refunded in part or in whole). */
  public boolean isPaid() {
    return this == PAID || this == PARTIALLY_REFUNDED || this == FULLY_REFUNDED;
  }

  /** Whether a refund may be requested in this status. */
  public boolean isRefundable() {
    return this == PAID || this == PARTIALLY_REFUNDED;
  }

  /** Whether the state machine allows moving from this status to {@code target}. */
  public boolean canMoveTo(OrderStatus target) {
    return allowedTargets().contains(target);
  }

  private Set<OrderStatus> allowedTargets() {
    switch (this) {
      case UNPAID:
        return Set.of(PAID, CLOSED);
      case CLOSED:
        return Set.of(PAID); // a verified payment that arrived after the close: never dropped
      case PAID:
        return Set.of(PARTIALLY_REFUNDED, FULLY_REFUNDED);
      case PARTIALLY_REFUNDED:
        return Set.of(PARTIALLY_REFUNDED, FULLY_REFUNDED, PAID);
      case FULLY_REFUNDED:
        return Set.of(PARTIALLY_REFUNDED, PAID);
      default:
        throw new AssertionError(this);
    }
  }

  /** The status with this code. */
  public static OrderStatus ofCode(int code) {
    for (OrderStatus status : values()) {
      if (status.code == code) return status;
    }
    throw new IllegalArgumentException("unknown order status code: " + code);
  }
}
