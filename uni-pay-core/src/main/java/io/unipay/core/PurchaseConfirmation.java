package io.unipay.core;

import io.unipay.core.internal.Ids;
import io.unipay.core.internal.LogSafe;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.PayClient;
import io.unipay.core.spi.TradeSnapshot;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link UniPay#confirmPurchase}: checks the arguments and the order, has the provider's client
 * verify the proof, and settles the verified trade through {@link ClientPurchases}.
 */
final class PurchaseConfirmation {
  private static final Logger log = LoggerFactory.getLogger(UniPay.class);

  private final Map<Provider, PayClient> clients;
  private final OrderLookup lookup;
  private final ClientPurchases clientPurchases;

  PurchaseConfirmation(
      Map<Provider, PayClient> clients, OrderLookup lookup, ClientPurchases clientPurchases) {
    this.clients = clients;
    this.lookup = lookup;
    this.clientPurchases = clientPurchases;
  }

  SettlementOutcome confirm(Provider provider, String outTradeNo, String clientProof) {
    if (provider == null) throw UniPayException.invalid("provider is required");
    if (outTradeNo == null || !Ids.OUT_TRADE_NO.matcher(outTradeNo).matches()) {
      throw UniPayException.invalid(
          "outTradeNo " + LogSafe.quote(outTradeNo) + " must be 1..32 chars of [0-9A-Za-z]");
    }
    if (clientProof == null || clientProof.isBlank()) {
      throw UniPayException.invalid("clientProof is required (the purchase the client reports)");
    }
    PayClient client = clients.get(provider);
    if (client == null) {
      throw new UniPayException(
          ErrorCode.PROVIDER_NOT_CONFIGURED,
          "provider " + provider.code() + " is not configured; add its PayClient to the builder");
    }
    PayOrder order = lookup.resolve(outTradeNo, null);
    if (order.provider() != provider) {
      throw UniPayException.invalid(
          "out_trade_no " + outTradeNo + " was created with " + order.provider().code()
              + ", not " + provider.code());
    }
    TradeSnapshot trade = client.verifyPurchase(outTradeNo, clientProof);
    SettlementOutcome outcome = clientPurchases.settle(client, trade);
    if (!trade.outTradeNo().equals(outTradeNo)) {
      log.warn(
          "{} {} - the confirmed purchase {} belongs to payment order {} ({}), not this one",
          provider.code(), outTradeNo, LogSafe.quote(trade.transactionId()),
          LogSafe.quote(trade.outTradeNo()), outcome);
      return SettlementOutcome.REJECTED;
    }
    return outcome;
  }
}
