package io.unipay.core;

/**
 * What one {@link Sweeper} pass did.
 *
 * @param claimed unpaid orders claimed for a look
 * @param settled payments found by active query and settled (lost notifications recovered)
 * @param closed expired orders closed at the provider and locally
 * @param finalChecks closed orders the provider did not know before expiry, checked once more
 * @param refundsReconciled PROCESSING refunds that reached a final status
 * @param duplicatesRefunded flagged payments (duplicates; late after close when that policy is on)
 *     refunded by this pass because their automatic refund had been refused
 * @param purged closed orders deleted past the retention
 * @param refundsStuck refunds raised to the operator by this pass (still PROCESSING after the
 *     configured number of attempts)
 * @param errors orders, refunds or transfers whose provider call failed (retried later with
 *     backoff)
 * @param transfersChecked transfers that are not final, asked about (a provider answer came)
 * @param transfersFinished transfers that reached a final status in this pass (handler ran)
 * @param transfersResent transfers the provider verifiably did not know, sent again with the same
 *     out_bill_no
 * @param transfersStuck transfers raised to the operator by this pass
 */
public record SweepReport(
    int claimed,
    int settled,
    int closed,
    int finalChecks,
    int refundsReconciled,
    int duplicatesRefunded,
    int purged,
    int refundsStuck,
    int errors,
    int transfersChecked,
    int transfersFinished,
    int transfersResent,
    int transfersStuck) {

  /** A report of a pass without transfers. */
  public SweepReport(
      int claimed, int settled, int closed, int finalChecks, int refundsReconciled,
      int duplicatesRefunded, int purged, int refundsStuck, int errors) {
    this(claimed, settled, closed, finalChecks, refundsReconciled, duplicatesRefunded, purged,
        refundsStuck, errors, 0, 0, 0, 0);
  }

  @Override
  public String toString() {
    return "claimed=" + claimed + " settled=" + settled + " closed=" + closed
        + " finalChecks=" + finalChecks + " refundsReconciled=" + refundsReconciled
        + " duplicatesRefunded=" + duplicatesRefunded + " purged=" + purged
        + " refundsStuck=" + refundsStuck + " errors=" + errors
        + " transfersChecked=" + transfersChecked + " transfersFinished=" + transfersFinished
        + " transfersResent=" + transfersResent + " transfersStuck=" + transfersStuck;
  }
}
