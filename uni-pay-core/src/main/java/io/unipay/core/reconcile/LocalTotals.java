package io.unipay.core.reconcile;

/**
 * The day's totals in the local records: payments whose {@code pay_date}, and successful refunds
 * whose {@code success_date}, fall in the provider's calendar day (Asia/Shanghai). A payment the
 * provider books on the neighbouring day (a few seconds across midnight) counts on one side only,
 * so the totals of both sides may differ by such payments while no discrepancy is reported. The
 * local rows are read after the bill pass, so a payment repaired by the run counts here.
 *
 * @param payments number of paid orders of the day
 * @param paymentTotal sum of their {@code total_fee}, in fen
 * @param refunds number of successful refunds of the day
 * @param refundTotal sum of their {@code refund_fee}, in fen
 */
public record LocalTotals(long payments, long paymentTotal, long refunds, long refundTotal) {

  /** Nothing. */
  public static final LocalTotals NONE = new LocalTotals(0, 0, 0, 0);
}
