package io.unipay.core;

import io.unipay.core.internal.EventLog;
import io.unipay.core.internal.Ids;
import io.unipay.core.internal.ProviderRefunds;
import io.unipay.core.internal.RefundBook;
import io.unipay.core.internal.Settlement;
import io.unipay.core.internal.TransferEngine;
import io.unipay.core.ledger.Ledger;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Provider;
import io.unipay.core.order.Refund;
import io.unipay.core.spi.NotifyHandler;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.PayClient;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The parts {@link UniPay} delegates to, wired once from the builder's {@link EngineSettings}:
 * who calls whom, and nothing else. Immutable after construction.
 */
final class EngineWiring {
  final OrderRepository repository;
  final Map<Provider, PayClient> clients;
  final NotifyUrls notifyUrls;
  final Clock clock;
  final EventLog events;
  final AutoRefunds autoRefunds;
  final Settlement settlement;
  final RefundBook refundBook;
  final Refunds refunds;
  final Ledger ledger;
  final Notifications notifications;
  final Closing closing;
  final TransferEngine transfers; // null when transfers are not configured
  final OrderLookup lookup;
  final OrderCreation creation;
  final PurchaseConfirmation purchases;

  EngineWiring(EngineSettings b) {
    this.repository = b.repository;
    this.clients = new EnumMap<>(b.clients);
    Map<String, NotifyHandler> handlers = Map.copyOf(b.handlers);
    this.notifyUrls = new NotifyUrls(b.notifyBaseUrl);
    this.clock = b.clock;
    Supplier<String> ids = b.ids != null ? b.ids : Ids.timeOrdered(b.clock);
    this.events = new EventLog(repository, clock, b.ledgerListener);
    this.autoRefunds =
        new AutoRefunds(b.refundDuplicatePayments, b.refundLateAfterClose, this::refund);
    this.settlement =
        new Settlement(
            repository,
            handlers,
            clock,
            events,
            autoRefunds::onDuplicate,
            autoRefunds::onLateAfterClose,
            b.settlementListener);
    this.refundBook = new RefundBook(repository, handlers, clock, events);
    this.refunds =
        new Refunds(
            repository, this::client, refundBook, events, clock, ids,
            order -> notifyUrls.refund(order.provider()));
    this.transfers =
        b.transfers == null
            ? null
            : new TransferEngine(b.transfers, clients, events, clock, ids, notifyUrls::transfer);
    this.ledger =
        new EngineLedger(
            repository, settlement, refundBook, events,
            (refund, source) -> refunds.reconcile(refund, source), transfers);
    ProviderRefunds providerRefunds =
        new ProviderRefunds(repository, settlement, refundBook, events, clock);
    ClientPurchases clientPurchases =
        new ClientPurchases(repository, settlement, providerRefunds, events, clock);
    this.notifications =
        new Notifications(
            clients, settlement, refundBook, events, clock, b.maxNotifyBodyBytes, providerRefunds,
            transfers);
    this.closing = new Closing(repository, settlement, this::client, clock, b.finalCheckMargin);
    this.lookup = new OrderLookup(repository, settlement, closing::queryTrade, b.maxAwait);
    this.creation =
        new OrderCreation(
            repository, clients, handlers, notifyUrls, clock, ids, b.maxTotalFee,
            b.defaultExpiry, b.firstCheckDelay);
    this.purchases = new PurchaseConfirmation(clients, lookup, clientPurchases);
  }

  /** {@link UniPay#refund}: refunds the order the request names. */
  Refund refund(RefundRequest request) {
    return refunds.refund(lookup.resolve(request.outTradeNo(), request.orderNo()), request);
  }

  /** The transfer engine. @throws UniPayException CONFIGURATION_INVALID when not configured */
  TransferEngine transfers() {
    if (transfers == null) {
      throw new UniPayException(
          ErrorCode.CONFIGURATION_INVALID,
          "transfers are not configured; add UniPay.builder().transfers(TransferSettings...)");
    }
    return transfers;
  }

  /** The client of a configured provider. @throws UniPayException PROVIDER_NOT_CONFIGURED */
  PayClient client(Provider provider) {
    PayClient client = clients.get(provider);
    if (client == null) {
      throw new UniPayException(
          ErrorCode.PROVIDER_NOT_CONFIGURED,
          "provider " + provider.code() + " is not configured; add its PayClient to the builder");
    }
    return client;
  }

  /** The client of the order's provider. @throws UniPayException PROVIDER_NOT_CONFIGURED */
  PayClient client(PayOrder order) {
    PayClient client = clients.get(order.provider());
    if (client == null) {
      throw new UniPayException(
          ErrorCode.PROVIDER_NOT_CONFIGURED,
          "order " + order.outTradeNo() + " belongs to " + order.provider().code()
              + ", which is not configured");
    }
    return client;
  }
}
