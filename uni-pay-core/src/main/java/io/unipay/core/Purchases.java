package io.unipay.core;

import io.unipay.core.internal.Ids;
import io.unipay.core.internal.LogSafe;
import io.unipay.core.internal.Settlement;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.PayClient;
import io.unipay.core.spi.TradeSnapshot;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link UniPay#confirmPurchase}: a purchase the paying client reports (Apple StoreKit 2). */
final class Purchases {
  // The category these lines always had, so hosts' log configuration keeps matching them.
  private static final Logger log = LoggerFactory.getLogger(UniPay.class);

  private Purchases() {}

  static SettlementOutcome confirm(
      Provider provider, String outTradeNo, String clientProof, Map<Provider, PayClient> clients,
      Settlement settlement, Function<String, PayOrder> resolve) {
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
    PayOrder order = resolve.apply(outTradeNo);
    if (order.provider() != provider) {
      throw UniPayException.invalid(
          "out_trade_no " + outTradeNo + " was created with " + order.provider().code()
              + ", not " + provider.code());
    }
    TradeSnapshot trade = client.verifyPurchase(outTradeNo, clientProof);
    SettlementOutcome outcome = settlement.settle(provider, trade, "client");
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
