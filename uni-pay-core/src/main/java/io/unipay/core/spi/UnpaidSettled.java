package io.unipay.core.spi;

import static java.util.Objects.requireNonNull;

import io.unipay.core.order.PayOrder;
import java.util.Optional;

/**
 * What {@link OrderRepository.Transaction#settleUnpaid} did.
 *
 * @param before the order as the statement read it, before any change (a committed state, as an
 *     unlocked read gives); empty when there is no such order, or when {@code result} is {@link
 *     Result#HANDLED_ELSEWHERE}
 * @param result what happened
 */
public record UnpaidSettled(Optional<PayOrder> before, Result result) {

  /** What the statement did. */
  public enum Result {
    /** The order is PAID with the facts, and the ledger fact appended. */
    PAID_AND_APPENDED,
    /** The order is PAID with the facts; a fact with the same dedupe key existed. */
    PAID_ALREADY_RECORDED,
    /** Nothing was written: the order is not the common case (see {@link #before}). */
    NOT_PAID,
    /**
     * Another payment order of the same business order ran its handler (concurrently, or the
     * statement's read was older than its commit). Nothing is written and the transaction can only
     * be rolled back; the general path decides.
     */
    HANDLED_ELSEWHERE
  }

  public UnpaidSettled {
    requireNonNull(before, "before == null");
    requireNonNull(result, "result == null");
    if (paid() && before.isEmpty()) {
      throw new IllegalArgumentException("a paid order has a state before: " + result);
    }
  }

  /** Whether this call moved the order to PAID. */
  public boolean paid() {
    return result == Result.PAID_AND_APPENDED || result == Result.PAID_ALREADY_RECORDED;
  }
}
