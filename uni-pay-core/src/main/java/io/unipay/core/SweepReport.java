package io.unipay.core;

/**
 * What one {@link Sweeper} pass did.
 *
 * @param claimed unpaid orders claimed for a look
 * @param settled payments found by active query and settled (lost notifications recovered)
 * @param closed expired orders closed at the provider and locally
 * @param refundsReconciled PROCESSING refunds that reached a final status
 * @param duplicatesRefunded second payments of already-paid business orders refunded by this pass
 *     (their automatic refund had been refused)
 * @param purged closed orders deleted past the retention
 * @param errors orders or refunds whose provider call failed (retried later with backoff)
 */
public record SweepReport(
    int claimed,
    int settled,
    int closed,
    int refundsReconciled,
    int duplicatesRefunded,
    int purged,
    int errors) {

  @Override
  public String toString() {
    return "claimed=" + claimed + " settled=" + settled + " closed=" + closed
        + " refundsReconciled=" + refundsReconciled + " duplicatesRefunded=" + duplicatesRefunded
        + " purged=" + purged + " errors=" + errors;
  }
}
