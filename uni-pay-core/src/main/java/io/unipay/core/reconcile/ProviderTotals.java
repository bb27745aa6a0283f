package io.unipay.core.reconcile;

/**
 * The day's totals in the provider's bill, summed from its lines (the bill itself checks them
 * against its summary section).
 *
 * @param payments number of payment lines
 * @param paymentTotal sum of payment amounts, in fen
 * @param refunds number of refund lines
 * @param refundTotal sum of refunded amounts, in fen
 * @param fees sum of the provider's service fees, in fen (refund lines may return fees: negative)
 */
public record ProviderTotals(
    long payments, long paymentTotal, long refunds, long refundTotal, long fees) {

  /** No lines. */
  public static final ProviderTotals NONE = new ProviderTotals(0, 0, 0, 0, 0);
}
