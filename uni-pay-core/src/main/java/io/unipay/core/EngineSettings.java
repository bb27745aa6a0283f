package io.unipay.core;

import static java.util.Objects.requireNonNull;

import io.unipay.core.internal.Ids;
import io.unipay.core.ledger.LedgerListener;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.NotifyHandler;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.PayClient;
import io.unipay.core.transfer.TransferSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What {@link UniPay.Builder} collects: the defaults, and the check of every setting as it is
 * given and of the whole before the engine is built. Mutable, confined to one builder.
 */
final class EngineSettings {
  OrderRepository repository;
  final Map<Provider, PayClient> clients = new EnumMap<>(Provider.class);
  final Map<String, NotifyHandler> handlers = new LinkedHashMap<>();
  String notifyBaseUrl;
  Clock clock = Clock.systemUTC();
  Supplier<String> ids;
  long maxTotalFee = 10_000_000_00L; // 10 million yuan, Alipay's limit is 100 million
  Duration defaultExpiry = Duration.ofHours(2);
  int maxNotifyBodyBytes = 64 * 1024;
  Duration maxAwait = Duration.ofSeconds(20);
  Duration firstCheckDelay = Duration.ofMinutes(1);
  boolean refundDuplicatePayments = true;
  boolean refundLateAfterClose = false;
  Duration finalCheckMargin = Duration.ofMinutes(5);
  LedgerListener ledgerListener = event -> {};
  TransferSettings transfers;
  SettlementListener settlementListener = (provider, outTradeNo, outcome, source) -> {};

  void repository(OrderRepository repository) {
    this.repository = requireNonNull(repository, "repository == null");
  }

  void payClient(PayClient client) {
    requireNonNull(client, "client == null");
    if (clients.putIfAbsent(client.provider(), client) != null) {
      throw new UniPayException(
          ErrorCode.CONFIGURATION_INVALID,
          "a PayClient for " + client.provider().code() + " is already registered");
    }
  }

  void handler(String type, NotifyHandler handler) {
    requireNonNull(handler, "handler == null");
    if (type == null || !Ids.TYPE.matcher(type).matches()) {
      throw new UniPayException(
          ErrorCode.CONFIGURATION_INVALID, "type '" + type + "' must be 1..32 chars of [0-9A-Za-z_-]");
    }
    if (handlers.putIfAbsent(type, handler) != null) {
      throw new UniPayException(
          ErrorCode.CONFIGURATION_INVALID, "a handler for type '" + type + "' is already registered");
    }
  }

  void notifyBaseUrl(String notifyBaseUrl) {
    requireNonNull(notifyBaseUrl, "notifyBaseUrl == null");
    if (!notifyBaseUrl.startsWith("https://") && !notifyBaseUrl.startsWith("http://")) {
      throw new UniPayException(
          ErrorCode.CONFIGURATION_INVALID,
          "notifyBaseUrl must be an http(s) URL, was '" + notifyBaseUrl + "'");
    }
    if (notifyBaseUrl.contains("?")) {
      throw new UniPayException(
          ErrorCode.CONFIGURATION_INVALID, "notifyBaseUrl must not have a query string");
    }
    this.notifyBaseUrl = notifyBaseUrl.replaceAll("/+$", "");
  }

  void clock(Clock clock) {
    this.clock = requireNonNull(clock, "clock == null");
  }

  void idGenerator(Supplier<String> ids) {
    this.ids = requireNonNull(ids, "ids == null");
  }

  void maxTotalFee(long maxTotalFee) {
    if (maxTotalFee <= 0) {
      throw new UniPayException(ErrorCode.CONFIGURATION_INVALID, "maxTotalFee must be > 0");
    }
    this.maxTotalFee = maxTotalFee;
  }

  void defaultExpiry(Duration defaultExpiry) {
    if (defaultExpiry.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new UniPayException(ErrorCode.CONFIGURATION_INVALID, "defaultExpiry must be ≥ 1 minute");
    }
    this.defaultExpiry = defaultExpiry;
  }

  void maxNotifyBodyBytes(int bytes) {
    if (bytes < 1024) {
      throw new UniPayException(ErrorCode.CONFIGURATION_INVALID, "maxNotifyBodyBytes must be ≥ 1024");
    }
    this.maxNotifyBodyBytes = bytes;
  }

  void maxAwait(Duration maxAwait) {
    this.maxAwait = requireNonNull(maxAwait, "maxAwait == null");
  }

  void firstCheckDelay(Duration firstCheckDelay) {
    this.firstCheckDelay = requireNonNull(firstCheckDelay, "firstCheckDelay == null");
  }

  void refundDuplicatePayments(boolean on) {
    this.refundDuplicatePayments = on;
  }

  void refundLateAfterClose(boolean on) {
    this.refundLateAfterClose = on;
  }

  void finalCheckMargin(Duration margin) {
    requireNonNull(margin, "margin == null");
    if (margin.isNegative()) {
      throw new UniPayException(
          ErrorCode.CONFIGURATION_INVALID, "finalCheckMargin must not be negative");
    }
    this.finalCheckMargin = margin;
  }

  void ledgerListener(LedgerListener listener) {
    this.ledgerListener = requireNonNull(listener, "listener == null");
  }

  void transfers(TransferSettings settings) {
    this.transfers = requireNonNull(settings, "settings == null");
  }

  void settlementListener(SettlementListener listener) {
    this.settlementListener = requireNonNull(listener, "listener == null");
  }

  /** @throws UniPayException CONFIGURATION_INVALID naming what is missing */
  void checkComplete() {
    if (repository == null) {
      throw new UniPayException(ErrorCode.CONFIGURATION_INVALID, "repository is required");
    }
    if (clients.isEmpty()) {
      throw new UniPayException(ErrorCode.CONFIGURATION_INVALID, "at least one payClient is required");
    }
    if (handlers.isEmpty() && transfers == null) {
      throw new UniPayException(ErrorCode.CONFIGURATION_INVALID, "at least one handler is required");
    }
    if (notifyBaseUrl == null) {
      throw new UniPayException(ErrorCode.CONFIGURATION_INVALID, "notifyBaseUrl is required");
    }
  }
}
