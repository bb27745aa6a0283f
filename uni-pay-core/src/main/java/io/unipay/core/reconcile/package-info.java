/**
 * Reconciliation of a provider's daily trade bill with the engine's orders, refunds and ledger:
 * the typed report ({@link io.unipay.core.reconcile.ReconciliationReport}), its discrepancies and
 * the values the {@link io.unipay.core.spi.ReconciliationRepository} stores. The engine side is
 * {@link io.unipay.core.Reconciler}.
 */
package io.unipay.core.reconcile;
