package io.unipay.core.reconcile;

/** What differs between a provider's bill and the local records for one payment or refund. */
public enum DiscrepancyType {
  /**
   * The bill has a payment that is not paid locally: the order is unpaid or closed (a lost
   * notification never recovered — repaired by an active query and the settlement path), or it
   * is not there at all (purged, created by another system on the same merchant account — left
   * to a person).
   */
  PAID_AT_PROVIDER_MISSING_LOCALLY,
  /**
   * A payment paid locally on the day is not in the bill (and, near the day boundary, the
   * provider's active query does not confirm it): a status changed by hand, a forged settlement,
   * a trade reversed at the provider. Left to a person.
   */
  PAID_LOCALLY_MISSING_AT_PROVIDER,
  /** The bill's payment amount differs from the order's {@code total_fee}. Left to a person. */
  AMOUNT_MISMATCH,
  /**
   * The bill has a refund that is not successful locally: a refund whose answer was lost (still
   * PROCESSING or closed locally — repaired through the refund path's query), or one made in the
   * provider's console under a number the engine never issued (left to a person).
   */
  REFUND_MISSING_LOCALLY,
  /** A refund successful locally on the day is not in the bill. Left to a person. */
  REFUND_MISSING_AT_PROVIDER,
  /** The bill's refunded amount differs from the local refund's {@code refund_fee}. */
  REFUND_AMOUNT_MISMATCH
}
