package io.unipay.core;

import io.unipay.core.internal.EventLog;
import io.unipay.core.internal.Facts;
import io.unipay.core.internal.LogSafe;
import io.unipay.core.internal.ProviderRefunds;
import io.unipay.core.internal.Settlement;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.PayClient;
import io.unipay.core.spi.RefundSnapshot;
import io.unipay.core.spi.TradeSnapshot;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purchases the paying client reports ({@link UniPay#confirmPurchase}), after the provider's client
 * verified them:
 *
 * <ul>
 *   <li>a provider transaction pays one payment order only: the first report claims it in the
 *       ledger (a row keyed by the transaction id alone, so the database's unique key decides
 *       races), and a report of the same transaction for another order is refused and kept as
 *       {@code UNMATCHED_CONFLICT}. This matters where the client, not the provider, names the
 *       order (Apple's legacy receipts);
 *   <li>a purchase the provider reports as refunded on its own ({@link
 *       PayClient#providerRefund}) is recorded through {@link ProviderRefunds}, like the
 *       provider's refund notification;
 *   <li>everything else goes through the one settlement path.
 * </ul>
 */
final class ClientPurchases {
  private static final Logger log = LoggerFactory.getLogger(ClientPurchases.class);
  private static final String SOURCE = "client";

  private final OrderRepository repository;
  private final Settlement settlement;
  private final ProviderRefunds providerRefunds;
  private final EventLog events;
  private final Clock clock;

  ClientPurchases(
      OrderRepository repository, Settlement settlement, ProviderRefunds providerRefunds,
      EventLog events, Clock clock) {
    this.repository = repository;
    this.settlement = settlement;
    this.providerRefunds = providerRefunds;
    this.events = events;
    this.clock = clock;
  }

  /** Settles a verified client-reported trade. Never throws for storage or handler failures. */
  SettlementOutcome settle(PayClient client, TradeSnapshot verified) {
    Provider provider = client.provider();
    TradeSnapshot trade = Facts.clean(verified);
    if (trade.state().isPaid() && trade.transactionId() != null) {
      String claimedFor;
      try {
        claimedFor = claim(provider, trade);
      } catch (RuntimeException e) {
        log.error(
            "{} {} - claim of reported transaction {} not recorded: storage failed, nothing"
                + " changed", provider.code(), trade.outTradeNo(),
            LogSafe.quote(trade.transactionId()), e);
        return SettlementOutcome.STORAGE_FAILED;
      }
      if (claimedFor != null) return refuseReused(provider, trade, claimedFor);
    }
    Optional<RefundSnapshot> refund =
        trade.state().isPaid() ? client.providerRefund(trade) : Optional.empty();
    if (refund.isEmpty()) return settlement.settle(provider, trade, SOURCE);
    ProviderRefunds.Result result = providerRefunds.apply(provider, trade, refund.get(), SOURCE);
    return switch (result.refund()) {
      case HOOK_FAILED -> SettlementOutcome.HANDLER_FAILED;
      case STORAGE_FAILED -> SettlementOutcome.STORAGE_FAILED;
      default -> result.payment();
    };
  }

  /** Claims the transaction for the trade's order; the other order's out_trade_no if taken. */
  private String claim(Provider provider, TradeSnapshot trade) {
    ProviderEvent claim = Facts.claim(provider, trade, SOURCE, clock.instant());
    if (repository.appendEvent(claim)) return null;
    String owner =
        repository.findEventByKey(claim.dedupeKey()).map(ProviderEvent::outTradeNo).orElse(null);
    return trade.outTradeNo().equals(owner) ? null : String.valueOf(owner);
  }

  private SettlementOutcome refuseReused(Provider provider, TradeSnapshot trade, String owner) {
    String why =
        "transaction " + LogSafe.quote(trade.transactionId()) + " was reported for payment order "
            + owner + " before; one transaction pays one order";
    try {
      EventLog.Recorded recorded =
          events.record(
              Facts.payment(provider, trade, SOURCE, EventOutcome.UNMATCHED_CONFLICT, why,
                  clock.instant()));
      log.error(
          "{} {} - reported purchase refused: {}; kept in the ledger as event {}",
          provider.code(), trade.outTradeNo(), why, recorded.event().id());
    } catch (RuntimeException e) {
      log.error("{} {} - reported purchase refused ({}), not recorded: storage failed",
          provider.code(), trade.outTradeNo(), why, e);
      return SettlementOutcome.STORAGE_FAILED;
    }
    return SettlementOutcome.REJECTED;
  }
}
