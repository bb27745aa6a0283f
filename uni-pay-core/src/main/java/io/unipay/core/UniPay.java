package io.unipay.core;

import static java.util.Objects.requireNonNull;

import io.unipay.core.internal.EventLog;
import io.unipay.core.internal.Settlement;
import io.unipay.core.internal.TransferEngine;
import io.unipay.core.ledger.Ledger;
import io.unipay.core.ledger.LedgerListener;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.core.order.Refund;
import io.unipay.core.order.SettlementFlag;
import io.unipay.core.spi.NotifyHandler;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.PayClient;
import io.unipay.core.spi.TradeSnapshot;
import io.unipay.core.transfer.Transfer;
import io.unipay.core.transfer.TransferRequest;
import io.unipay.core.transfer.TransferResult;
import io.unipay.core.transfer.TransferSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The payment engine: create orders, handle notifications, query, close and refund, for WeChat
 * Pay and Alipay behind one API. Build once with {@link #builder()}; immutable and thread-safe;
 * several instances (one per application node) may share one database.
 *
 * <pre>{@code
 * UniPay pay = UniPay.builder()
 *     .repository(JdbiOrderRepository.create(dataSource))
 *     .payClient(wechatPayClient)
 *     .handler("vip", event -> grantVip(event))
 *     .notifyBaseUrl("https://shop.example.com/pay/notify")
 *     .build();
 * }</pre>
 */
public final class UniPay {
  private final EngineWiring parts;

  private UniPay(Builder b) {
    this.parts = new EngineWiring(b.settings);
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- createOrder

  /**
   * Creates (or reuses) a payment order for a business order and asks the provider for what the
   * client needs to pay. The order row (status 0) is written before the provider is called, so a
   * notification can never arrive for an unknown order; a failed provider call leaves a harmless
   * unpaid row that expires.
   *
   * @throws UniPayException {@code INVALID_ARGUMENT}, {@code UNKNOWN_TYPE},
   *     {@code PROVIDER_NOT_CONFIGURED}, {@code ORDER_ALREADY_PAID}, {@code ORDER_AMOUNT_CONFLICT},
   *     or a provider failure ({@code PROVIDER_REJECTED}, {@code PROVIDER_UNAVAILABLE},
   *     {@code OUTCOME_UNKNOWN})
   */
  public CreateOrderResult createOrder(CreateOrderRequest request) {
    requireNonNull(request, "request == null");
    return parts.creation.create(request);
  }

  /** The notify URL sent to the provider for a pay type: {@code {base}/{provider}/{payType}}. */
  public String notifyUrl(Provider provider, PayType payType) {
    return parts.notifyUrls.payment(provider, payType);
  }

  /** The refund notify URL sent to the provider: {@code {base}/{provider}/refund}. */
  public String refundNotifyUrl(Provider provider) {
    return parts.notifyUrls.refund(provider);
  }

  /** The transfer notify URL sent to the provider: {@code {base}/{provider}/transfer}. */
  public String transferNotifyUrl(Provider provider) {
    return parts.notifyUrls.transfer(provider);
  }

  // ---------------------------------------------------------------- notifications

  /**
   * Verifies and applies one provider notification, and returns what to write back verbatim.
   * Routes by the path's last two segments ({@code {provider}/{payType}}, {@code
   * {provider}/refund} or {@code {provider}/transfer}); only POST is accepted, and a payment
   * notification on the refund or transfer route is refused. The order's type comes from the
   * database. Never throws: forged, stale or malformed messages are answered as failure and
   * logged at WARN; a storage outage or a failing handler is answered as failure, so the
   * provider delivers again.
   */
  public NotifyResponse handleNotify(NotifyRequest request) {
    requireNonNull(request, "request == null");
    return parts.notifications.handle(request);
  }

  /**
   * Settles a verified provider result through the same path as a notification (for manual
   * repair or a host's own reconciliation).
   */
  public SettlementOutcome settle(Provider provider, TradeSnapshot trade, String source) {
    requireNonNull(provider, "provider == null");
    requireNonNull(trade, "trade == null");
    return parts.settlement.settle(provider, trade, source == null ? "manual" : source);
  }

  /**
   * Settles a purchase that the paying client reports (an Apple StoreKit 2 signed transaction):
   * the provider's client verifies the proof, and the verified trade goes through the one
   * settlement path, so duplicates, concurrent notifications and the ledger behave exactly as
   * for a notification. When the verified purchase belongs to another payment order, it is
   * settled (or kept as unmatched) where it belongs, and the answer for {@code outTradeNo} is
   * {@link SettlementOutcome#REJECTED}.
   *
   * @throws UniPayException {@code INVALID_ARGUMENT} for a missing argument,
   *     {@code PROVIDER_NOT_CONFIGURED} when the provider has no client or no client proofs,
   *     {@code ORDER_NOT_FOUND}, {@code SIGNATURE_INVALID} / {@code INVALID_ARGUMENT} when the
   *     proof does not verify (nothing changed)
   */
  public SettlementOutcome confirmPurchase(
      Provider provider, String outTradeNo, String clientProof) {
    return parts.purchases.confirm(provider, outTradeNo, clientProof);
  }

  /**
   * The provider-event ledger: every verified provider fact and what the engine did with it;
   * lists the unresolved ones and replays them (design §13).
   */
  public Ledger ledger() {
    return parts.ledger;
  }

  // ---------------------------------------------------------------- query and close

  /** The payment order with this out_trade_no. @throws UniPayException ORDER_NOT_FOUND */
  public PayOrder getOrder(String outTradeNo) {
    return getOrder(OrderQuery.byOutTradeNo(outTradeNo));
  }

  /**
   * Looks up a payment order, optionally waiting (bounded) for its notification and syncing with
   * the provider: a paid trade found by query is settled on the spot, running the handler once.
   * A closed order still awaiting its final check (design §14.1) is synced too. A lookup by
   * business order number gives the payment whose handler ran (the primary), else the newest.
   *
   * @throws UniPayException ORDER_NOT_FOUND
   */
  public PayOrder getOrder(OrderQuery query) {
    return parts.lookup.getOrder(query);
  }

  /**
   * Closes an unpaid payment order: queries the provider first (a paid trade is settled instead),
   * closes it there, then records status -1. When the provider does not know the trade yet (an
   * Alipay QR code nobody scanned), the order is closed here but stays under watch and is queried
   * once more after it expires (design §14.1). Closing a closed order returns it unchanged.
   *
   * @throws UniPayException ORDER_NOT_FOUND; ORDER_ALREADY_PAID when the order is (or turns out to
   *     be) paid; a provider failure, in which case nothing changed locally
   */
  public PayOrder closeOrder(String outTradeNo) {
    return parts.closing.closeOrder(parts.lookup.resolve(outTradeNo, null), outTradeNo);
  }

  /** The close protocol shared with the sweeper; see {@link Closing#closeAtProvider}. */
  PayOrder closeAtProvider(PayOrder order, String source) {
    return parts.closing.closeAtProvider(order, source);
  }

  /** The final check of a watched closed order; see {@link Closing#finalCheck}. */
  PayOrder finalCheck(PayOrder order) {
    return parts.closing.finalCheck(order);
  }

  /** Queries the trade, checking the answer is about it; see {@link Closing#queryTrade}. */
  TradeSnapshot queryTrade(PayOrder order) {
    return parts.closing.queryTrade(order);
  }

  // ---------------------------------------------------------------- refunds

  /**
   * Refunds part or all of a paid order. The amount is reserved atomically first, so concurrent
   * refunds can never exceed the paid amount. Only a definite refusal by the provider about this
   * very refund releases it; any other failure (signature, authorisation, rate limit, system
   * error, no answer) keeps it PROCESSING with the amount reserved — the exception says why — and
   * the sweeper reconciles it by query and re-sends it with the same out_refund_no. A refund by
   * business order number refunds the payment whose handler ran.
   *
   * @throws UniPayException ORDER_NOT_FOUND, ORDER_NOT_REFUNDABLE, REFUND_EXCEEDS_PAID,
   *     INVALID_ARGUMENT, or a provider failure
   */
  public Refund refund(RefundRequest request) {
    requireNonNull(request, "request == null");
    return parts.refund(request);
  }

  /**
   * The refund with this out_refund_no; with {@code syncWithProvider} a PROCESSING refund is
   * reconciled with the provider first (queried, and re-sent if the provider does not know it).
   *
   * @throws UniPayException REFUND_NOT_FOUND
   */
  public Refund getRefund(String outRefundNo, boolean syncWithProvider) {
    return parts.refunds.get(outRefundNo, syncWithProvider);
  }

  /** Every refund of a payment order, oldest first. */
  public List<Refund> refunds(String outTradeNo) {
    return parts.refunds.of(outTradeNo);
  }

  /** Refunds a flagged payment (duplicate, late after close) in full. Shared with the sweeper. */
  void refundFlagged(PayOrder order) {
    parts.autoRefunds.refundFlagged(order);
  }

  /** The flags whose payments the sweeper refunds automatically under this configuration. */
  Set<SettlementFlag> autoRefundedFlags() {
    return parts.autoRefunds.autoRefundedFlags();
  }

  Refunds refundService() {
    return parts.refunds;
  }

  // ---------------------------------------------------------------- transfers

  /**
   * Pays a payee (WeChat 商家转账, Alipay 单笔转账): validates the request (and the provider's
   * own rules, {@code PayClient.checkTransfer}), records the transfer before the provider is
   * called, sends it and applies the verified answer. Idempotent by {@code transferNo}: a repeat
   * returns the recorded transfer ({@link TransferResult#reused()}) and never pays twice; one
   * with another amount, payee, provider, app or type is refused. A lost or unclear answer is
   * never guessed: the transfer comes back {@code CREATED} and the sweeper finds out what
   * happened (query; re-send with the same out_bill_no once the provider verifiably does not know
   * it). A WeChat transfer waiting for the payee carries the client hand-off in {@link
   * TransferResult#confirmation()}. See {@link io.unipay.core.transfer}.
   *
   * @throws UniPayException {@code INVALID_ARGUMENT} naming the field (nothing stored), {@code
   *     UNKNOWN_TYPE}, {@code PROVIDER_NOT_CONFIGURED}, {@code CONFIGURATION_INVALID} when no
   *     transfers are configured, {@code STORAGE_FAILURE} before anything was sent
   */
  public TransferResult transfer(TransferRequest request) {
    requireNonNull(request, "request == null");
    return parts.transfers().transfer(request);
  }

  /** The transfer with this business transfer number. @throws UniPayException TRANSFER_NOT_FOUND */
  public Transfer getTransfer(String transferNo) {
    return parts.transfers().get(transferNo, false);
  }

  /**
   * The transfer with this number; with {@code syncWithProvider} one that is not final is queried
   * first and the verified answer applied (its handler runs once if it ends).
   *
   * @throws UniPayException TRANSFER_NOT_FOUND, or a provider failure (nothing changed)
   */
  public Transfer getTransfer(String transferNo, boolean syncWithProvider) {
    return parts.transfers().get(transferNo, syncWithProvider);
  }

  /**
   * Cancels a WeChat transfer the payee has not confirmed yet; the result is CANCELING or
   * CANCELLED (then its handler's {@code onTransferFailed} has run), or the final status it
   * reached meanwhile. A cancelled transfer is returned as it is.
   *
   * @throws UniPayException TRANSFER_NOT_FOUND; TRANSFER_NOT_CANCELLABLE when it is final or not
   *     yet acknowledged by the provider; a provider failure (e.g. the payee confirmed already),
   *     in which case nothing changed
   */
  public Transfer cancelTransfer(String transferNo) {
    return parts.transfers().cancel(transferNo);
  }

  /** The transfer engine, or null when transfers are not configured (for the sweeper). */
  TransferEngine transferEngine() {
    return parts.transfers;
  }

  // ---------------------------------------------------------------- lifecycle

  /** A sweeper over this engine's orders; see {@link Sweeper}. */
  public Sweeper.Builder sweeper() {
    return new Sweeper.Builder(this);
  }

  /**
   * Reconciliation of the providers' daily bills with this engine's orders, refunds and ledger,
   * with default settings; {@link Reconciler#builder(UniPay)} configures one. See {@link
   * Reconciler}.
   */
  public Reconciler reconciler() {
    return Reconciler.builder(this).build();
  }

  /** The configured providers. */
  Set<Provider> providers() {
    return Set.copyOf(parts.clients.keySet());
  }

  /** The client of a configured provider. @throws UniPayException PROVIDER_NOT_CONFIGURED */
  PayClient client(Provider provider) {
    return parts.client(provider);
  }

  OrderRepository repository() {
    return parts.repository;
  }

  Settlement settlement() {
    return parts.settlement;
  }

  EventLog events() {
    return parts.events;
  }

  Clock clock() {
    return parts.clock;
  }

  /** Configures and builds a {@link UniPay}. */
  public static final class Builder {
    private final EngineSettings settings = new EngineSettings();

    private Builder() {}

    /** Where orders and refunds are stored. Required. */
    public Builder repository(OrderRepository repository) {
      settings.repository(repository);
      return this;
    }

    /** Adds a provider account; one per provider. */
    public Builder payClient(PayClient client) {
      settings.payClient(client);
      return this;
    }

    /** Registers the handler for one order type (e.g. {@code vip}). */
    public Builder handler(String type, NotifyHandler handler) {
      settings.handler(type, handler);
      return this;
    }

    /**
     * The public base URL of the host's notify endpoint, e.g.
     * {@code https://shop.example.com/pay/notify}; the library appends
     * {@code /{provider}/{payType}}. Required; HTTPS for real providers.
     */
    public Builder notifyBaseUrl(String notifyBaseUrl) {
      settings.notifyBaseUrl(notifyBaseUrl);
      return this;
    }

    /** The clock for every timestamp the engine writes; default UTC system clock. */
    public Builder clock(Clock clock) {
      settings.clock(clock);
      return this;
    }

    /** The source of out_trade_no and out_refund_no values (≤ 32 chars of [0-9A-Za-z]). */
    public Builder idGenerator(Supplier<String> ids) {
      settings.idGenerator(ids);
      return this;
    }

    /** The largest amount one order may have, in fen; default 1,000,000,000 (10 million yuan). */
    public Builder maxTotalFee(long maxTotalFee) {
      settings.maxTotalFee(maxTotalFee);
      return this;
    }

    /** How long a new order may be paid unless the request says otherwise; default 2 hours. */
    public Builder defaultExpiry(Duration defaultExpiry) {
      settings.defaultExpiry(defaultExpiry);
      return this;
    }

    /** The largest notification body accepted; default 64 KiB. */
    public Builder maxNotifyBodyBytes(int bytes) {
      settings.maxNotifyBodyBytes(bytes);
      return this;
    }

    /** The longest {@code getOrder} waits for a notification; default 20 s. */
    public Builder maxAwait(Duration maxAwait) {
      settings.maxAwait(maxAwait);
      return this;
    }

    /** How soon after creation the sweeper first queries an unpaid order; default 1 minute. */
    public Builder firstCheckDelay(Duration firstCheckDelay) {
      settings.firstCheckDelay(firstCheckDelay);
      return this;
    }

    /** Refund a second payment for an already-paid business order automatically; default on. */
    public Builder refundDuplicatePayments(boolean on) {
      settings.refundDuplicatePayments(on);
      return this;
    }

    /** Refund a payment that arrived after its order was closed automatically; default off. */
    public Builder refundLateAfterClose(boolean on) {
      settings.refundLateAfterClose(on);
      return this;
    }

    /**
     * How long after expiry a closed order that the provider did not know yet is queried one last
     * time (design §14.1), covering clock skew between us and the provider; default 5 minutes.
     */
    public Builder finalCheckMargin(Duration margin) {
      settings.finalCheckMargin(margin);
      return this;
    }

    /**
     * Told about every verified fact that needs an operator (unmatched or conflicting payments,
     * trades refunded at the provider, stuck or reopened refunds), after it is committed.
     */
    public Builder ledgerListener(LedgerListener listener) {
      settings.ledgerListener(listener);
      return this;
    }

    /**
     * Enables transfers (payouts): their repository (on this engine's database), the handler of
     * each transfer type, and the limits. See {@link io.unipay.core.transfer.TransferSettings}.
     */
    public Builder transfers(TransferSettings settings) {
      this.settings.transfers(settings);
      return this;
    }

    /**
     * Told the outcome of every settlement attempt, including those in which no handler runs
     * (for metrics); see {@link SettlementListener}.
     */
    public Builder settlementListener(SettlementListener listener) {
      settings.settlementListener(listener);
      return this;
    }

    /** Builds the engine. @throws UniPayException CONFIGURATION_INVALID naming what is missing */
    public UniPay build() {
      settings.checkComplete();
      return new UniPay(this);
    }
  }
}
