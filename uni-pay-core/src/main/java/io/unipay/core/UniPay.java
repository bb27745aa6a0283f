package io.unipay.core;

import static java.util.Objects.requireNonNull;

import io.unipay.core.internal.EventLog;
import io.unipay.core.internal.Ids;
import io.unipay.core.internal.LogSafe;
import io.unipay.core.internal.ProviderRefunds;
import io.unipay.core.internal.RefundBook;
import io.unipay.core.internal.Settlement;
import io.unipay.core.internal.TransferEngine;
import io.unipay.core.ledger.Ledger;
import io.unipay.core.ledger.LedgerListener;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.order.SettlementFlag;
import io.unipay.core.spi.NotifyHandler;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.PayClient;
import io.unipay.core.spi.PrepayRequest;
import io.unipay.core.spi.PrepayResult;
import io.unipay.core.spi.TradeSnapshot;
import io.unipay.core.transfer.Transfer;
import io.unipay.core.transfer.TransferRequest;
import io.unipay.core.transfer.TransferResult;
import io.unipay.core.transfer.TransferSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger log = LoggerFactory.getLogger(UniPay.class);

  private final OrderRepository repository;
  private final Map<Provider, PayClient> clients;
  private final Map<String, NotifyHandler> handlers;
  private final String notifyBaseUrl;
  private final Clock clock;
  private final Supplier<String> ids;
  private final long maxTotalFee;
  private final Duration defaultExpiry;
  private final int maxNotifyBodyBytes;
  private final Duration maxAwait;
  private final Duration firstCheckDelay;
  private final boolean refundDuplicatePayments;
  private final boolean refundLateAfterClose;
  private final Duration finalCheckMargin;
  private final EventLog events;
  private final Settlement settlement;
  private final RefundBook refundBook;
  private final Refunds refunds;
  private final Ledger ledger;
  private final Notifications notifications;
  private final Closing closing;
  private final TransferEngine transfers; // null when transfers are not configured
  private final ClientPurchases clientPurchases;

  private UniPay(Builder b) {
    this.repository = b.repository;
    this.clients = new EnumMap<>(b.clients);
    this.handlers = Map.copyOf(b.handlers);
    this.notifyBaseUrl = b.notifyBaseUrl;
    this.clock = b.clock;
    this.ids = b.ids != null ? b.ids : Ids.timeOrdered(b.clock);
    this.maxTotalFee = b.maxTotalFee;
    this.defaultExpiry = b.defaultExpiry;
    this.maxNotifyBodyBytes = b.maxNotifyBodyBytes;
    this.maxAwait = b.maxAwait;
    this.firstCheckDelay = b.firstCheckDelay;
    this.refundDuplicatePayments = b.refundDuplicatePayments;
    this.refundLateAfterClose = b.refundLateAfterClose;
    this.finalCheckMargin = b.finalCheckMargin;
    this.events = new EventLog(repository, clock, b.ledgerListener);
    this.settlement =
        new Settlement(
            repository,
            handlers,
            clock,
            events,
            order -> {
              if (refundDuplicatePayments) refundFlagged(order);
            },
            order -> {
              if (refundLateAfterClose) autoRefund(order, "paid after the order was closed");
            },
            b.settlementListener);
    this.refundBook = new RefundBook(repository, handlers, clock, events);
    this.refunds =
        new Refunds(
            repository, this::client, refundBook, events, clock, ids,
            order -> refundNotifyUrl(order.provider()));
    this.transfers =
        b.transfers == null
            ? null
            : new TransferEngine(b.transfers, clients, events, clock, ids, this::transferNotifyUrl);
    this.ledger =
        new EngineLedger(
            repository, settlement, refundBook, events,
            (refund, source) -> refunds.reconcile(refund, source), transfers);
    ProviderRefunds providerRefunds =
        new ProviderRefunds(repository, settlement, refundBook, events, clock);
    this.clientPurchases =
        new ClientPurchases(repository, settlement, providerRefunds, events, clock);
    this.notifications =
        new Notifications(
            clients, settlement, refundBook, events, clock, maxNotifyBodyBytes, providerRefunds,
            transfers);
    this.closing = new Closing(repository, settlement, this::client, clock, finalCheckMargin);
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
    PayClient client = validate(request);
    Instant now = clock.instant();
    Duration expireAfter = request.expireAfter() != null ? request.expireAfter() : defaultExpiry;

    PayOrder order = null;
    boolean reused = false;
    for (PayOrder existing : repository.findByOrderNo(request.orderNo())) {
      if (existing.status().isPaid()) {
        throw new UniPayException(
            ErrorCode.ORDER_ALREADY_PAID,
            "order_no " + request.orderNo() + " is already paid (out_trade_no "
                + existing.outTradeNo() + ", status " + existing.status() + ")");
      }
      boolean live =
          existing.status() == OrderStatus.UNPAID
              && existing.expireDate().isAfter(now.plus(Duration.ofMinutes(1)));
      if (!live) continue;
      if (existing.totalFee() != request.totalFee()) {
        throw new UniPayException(
            ErrorCode.ORDER_AMOUNT_CONFLICT,
            "order_no " + request.orderNo() + " has an unpaid payment of " + existing.totalFee()
                + " fen (out_trade_no " + existing.outTradeNo() + "); requested "
                + request.totalFee() + " fen. Close it first or use a new order_no");
      }
      if (existing.provider() == request.provider()
          && existing.payType() == request.payType()
          && java.util.Objects.equals(existing.openid(), request.openid())) {
        order = existing;
        reused = true;
      }
    }
    if (order == null) {
      String outTradeNo = client.newOutTradeNo(ids);
      if (!Ids.OUT_TRADE_NO.matcher(outTradeNo).matches()) {
        throw new UniPayException(
            ErrorCode.CONFIGURATION_INVALID,
            "the out_trade_no generator produced '" + outTradeNo
                + "': it must give 1..32 chars of [0-9A-Za-z]");
      }
      order =
          PayOrder.builder()
              .outTradeNo(outTradeNo)
              .orderNo(request.orderNo())
              .type(request.type())
              .provider(request.provider())
              .payType(request.payType())
              .status(OrderStatus.UNPAID)
              .totalFee(request.totalFee())
              .currency("CNY")
              .description(request.description())
              .userId(request.userId())
              .openid(request.openid())
              .clientIp(request.clientIp())
              .providerAppId(client.appId(request.payType(), request.type()).orElseThrow())
              .mchId(client.merchantId())
              .custom(request.custom())
              .createDate(now)
              .expireDate(now.plus(expireAfter))
              .nextCheckAt(now.plus(firstCheckDelay))
              .build();
      repository.insert(order);
    }
    PrepayResult payload =
        client.prepay(
            new PrepayRequest(
                order.outTradeNo(),
                order.payType(),
                order.totalFee(),
                order.currency(),
                order.description(),
                notifyUrl(order.provider(), order.payType()),
                order.expireDate(),
                order.openid(),
                order.clientIp(),
                request.returnUrl(),
                order.type()));
    log.info(
        "{} {} - payment order {} for order_no {} ({} fen, {})",
        order.provider().code(), order.outTradeNo(), reused ? "reused" : "created",
        order.orderNo(), order.totalFee(), order.payType().code());
    return new CreateOrderResult(
        order.outTradeNo(), order.orderNo(), order.provider(), order.payType(), order.totalFee(),
        order.expireDate(), payload, reused);
  }

  private PayClient validate(CreateOrderRequest r) {
    return CreateOrderValidation.validate(r, handlers, clients, maxTotalFee);
  }

  /** The notify URL sent to the provider for a pay type: {@code {base}/{provider}/{payType}}. */
  public String notifyUrl(Provider provider, PayType payType) {
    return notifyBaseUrl + "/" + provider.code() + "/" + payType.code();
  }

  /** The refund notify URL sent to the provider: {@code {base}/{provider}/refund}. */
  public String refundNotifyUrl(Provider provider) {
    return notifyBaseUrl + "/" + provider.code() + "/refund";
  }

  /** The transfer notify URL sent to the provider: {@code {base}/{provider}/transfer}. */
  public String transferNotifyUrl(Provider provider) {
    return notifyBaseUrl + "/" + provider.code() + "/transfer";
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
    return notifications.handle(request);
  }

  /**
   * Settles a verified provider result through the same path as a notification (for manual
   * repair or a host's own reconciliation).
   */
  public SettlementOutcome settle(Provider provider, TradeSnapshot trade, String source) {
    requireNonNull(provider, "provider == null");
    requireNonNull(trade, "trade == null");
    return settlement.settle(provider, trade, source == null ? "manual" : source);
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
    PayOrder order = resolve(outTradeNo, null);
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

  /**
   * The provider-event ledger: every verified provider fact and what the engine did with it;
   * lists the unresolved ones and replays them (design §13).
   */
  public Ledger ledger() {
    return ledger;
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
    PayOrder order = resolve(query.outTradeNo(), query.orderNo());
    boolean watched = order.status() == OrderStatus.CLOSED && order.finalCheckAt() != null;
    if (order.status() != OrderStatus.UNPAID && !watched) return order;
    Duration wait = query.awaitNotify().compareTo(maxAwait) > 0 ? maxAwait : query.awaitNotify();
    long deadline = System.nanoTime() + wait.toNanos();
    while (order.status() == OrderStatus.UNPAID && System.nanoTime() < deadline) {
      sleep(Math.min(200, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
      order = repository.find(order.outTradeNo()).orElseThrow();
    }
    watched = order.status() == OrderStatus.CLOSED && order.finalCheckAt() != null;
    if ((order.status() == OrderStatus.UNPAID || watched) && query.syncWithProvider()) {
      TradeSnapshot trade = queryTrade(order);
      if (trade.state().isPaid()) settlement.settle(order.provider(), trade, "query");
      order = repository.find(order.outTradeNo()).orElseThrow();
    }
    return order;
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
    PayOrder order = resolve(outTradeNo, null);
    if (order.status() == OrderStatus.CLOSED) return order;
    if (order.status().isPaid()) throw alreadyPaid(order);
    PayOrder after = closeAtProvider(order, "close");
    if (after.status().isPaid()) throw alreadyPaid(after);
    if (after.status() == OrderStatus.UNPAID) {
      throw new UniPayException(
          ErrorCode.PROVIDER_UNAVAILABLE,
          "out_trade_no " + outTradeNo + " is being paid right now; try closing again later");
    }
    return after;
  }

  /** The close protocol shared with the sweeper; see {@link Closing#closeAtProvider}. */
  PayOrder closeAtProvider(PayOrder order, String source) {
    return closing.closeAtProvider(order, source);
  }

  /** The final check of a watched closed order; see {@link Closing#finalCheck}. */
  PayOrder finalCheck(PayOrder order) {
    return closing.finalCheck(order);
  }

  /** Queries the trade, checking the answer is about it; see {@link Closing#queryTrade}. */
  TradeSnapshot queryTrade(PayOrder order) {
    return closing.queryTrade(order);
  }

  private static UniPayException alreadyPaid(PayOrder order) {
    return new UniPayException(
        ErrorCode.ORDER_ALREADY_PAID,
        "out_trade_no " + order.outTradeNo() + " is paid (status " + order.status()
            + "); refund it instead of closing");
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
    return refunds.refund(resolve(request.outTradeNo(), request.orderNo()), request);
  }

  /**
   * The refund with this out_refund_no; with {@code syncWithProvider} a PROCESSING refund is
   * reconciled with the provider first (queried, and re-sent if the provider does not know it).
   *
   * @throws UniPayException REFUND_NOT_FOUND
   */
  public Refund getRefund(String outRefundNo, boolean syncWithProvider) {
    Refund refund =
        repository.findRefund(outRefundNo).orElseThrow(
            () -> new UniPayException(
                ErrorCode.REFUND_NOT_FOUND, "no refund " + LogSafe.quote(outRefundNo)));
    if (syncWithProvider && refund.status() == RefundStatus.PROCESSING) {
      refunds.reconcile(refund, "query");
      refund = repository.findRefund(outRefundNo).orElseThrow();
    }
    return refund;
  }

  /** Every refund of a payment order, oldest first. */
  public List<Refund> refunds(String outTradeNo) {
    return refunds.of(outTradeNo);
  }

  /** Refunds a flagged payment (duplicate, late after close) in full. Shared with the sweeper. */
  void refundFlagged(PayOrder order) {
    autoRefund(
        order,
        order.settleFlag() == SettlementFlag.DUPLICATE_PAYMENT
            ? "duplicate payment"
            : "paid after the order was closed");
  }

  /** The flags whose payments the sweeper refunds automatically under this configuration. */
  Set<SettlementFlag> autoRefundedFlags() {
    Set<SettlementFlag> flags = EnumSet.noneOf(SettlementFlag.class);
    if (refundDuplicatePayments) flags.add(SettlementFlag.DUPLICATE_PAYMENT);
    if (refundLateAfterClose) flags.add(SettlementFlag.LATE_AFTER_CLOSE);
    return flags;
  }

  Refunds refundService() {
    return refunds;
  }

  private void autoRefund(PayOrder order, String reason) {
    log.warn(
        "{} - refunding {} fen automatically: {}", order.outTradeNo(), order.totalFee(), reason);
    refund(RefundRequest.of(order.outTradeNo(), order.totalFee() - order.refundFee(), reason));
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
    return transfers().transfer(request);
  }

  /** The transfer with this business transfer number. @throws UniPayException TRANSFER_NOT_FOUND */
  public Transfer getTransfer(String transferNo) {
    return transfers().get(transferNo, false);
  }

  /**
   * The transfer with this number; with {@code syncWithProvider} one that is not final is queried
   * first and the verified answer applied (its handler runs once if it ends).
   *
   * @throws UniPayException TRANSFER_NOT_FOUND, or a provider failure (nothing changed)
   */
  public Transfer getTransfer(String transferNo, boolean syncWithProvider) {
    return transfers().get(transferNo, syncWithProvider);
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
    return transfers().cancel(transferNo);
  }

  private TransferEngine transfers() {
    if (transfers == null) {
      throw new UniPayException(
          ErrorCode.CONFIGURATION_INVALID,
          "transfers are not configured; add UniPay.builder().transfers(TransferSettings...)");
    }
    return transfers;
  }

  /** The transfer engine, or null when transfers are not configured (for the sweeper). */
  TransferEngine transferEngine() {
    return transfers;
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
    return Set.copyOf(clients.keySet());
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

  OrderRepository repository() {
    return repository;
  }

  Settlement settlement() {
    return settlement;
  }

  EventLog events() {
    return events;
  }

  Clock clock() {
    return clock;
  }

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

  private PayOrder resolve(String outTradeNo, String orderNo) {
    if (outTradeNo != null) {
      return repository.find(outTradeNo).orElseThrow(
          () -> new UniPayException(
              ErrorCode.ORDER_NOT_FOUND, "no payment order " + LogSafe.quote(outTradeNo)));
    }
    if (orderNo == null) throw UniPayException.invalid("outTradeNo or orderNo is required");
    return primary(repository.findByOrderNo(orderNo))
        .orElseThrow(
            () -> new UniPayException(
                ErrorCode.ORDER_NOT_FOUND, "no payment order for order_no "
                    + LogSafe.quote(orderNo)));
  }

  /**
   * The payment that stands for a business order: the paid one whose handler ran, else a paid
   * one that is not a duplicate, else any paid one, else the newest.
   */
  static Optional<PayOrder> primary(List<PayOrder> all) {
    Comparator<PayOrder> rank =
        Comparator.<PayOrder>comparingInt(o -> o.status().isPaid() ? 1 : 0)
            .thenComparingInt(o -> o.userOrderSuccess() ? 1 : 0)
            .thenComparingInt(o -> o.settleFlag() == SettlementFlag.DUPLICATE_PAYMENT ? 0 : 1)
            .thenComparing(PayOrder::createDate);
    return all.stream().max(rank);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UniPayException(ErrorCode.OUTCOME_UNKNOWN, "interrupted while waiting", e);
    }
  }

  /** Configures and builds a {@link UniPay}. */
  public static final class Builder {
    private OrderRepository repository;
    private final Map<Provider, PayClient> clients = new EnumMap<>(Provider.class);
    private final Map<String, NotifyHandler> handlers = new LinkedHashMap<>();
    private String notifyBaseUrl;
    private Clock clock = Clock.systemUTC();
    private Supplier<String> ids;
    private long maxTotalFee = 10_000_000_00L; // 10 million yuan, Alipay's limit is 100 million
    private Duration defaultExpiry = Duration.ofHours(2);
    private int maxNotifyBodyBytes = 64 * 1024;
    private Duration maxAwait = Duration.ofSeconds(20);
    private Duration firstCheckDelay = Duration.ofMinutes(1);
    private boolean refundDuplicatePayments = true;
    private boolean refundLateAfterClose = false;
    private Duration finalCheckMargin = Duration.ofMinutes(5);
    private LedgerListener ledgerListener = event -> {};
    private TransferSettings transfers;
    private SettlementListener settlementListener = (provider, outTradeNo, outcome, source) -> {};

    private Builder() {}

    /** Where orders and refunds are stored. Required. */
    public Builder repository(OrderRepository repository) {
      this.repository = requireNonNull(repository, "repository == null");
      return this;
    }

    /** Adds a provider account; one per provider. */
    public Builder payClient(PayClient client) {
      requireNonNull(client, "client == null");
      if (clients.putIfAbsent(client.provider(), client) != null) {
        throw new UniPayException(
            ErrorCode.CONFIGURATION_INVALID,
            "a PayClient for " + client.provider().code() + " is already registered");
      }
      return this;
    }

    /** Registers the handler for one order type (e.g. {@code vip}). */
    public Builder handler(String type, NotifyHandler handler) {
      requireNonNull(handler, "handler == null");
      if (type == null || !Ids.TYPE.matcher(type).matches()) {
        throw new UniPayException(
            ErrorCode.CONFIGURATION_INVALID, "type '" + type + "' must be 1..32 chars of [0-9A-Za-z_-]");
      }
      if (handlers.putIfAbsent(type, handler) != null) {
        throw new UniPayException(
            ErrorCode.CONFIGURATION_INVALID, "a handler for type '" + type + "' is already registered");
      }
      return this;
    }

    /**
     * The public base URL of the host's notify endpoint, e.g.
     * {@code https://shop.example.com/pay/notify}; the library appends
     * {@code /{provider}/{payType}}. Required; HTTPS for real providers.
     */
    public Builder notifyBaseUrl(String notifyBaseUrl) {
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
      return this;
    }

    /** The clock for every timestamp the engine writes; default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock == null");
      return this;
    }

    /** The source of out_trade_no and out_refund_no values (≤ 32 chars of [0-9A-Za-z]). */
    public Builder idGenerator(Supplier<String> ids) {
      this.ids = requireNonNull(ids, "ids == null");
      return this;
    }

    /** The largest amount one order may have, in fen; default 1,000,000,000 (10 million yuan). */
    public Builder maxTotalFee(long maxTotalFee) {
      if (maxTotalFee <= 0) {
        throw new UniPayException(ErrorCode.CONFIGURATION_INVALID, "maxTotalFee must be > 0");
      }
      this.maxTotalFee = maxTotalFee;
      return this;
    }

    /** How long a new order may be paid unless the request says otherwise; default 2 hours. */
    public Builder defaultExpiry(Duration defaultExpiry) {
      if (defaultExpiry.compareTo(Duration.ofMinutes(1)) < 0) {
        throw new UniPayException(ErrorCode.CONFIGURATION_INVALID, "defaultExpiry must be ≥ 1 minute");
      }
      this.defaultExpiry = defaultExpiry;
      return this;
    }

    /** The largest notification body accepted; default 64 KiB. */
    public Builder maxNotifyBodyBytes(int bytes) {
      if (bytes < 1024) {
        throw new UniPayException(ErrorCode.CONFIGURATION_INVALID, "maxNotifyBodyBytes must be ≥ 1024");
      }
      this.maxNotifyBodyBytes = bytes;
      return this;
    }

    /** The longest {@code getOrder} waits for a notification; default 20 s. */
    public Builder maxAwait(Duration maxAwait) {
      this.maxAwait = requireNonNull(maxAwait, "maxAwait == null");
      return this;
    }

    /** How soon after creation the sweeper first queries an unpaid order; default 1 minute. */
    public Builder firstCheckDelay(Duration firstCheckDelay) {
      this.firstCheckDelay = requireNonNull(firstCheckDelay, "firstCheckDelay == null");
      return this;
    }

    /** Refund a second payment for an already-paid business order automatically; default on. */
    public Builder refundDuplicatePayments(boolean on) {
      this.refundDuplicatePayments = on;
      return this;
    }

    /** Refund a payment that arrived after its order was closed automatically; default off. */
    public Builder refundLateAfterClose(boolean on) {
      this.refundLateAfterClose = on;
      return this;
    }

    /**
     * How long after expiry a closed order that the provider did not know yet is queried one last
     * time (design §14.1), covering clock skew between us and the provider; default 5 minutes.
     */
    public Builder finalCheckMargin(Duration margin) {
      requireNonNull(margin, "margin == null");
      if (margin.isNegative()) {
        throw new UniPayException(
            ErrorCode.CONFIGURATION_INVALID, "finalCheckMargin must not be negative");
      }
      this.finalCheckMargin = margin;
      return this;
    }

    /**
     * Told about every verified fact that needs an operator (unmatched or conflicting payments,
     * trades refunded at the provider, stuck or reopened refunds), after it is committed.
     */
    public Builder ledgerListener(LedgerListener listener) {
      this.ledgerListener = requireNonNull(listener, "listener == null");
      return this;
    }

    /**
     * Enables transfers (payouts): their repository (on this engine's database), the handler of
     * each transfer type, and the limits. See {@link io.unipay.core.transfer.TransferSettings}.
     */
    public Builder transfers(TransferSettings settings) {
      this.transfers = requireNonNull(settings, "settings == null");
      return this;
    }

    /**
     * Told the outcome of every settlement attempt, including those in which no handler runs
     * (for metrics); see {@link SettlementListener}.
     */
    public Builder settlementListener(SettlementListener listener) {
      this.settlementListener = requireNonNull(listener, "listener == null");
      return this;
    }

    /** Builds the engine. @throws UniPayException CONFIGURATION_INVALID naming what is missing */
    public UniPay build() {
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
      return new UniPay(this);
    }
  }
}
