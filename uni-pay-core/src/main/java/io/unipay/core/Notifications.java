package io.unipay.core;

import io.unipay.core.internal.EventLog;
import io.unipay.core.internal.Facts;
import io.unipay.core.internal.LogSafe;
import io.unipay.core.internal.ProviderRefunds;
import io.unipay.core.internal.RefundBook;
import io.unipay.core.internal.Settlement;
import io.unipay.core.internal.TransferBook;
import io.unipay.core.internal.TransferEngine;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.PayClient;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.core.spi.TransferSnapshot;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes, verifies and applies one notification (design §7). Never throws: every failure —
 * forged input, a storage outage, a handler error, a bug in a provider client — is answered as
 * failure so the provider delivers again, and logged without echoing unverified input.
 */
final class Notifications {
  private static final Logger log = LoggerFactory.getLogger(Notifications.class);

  private final Map<Provider, PayClient> clients;
  private final Settlement settlement;
  private final RefundBook refunds;
  private final EventLog events;
  private final Clock clock;
  private final int maxBodyBytes;
  private final ProviderRefunds providerRefunds;
  private final TransferEngine transfers; // null without transfers

  Notifications(
      Map<Provider, PayClient> clients, Settlement settlement, RefundBook refunds,
      EventLog events, Clock clock, int maxBodyBytes, ProviderRefunds providerRefunds,
      TransferEngine transfers) {
    this.clients = clients;
    this.settlement = settlement;
    this.refunds = refunds;
    this.events = events;
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
    this.providerRefunds = providerRefunds;
    this.transfers = transfers;
  }

  NotifyResponse handle(NotifyRequest request) {
    Route route = route(request.path());
    if (route == null) {
      log.warn("notify rejected (UNKNOWN_ROUTE): {}", LogSafe.quote(request.path()));
      return new NotifyResponse(404, "text/plain", "unknown notify route", false);
    }
    PayClient client = route.client;
    Provider provider = client.provider();
    try {
      if (!"POST".equalsIgnoreCase(request.method())) {
        log.warn(
            "{} notify rejected (METHOD_NOT_ALLOWED): {}", provider.code(),
            LogSafe.quote(request.method()));
        NotifyResponse failure = client.acknowledge(false, "method not allowed");
        return new NotifyResponse(405, failure.contentType(), failure.body(), false);
      }
      if (request.body().length > maxBodyBytes) {
        log.warn(
            "{} notify rejected (BODY_TOO_LARGE): {} bytes > {}", provider.code(),
            request.body().length, maxBodyBytes);
        return client.acknowledge(false, "body too large");
      }
      ProviderNotification notification;
      try {
        notification = client.parseNotification(request);
      } catch (NotifyRejectedException e) {
        log.warn("{} notify rejected ({}): {}", provider.code(), e.reason(), e.getMessage());
        return client.acknowledge(false, e.isProbe() ? "probe" : "rejected");
      } catch (UniPayException e) {
        log.warn("{} notify rejected ({}): {}", provider.code(), e.code(), e.getMessage());
        return client.acknowledge(false, "rejected");
      }
      return apply(route, client, notification);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      // A storage outage, or an Error from a host handler: nothing was committed.
      log.error(
          "{} notify failed ({}); answered as failure so the provider delivers it again",
          provider.code(), e instanceof UniPayException u ? u.code() : e.getClass().getName(), e);
      return safeFailure(client);
    }
  }

