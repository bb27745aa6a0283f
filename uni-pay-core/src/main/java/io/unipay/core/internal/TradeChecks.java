package io.unipay.core.internal;

import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Provider;
import io.unipay.core.order.SettlementFlag;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.TradeSnapshot;
import java.time.Instant;
import java.util.Objects;

/** What a verified trade says about its stored order, and what settling it records. */
final class TradeChecks {
  /** original_data is size-bounded; a verified notification is far smaller in practice. */
  static final int MAX_ORIGINAL_DATA_CHARS = 16 * 1024;

  private TradeChecks() {}

  static OrderRepository.PaidUpdate paidUpdate(
      TradeSnapshot trade, Instant now, SettlementFlag flag, boolean handlerRuns) {
    return new OrderRepository.PaidUpdate(
        trade.transactionId(),
        trade.paidAt() != null ? trade.paidAt() : now,
        trade.payerId(),
        now,
        bounded(trade.raw()),
        flag,
        handlerRuns);
  }

  static boolean sameTransaction(PayOrder order, TradeSnapshot trade) {
    return order.transactionId() == null
        || trade.transactionId() == null
        || order.transactionId().equals(trade.transactionId());
  }

  /** Why a verified trade does not belong to the stored order, or null when it does. */
  static String mismatch(Provider provider, PayOrder order, TradeSnapshot trade) {
    if (order.provider() != provider) {
      return "order was created with " + order.provider().code() + ", result came from "
          + provider.code();
    }
    if (trade.totalFee() != order.totalFee()) {
      return "amount " + trade.totalFee() + " fen != order total_fee " + order.totalFee();
    }
    if (!order.currency().equalsIgnoreCase(trade.currency())) {
      return "currency " + LogSafe.quote(trade.currency()) + " != order currency "
          + order.currency();
    }
    if (trade.appId() != null && !Objects.equals(trade.appId(), order.providerAppId())) {
      return "app id " + LogSafe.quote(trade.appId()) + " != order app id "
          + order.providerAppId();
    }
    if (trade.merchantId() != null && !Objects.equals(trade.merchantId(), order.mchId())) {
      return "merchant " + LogSafe.quote(trade.merchantId()) + " != order merchant "
          + order.mchId();
    }
    return null;
  }

  static String bounded(String raw) {
    if (raw == null || raw.length() <= MAX_ORIGINAL_DATA_CHARS) return raw;
    return raw.substring(0, MAX_ORIGINAL_DATA_CHARS);
  }
}
