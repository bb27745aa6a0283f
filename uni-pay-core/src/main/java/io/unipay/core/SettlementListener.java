package io.unipay.core;

import io.unipay.core.order.Provider;

/**
 * Told the outcome of every settlement attempt of a verified trade (notification, query, client
 * purchase, replay), once the engine's transaction ended (when the settlement joins a host
 * transaction, before that one commits) — including the outcomes in which no handler
 * runs ({@link SettlementOutcome#ALREADY_SETTLED}, {@code DUPLICATE_PAYMENT}, {@code REJECTED},
 * {@code NOT_PAID}, {@code STORAGE_FAILED}), so a host's metrics see them all. Runs on the
 * settling thread and must be quick; an exception it throws is logged and ignored, never changing
 * the outcome.
 */
@FunctionalInterface
public interface SettlementListener {

  /**
   * @param provider the provider of the trade
   * @param outTradeNo the payment order the verified trade names (not necessarily a stored one)
   * @param outcome what the settlement did
   * @param source where the trade came from: {@code notify}, {@code query}, {@code client}, {@code
   *     replay}, …
   */
  void onSettlement(Provider provider, String outTradeNo, SettlementOutcome outcome, String source);
}