  private NotifyResponse apply(Route route, PayClient client, ProviderNotification n) {
    Provider provider = client.provider();
    if (route.kind == RouteKind.TRANSFER
        && (n instanceof ProviderNotification.Payment
            || n instanceof ProviderNotification.RefundResult)) {
      return misrouted(client, "a payment or refund notification on the transfer route");
    }
    if (n instanceof ProviderNotification.Payment p) {
      if (route.kind == RouteKind.REFUND) {
        return misrouted(client, "a payment notification on the refund route");
      }
      SettlementOutcome outcome = settlement.settle(provider, p.trade(), "notify");
      if (outcome == SettlementOutcome.NOT_PAID) {
        return notice(client, p.trade().state().name(), p.trade().outTradeNo(), p.trade().raw(),
            EventOutcome.INFORMATIONAL);
      }
      return client.acknowledge(outcome.acknowledges(), outcome.name());
    }
    if (n instanceof ProviderNotification.RefundResult r) {
      // Alipay posts refund results to the payment's notify_url: any route of the provider will
      // do, since the result is bound to the stored refund by out_refund_no and cross-checked.
      RefundBook.Applied applied = refunds.apply(provider, r.refund(), "notify");
      boolean ok =
          applied == RefundBook.Applied.APPLIED
              || applied == RefundBook.Applied.UNCHANGED
              || applied == RefundBook.Applied.IN_PROGRESS;
      return client.acknowledge(ok, applied.name());
    }
    if (n instanceof ProviderNotification.ProviderRefund r) {
      // A refund the provider made on its own (Apple REFUND / REVOKE): on any of its routes.
      ProviderRefunds.Applied applied =
          providerRefunds.apply(provider, r.payment(), r.refund(), "notify").refund();
      return client.acknowledge(applied.acknowledges(), applied.name());
    }
    if (n instanceof ProviderNotification.Informational info) {
      log.info(
          "{} {} - notification: {}", provider.code(), LogSafe.quote(info.outTradeNo()),
          LogSafe.quote(info.what()));
      return notice(client, info.what(), info.outTradeNo(), info.raw(), EventOutcome.INFORMATIONAL);
    }
    if (n instanceof ProviderNotification.TransferResult t) {
      if (transfers == null) {
        // No transfers here: kept as a fact and asked for again, until they are configured.
        TransferSnapshot s = t.transfer();
        events.record(
            Facts.notice(client.provider(), "TRANSFER_" + s.state(), null, s.raw(), "notify",
                EventOutcome.IGNORED_EVENT_TYPE, clock.instant()));
        return client.acknowledge(false, "transfers not enabled");
      }
      // Any route of the provider will do: the result is bound to the stored transfer by
      // out_bill_no and cross-checked. An unknown or conflicting one is kept and refused (§13).
      TransferBook.Applied applied = transfers.applyNotification(provider, t.transfer());
      return client.acknowledge(applied.acknowledges(), applied.name());
    }
    ProviderNotification.Unrecognized unknown = (ProviderNotification.Unrecognized) n;
    log.warn(
        "{} {} - verified notification of unknown type {}: kept in the ledger and acknowledged;"
            + " the sweeper's query settles the order",
        provider.code(), LogSafe.quote(unknown.outTradeNo()), LogSafe.quote(unknown.eventType()));
    return notice(client, unknown.eventType(), unknown.outTradeNo(), unknown.raw(),
        EventOutcome.IGNORED_EVENT_TYPE);
  }

  private NotifyResponse notice(
      PayClient client, String state, String outTradeNo, String raw, EventOutcome outcome) {
    events.record(
        Facts.notice(client.provider(), state, outTradeNo, raw, "notify", outcome, clock.instant()));
    return client.acknowledge(true, "OK");
  }

  private NotifyResponse misrouted(PayClient client, String what) {
    log.warn("{} notify rejected (ROUTE_MISMATCH): {}", client.provider().code(), what);
    return client.acknowledge(false, "wrong route");
  }

  private static NotifyResponse safeFailure(PayClient client) {
    try {
      return client.acknowledge(false, "temporary failure");
    } catch (RuntimeException e) {
      return new NotifyResponse(500, "text/plain", "temporary failure", false);
    }
  }

  /**
   * The route of a path ending in {@code {provider}/{payType}}, {@code {provider}/refund} or
   * {@code {provider}/transfer}.
   */
  private Route route(String path) {
    String trimmed = path;
    while (trimmed.endsWith("/")) trimmed = trimmed.substring(0, trimmed.length() - 1);
    int last = trimmed.lastIndexOf('/');
    if (last < 0) return null;
    int before = trimmed.lastIndexOf('/', last - 1);
    String providerCode = trimmed.substring(before + 1, last);
    String kind = trimmed.substring(last + 1);
    for (Map.Entry<Provider, PayClient> e : clients.entrySet()) {
      Provider p = e.getKey();
      if (!p.code().equals(providerCode)) continue;
      if (kind.equals("refund")) return new Route(e.getValue(), RouteKind.REFUND);
      if (kind.equals("transfer")) return new Route(e.getValue(), RouteKind.TRANSFER);
      for (PayType type : PayType.values()) {
        if (type.supportedBy(p) && type.code().equals(kind)) {
          return new Route(e.getValue(), RouteKind.PAYMENT);
        }
      }
      return null;
    }
    return null;
  }

  private enum RouteKind { PAYMENT, REFUND, TRANSFER }

  private record Route(PayClient client, RouteKind kind) {}
}
