package io.unipay.core.ledger;

/**
 * Told about every verified fact the engine could not apply or had to flag (an unmatched or
 * conflicting payment, a trade refunded at the provider, a refund that is stuck or reopened): the
 * facts {@code pay.ledger().unresolved(...)} lists. Register with
 * {@code UniPay.builder().ledgerListener(...)}, e.g. to page an operator.
 *
 * <p>Runs on the thread that recorded the fact, after the fact is committed; must be quick. An
 * exception it throws is logged and ignored: the fact stays in the ledger either way.
 */
@FunctionalInterface
public interface LedgerListener {

  /** A fact that needs an operator's attention was recorded. */
  void onUnresolved(ProviderEvent event);
}
