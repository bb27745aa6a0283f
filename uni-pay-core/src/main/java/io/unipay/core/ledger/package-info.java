/**
 * The provider-event ledger (design §13): every verified provider fact the engine receives, kept
 * with what the engine did with it, so that a payment that does not fit the order rows is never
 * only a log line. See {@link io.unipay.core.ledger.Ledger}.
 */
package io.unipay.core.ledger;
