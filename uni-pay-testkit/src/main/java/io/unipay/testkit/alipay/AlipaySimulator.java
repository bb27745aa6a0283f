package io.unipay.testkit.alipay;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.MockWebServer;

/**
 * An offline Alipay OpenAPI gateway on loopback HTTP with real RSA2 crypto, for tests. It verifies
 * the app's request signatures, implements {@code alipay.trade.precreate}, {@code create}, {@code
 * query}, {@code close}, {@code refund} and {@code fastpay.refund.query} over remembered trades,
 * signs its answers like the real gateway (with {@code /} escaped as {@code \/}), and POSTs signed
 * notifications with Alipay's redelivery schedule (compressed).
 *
 * <pre>{@code
 * try (AlipaySimulator alipay = AlipaySimulator.start()) {
 *   AlipayConfig config = AlipayConfig.builder().appId(alipay.appId())
 *       .appPrivateKey(alipay.appPrivateKeyPem()).alipayPublicKey(alipay.alipayPublicKeyPem())
 *       .gatewayUrl(alipay.gatewayUrl()).build();
 *   ...
 *   alipay.pay(outTradeNo);   // TRADE_SUCCESS + signed notification to the trade's notify_url
 * }
 * }</pre>
 *
 * <p>Defaults: app id {@value #DEFAULT_APP_ID}, seller id {@value #DEFAULT_SELLER_ID}, the
 * shipped test keys (app key {@code merchant_private_key.pem}, Alipay key {@code
 * wechat_pay_private_key.pem}, as in protocols §D2). In certificate mode it issues fresh
 * certificates for those keys from its own root. Thread-safe.
 */
public final class AlipaySimulator implements AutoCloseable {
  /** The default app id (the one of the published vectors). */
  public static final String DEFAULT_APP_ID = "2014072300007148";
  /** The default seller id (the one of the published notification vector). */
  public static final String DEFAULT_SELLER_ID = "2088102119685838";
  /** The default payer. */
  public static final String DEFAULT_BUYER_ID = "2088102122524333";

  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.ofHours(8));

  final String appId;
  final String sellerId;
  private final String appPrivateKeyPem;
  final PublicKey appPublicKey;
  final PrivateKey alipayPrivateKey;
  private final String alipayPublicKeyPem;
  final boolean certificateMode;
  private final String appCertPem;
  private final String alipayCertPem;
  private final String rootCertPem;
  final String appCertSn;
  final String alipayCertSn;
  final String rootCertSn;
  final Clock clock;
  final Duration slowResponseDelay;
  final boolean deferRefundSettlement;
  final boolean notifyRefunds;

  final Object lock = new Object();
  final Map<String, SimTrade> trades = new LinkedHashMap<>();
  private final SimFaults faults = new SimFaults();
  private final AtomicLong sequence = new AtomicLong(System.nanoTime() % 1_000_000_000L);
  private final List<String> calls = new ArrayList<>();
  final SimNotifier notifier;
  private final MockWebServer server;

  private AlipaySimulator(Builder b) {
    this.appId = b.appId;
    this.sellerId = b.sellerId;
    this.appPrivateKeyPem = b.appPrivateKeyPem;
    PrivateKey appPrivateKey = SimCrypto.privateKey(b.appPrivateKeyPem);
    this.appPublicKey = SimCrypto.publicKeyOf(appPrivateKey);
    this.alipayPrivateKey = SimCrypto.privateKey(b.alipayPrivateKeyPem);
    PublicKey alipayPublicKey = SimCrypto.publicKeyOf(alipayPrivateKey);
    this.alipayPublicKeyPem = SimCrypto.pem("PUBLIC KEY", alipayPublicKey.getEncoded());
    this.certificateMode = b.certificateMode;
    this.clock = b.clock;
    this.slowResponseDelay = b.slowResponseDelay;
    this.deferRefundSettlement = b.deferRefundSettlement;
    this.notifyRefunds = b.notifyRefunds;
    SimCertificates certs =
        certificateMode ? SimCertificates.issue(appId, appPublicKey, alipayPublicKey) : null;
    this.appCertPem = certs == null ? null : certs.appCertPem();
    this.alipayCertPem = certs == null ? null : certs.alipayCertPem();
    this.rootCertPem = certs == null ? null : certs.rootCertPem();
    this.appCertSn = certs == null ? null : certs.appCertSn();
    this.alipayCertSn = certs == null ? null : certs.alipayCertSn();
    this.rootCertSn = certs == null ? null : certs.rootCertSn();
    this.notifier = new SimNotifier(this, b.notifyRetryCompression);
    this.server = new MockWebServer();
    server.setServerSocketFactory(
        new IdleClosingServerSocketFactory((int) b.closeIdleConnectionsAfter.toMillis()));
    server.setDispatcher(new SimGateway(this));
    try {
      server.start(InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      notifier.close();
      throw new UncheckedIOException("cannot start the Alipay simulator", e);
    }
  }

  /** A simulator with every default, already listening. */
  public static AlipaySimulator start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- what a client config needs

  /** The gateway URL, e.g. {@code http://127.0.0.1:41234/gateway.do}. */
  public String gatewayUrl() {
    return server.url("/gateway.do").toString();
  }

  public String appId() {
    return appId;
  }

  /** The seller id the simulator puts in notifications and query answers. */
  public String sellerId() {
    return sellerId;
  }

  /** The app private key (PKCS#8 PEM) the client signs with. */
  public String appPrivateKeyPem() {
    return appPrivateKeyPem;
  }

  /** The Alipay public key (PEM) for public-key mode. */
  public String alipayPublicKeyPem() {
    return alipayPublicKeyPem;
  }

  public boolean isCertificateMode() {
    return certificateMode;
  }

  /** Certificate mode: the app certificate (PEM), issued by the simulator's CA. */
  public String appCertPem() {
    return requireCertMode(appCertPem);
  }

  /** Certificate mode: the Alipay public-key certificate (PEM). */
  public String alipayCertPem() {
    return requireCertMode(alipayCertPem);
  }

  /** Certificate mode: the root bundle (PEM; an ECDSA root first, then the RSA root). */
  public String alipayRootCertPem() {
    return requireCertMode(rootCertPem);
  }

  /** Certificate mode: the {@code app_cert_sn} the gateway expects. */
  public String appCertSn() {
    return requireCertMode(appCertSn);
  }

  /** Certificate mode: the {@code alipay_root_cert_sn} the gateway expects. */
  public String alipayRootCertSn() {
    return requireCertMode(rootCertSn);
  }

  /** Certificate mode: the {@code alipay_cert_sn} carried by every answer. */
  public String alipayCertSn() {
    return requireCertMode(alipayCertSn);
  }

  private String requireCertMode(String value) {
    if (!certificateMode) {
      throw new IllegalStateException("the simulator runs in public-key mode: use builder().certificateMode(true)");
    }
    return value;
  }

  // ---------------------------------------------------------------- test controls

  /** The payer scans a precreate QR code: the trade now exists at Alipay (WAIT_BUYER_PAY). */
  public void scan(String outTradeNo) {
    synchronized (lock) {
      trade(outTradeNo).visible = true;
    }
  }

  /** {@link #pay(String, String)} by {@link #DEFAULT_BUYER_ID}. */
  public void pay(String outTradeNo) {
    pay(outTradeNo, DEFAULT_BUYER_ID);
  }

  /**
   * The payer pays: the trade becomes {@code TRADE_SUCCESS} and a signed notification is POSTed to
   * its {@code notify_url} on a background thread, redelivered until answered {@code success}.
   *
   * @throws IllegalStateException when the trade is unknown or not waiting for payment
   */
  public void pay(String outTradeNo, String buyerId) {
    SignedForm form;
    SimTrade trade;
    synchronized (lock) {
      trade = trade(outTradeNo);
      if (!"WAIT_BUYER_PAY".equals(trade.status)) {
        throw new IllegalStateException("trade " + outTradeNo + " is " + trade.status + ", cannot be paid");
      }
      trade.visible = true;
      trade.buyerId = requireNonNull(buyerId, "buyerId == null");
      trade.status = "TRADE_SUCCESS";
      trade.paidAt = clock.instant();
      form = notificationFor(trade, null);
    }
    notifier.deliver(trade.outTradeNo, trade.notifyUrl, form);
  }

  /** {@link #acceptOrderString} then {@link #pay(String)}: the payer pays in the Alipay app. */
  public String payOrderString(String orderStr) {
    String outTradeNo = acceptOrderString(orderStr);
    pay(outTradeNo);
    return outTradeNo;
  }

  /** {@link #acceptPageUrl} then {@link #pay(String)}: the payer pays on the page/wap cashier. */
  public String payPageUrl(String url) {
    String outTradeNo = acceptPageUrl(url);
    pay(outTradeNo);
    return outTradeNo;
  }

  /**
   * The refund period of a paid trade ends: {@code TRADE_FINISHED} (final, no longer refundable),
   * with a {@code TRADE_FINISHED} notification.
   */
  public void finish(String outTradeNo) {
    SignedForm form;
    SimTrade trade;
    synchronized (lock) {
      trade = trade(outTradeNo);
      if (!"TRADE_SUCCESS".equals(trade.status)) {
        throw new IllegalStateException("trade " + outTradeNo + " is " + trade.status + ", cannot finish");
      }
      trade.status = "TRADE_FINISHED";
      form = notificationFor(trade, null);
    }
    notifier.deliver(trade.outTradeNo, trade.notifyUrl, form);
  }

  /**
   * The trade expires unpaid: {@code TRADE_CLOSED}, and a {@code TRADE_CLOSED} notification. An
   * unscanned precreate QR code never existed at Alipay, so it just stops being payable, silently.
   */
  public void closeByTimeout(String outTradeNo) {
    SignedForm form;
    SimTrade trade;
    synchronized (lock) {
      trade = trade(outTradeNo);
      if (!"WAIT_BUYER_PAY".equals(trade.status)) {
        throw new IllegalStateException("trade " + outTradeNo + " is " + trade.status + ", cannot time out");
      }
      trade.status = "TRADE_CLOSED";
      if (!trade.visible) return;
      form = notificationFor(trade, null);
    }
    notifier.deliver(trade.outTradeNo, trade.notifyUrl, form);
  }

  /** Sends the trade's last notification once more, unchanged (same {@code notify_id}). */
  public void duplicateNotify(String outTradeNo) {
    String url;
    synchronized (lock) {
      url = trade(outTradeNo).notifyUrl;
    }
    SignedForm last =
        notifier.lastSent(outTradeNo)
            .orElseThrow(() -> new IllegalStateException("no notification was sent for " + outTradeNo));
    notifier.deliverOnce(outTradeNo, url, last);
  }

  /** Sends the refund notification for one refund ({@code refund_fee}, {@code out_biz_no}). */
  public void notifyRefund(String outTradeNo, String outRequestNo) {
    SignedForm form = refundNotification(outTradeNo, outRequestNo);
    String url;
    synchronized (lock) {
      url = trade(outTradeNo).notifyUrl;
    }
    notifier.deliver(outTradeNo, url, form);
  }

  /** Marks a refund made with {@code deferRefundSettlement} as settled (REFUND_SUCCESS). */
  public void settleRefund(String outTradeNo, String outRequestNo) {
    synchronized (lock) {
      SimTrade.SimRefund r = trade(outTradeNo).refunds.get(outRequestNo);
      if (r == null) throw new IllegalStateException("no refund " + outRequestNo + " for " + outTradeNo);
      r.settled = true;
    }
  }

  /**
   * The next {@code times} gateway calls, whatever their method, fail with {@code fault} at its
   * {@link Fault#defaultPoint()} (queued after earlier faults). Faults injected for a method with
   * {@link #injectFault(String, Fault, FaultPoint, int)} are used first for that method.
   */
  public void injectFault(Fault fault, int times) {
    requireNonNull(fault, "fault == null");
    faults.add(null, new SimFaults.Injected(fault, fault.defaultPoint(), null), times);
  }

  /** {@link #injectFault(String, Fault, FaultPoint, int)} at the fault's default point. */
  public void injectFault(String method, Fault fault, int times) {
    requireNonNull(fault, "fault == null");
    injectFault(method, fault, fault.defaultPoint(), times);
  }

  /**
   * The next {@code times} calls of gateway {@code method} (e.g. {@code alipay.trade.refund},
   * {@code alipay.trade.fastpay.refund.query}, {@code alipay.trade.query}) fail with {@code
   * fault}, {@linkplain FaultPoint#BEFORE_APPLY before} the call takes effect (nothing done) or
   * {@linkplain FaultPoint#AFTER_APPLY after} (e.g. the refund exists, its answer is lost). Calls
   * of other methods are not affected.
   */
  public void injectFault(String method, Fault fault, FaultPoint point, int times) {
    requireNonNull(method, "method == null");
    faults.add(method, new SimFaults.Injected(fault, point, null), times);
  }

  /**
   * The next {@code times} calls of {@code method} are carried out and answered, validly signed,
   * for trade {@code otherOutTradeNo} instead of the one asked about ({@link Fault#ANOTHER_ORDER}).
   */
  public void answerAboutAnotherOrder(String method, String otherOutTradeNo, int times) {
    requireNonNull(method, "method == null");
    requireNonNull(otherOutTradeNo, "otherOutTradeNo == null");
    faults.add(
        method, new SimFaults.Injected(Fault.ANOTHER_ORDER, FaultPoint.AFTER_APPLY, otherOutTradeNo), times);
  }

  /** Forgets every fault injected and not yet used. */
  public void clearFaults() {
    faults.clear();
  }

  /** The next {@code count} notifications (with all their redeliveries) are lost in transit. */
  public void dropNextNotifications(int count) {
    notifier.drop(count);
  }

  /** The next {@code count} notifications are sent with a wrong signature. */
  public void tamperNextNotifications(int count) {
    notifier.tamper(count);
  }

  // ---------------------------------------------------------------- trades from app/page/wap

  /**
   * Registers the trade of an {@code alipay.trade.app.pay} order string, as the Alipay app would
   * after verifying it.
   *
   * @return the out_trade_no
   * @throws IllegalArgumentException when the signature, app id, method or certificate SNs are wrong
   */
  public String acceptOrderString(String orderStr) {
    return SimCashier.acceptOrderString(this, orderStr);
  }

  /** Registers the trade of a page/wap GET URL (every parameter in the query string). */
  public String acceptPageUrl(String url) {
    return SimCashier.acceptPageUrl(this, url);
  }

  /** Registers the trade of a page/wap auto-submit form (action query + hidden biz_content). */
  public String acceptPageForm(String html) {
    return SimCashier.acceptPageForm(this, html);
  }

  // ---------------------------------------------------------------- signed notifications, no HTTP

  /** The {@code TRADE_SUCCESS} notification of a trade paid through {@link #pay}. */
  public SignedForm paymentNotification(String outTradeNo) {
    synchronized (lock) {
      SimTrade trade = trade(outTradeNo);
      if (!trade.isPaid()) throw new IllegalStateException("trade " + outTradeNo + " is not paid");
      return notificationFor(trade, null);
    }
  }

  /**
   * A {@code TRADE_SUCCESS} notification for any out_trade_no and amount, the simulator's app and
   * seller, signed like the real one. Needs no trade and no HTTP (engine tests, benchmarks).
   */
  public SignedForm paymentNotification(String outTradeNo, long totalFeeFen) {
    Instant now = clock.instant();
    SimTrade trade =
        new SimTrade(outTradeNo, newTradeNo(), totalFeeFen, "simulated", "alipay.trade.precreate",
            null, now, null, DEFAULT_BUYER_ID, true);
    trade.status = "TRADE_SUCCESS";
    trade.paidAt = now;
    return notificationFor(trade, null);
  }

  /** The refund notification of a refund the simulator made. */
  public SignedForm refundNotification(String outTradeNo, String outRequestNo) {
    synchronized (lock) {
      SimTrade trade = trade(outTradeNo);
      SimTrade.SimRefund refund = trade.refunds.get(outRequestNo);
      if (refund == null) throw new IllegalStateException("no refund " + outRequestNo + " for " + outTradeNo);
      return notificationFor(trade, refund);
    }
  }

  /**
   * Signs arbitrary notification fields with the Alipay key (V1 content: all fields but {@code
   * sign} and {@code sign_type}); adds {@code sign_type=RSA2} when absent. Use it to build edge
   * cases (wrong app id, odd amounts) that still carry a valid signature.
   */
  public SignedForm signNotification(Map<String, String> fields) {
    return signNotification(fields, StandardCharsets.UTF_8);
  }

  /**
   * {@link #signNotification(Map)} in {@code charset} (e.g. GBK), as the gateway does for an app
   * configured so: the {@code charset} field names it, the signature is over the content's bytes
   * in it, and the body is URL-encoded in it.
   */
  public SignedForm signNotification(Map<String, String> fields, Charset charset) {
    Map<String, String> form = new LinkedHashMap<>(fields);
    form.remove("sign");
    form.put("charset", charset == StandardCharsets.UTF_8 ? form.getOrDefault("charset", "utf-8") : charset.name());
    form.putIfAbsent("sign_type", "RSA2");
    form.put("sign", SimCrypto.sign(alipayPrivateKey, SimForm.notifyContent(form), charset));
    return new SignedForm(
        SimForm.encode(form, charset).getBytes(StandardCharsets.US_ASCII),
        "application/x-www-form-urlencoded; charset=" + form.get("charset"),
        form);
  }

  SignedForm notificationFor(SimTrade trade, SimTrade.SimRefund refund) {
    return signNotification(SimNotifications.fields(this, trade, refund));
  }

  // ---------------------------------------------------------------- observation

  /** Every notification attempt so far, oldest first. */
  public List<NotifyAttempt> notifyAttempts() {
    return notifier.attempts();
  }

  public List<NotifyAttempt> notifyAttempts(String outTradeNo) {
    return notifier.attempts().stream().filter(a -> a.outTradeNo().equals(outTradeNo)).toList();
  }

  /** Waits until a notification about the trade was answered {@code success}. */
  public boolean awaitAcknowledged(String outTradeNo, Duration timeout) throws InterruptedException {
    return notifier.awaitAcknowledged(outTradeNo, timeout);
  }

  /** The trade's {@code trade_status}, or empty when the simulator has no such trade. */
  public Optional<String> tradeStatus(String outTradeNo) {
    synchronized (lock) {
      SimTrade t = trades.get(outTradeNo);
      return t == null ? Optional.empty() : Optional.of(t.status);
    }
  }

  /** The sum refunded on a trade, in fen; 0 when the trade is unknown or has no refund. */
  public long refundedFen(String outTradeNo) {
    synchronized (lock) {
      SimTrade t = trades.get(outTradeNo);
      return t == null ? 0 : t.refundedFen;
    }
  }

  /** The refund with this {@code out_request_no} on the trade, if the simulator made it. */
  public Optional<SimulatedRefund> refund(String outTradeNo, String outRequestNo) {
    return refunds(outTradeNo).stream().filter(r -> r.outRequestNo().equals(outRequestNo)).findFirst();
  }

  /** Every refund made on the trade, oldest first (empty when the trade is unknown). */
  public List<SimulatedRefund> refunds(String outTradeNo) {
    synchronized (lock) {
      SimTrade t = trades.get(outTradeNo);
      if (t == null) return List.of();
      return t.refunds.values().stream()
          .map(r -> new SimulatedRefund(outTradeNo, r.outRequestNo, r.fen, r.settled, r.at))
          .toList();
    }
  }

  /** The {@code method} of every gateway call received, in order (including rejected ones). */
  public List<String> calls() {
    synchronized (lock) {
      return List.copyOf(calls);
    }
  }

  @Override
  public void close() {
    notifier.close();
    try {
      server.close();
    } catch (RuntimeException e) {
      // already closed
    }
  }

  @Override
  public String toString() {
    return "AlipaySimulator{" + gatewayUrl() + ", appId=" + appId
        + (certificateMode ? ", certificate mode" : ", public-key mode") + "}";
  }

  // ---------------------------------------------------------------- internals

  SimTrade trade(String outTradeNo) {
    SimTrade t = trades.get(outTradeNo);
    if (t == null) throw new IllegalStateException("the simulator has no trade " + outTradeNo);
    return t;
  }

  SimFaults.Injected nextFault(String method) {
    synchronized (lock) {
      calls.add(method == null ? "" : method);
    }
    return faults.next(method);
  }

  String newTradeNo() {
    return TIME.format(clock.instant()).replaceAll("[^0-9]", "").substring(0, 8)
        + "2200" + String.format("%016d", sequence.incrementAndGet());
  }

  static String yuan(long fen) {
    return BigDecimal.valueOf(fen, 2).toPlainString();
  }

  /** Settings of a simulator; every one has a default. */
  public static final class Builder {
    private String appId = DEFAULT_APP_ID;
    private String sellerId = DEFAULT_SELLER_ID;
    private String appPrivateKeyPem = SimCrypto.resource("merchant_private_key.pem");
    private String alipayPrivateKeyPem = SimCrypto.resource("wechat_pay_private_key.pem");
    private boolean certificateMode;
    private Clock clock = Clock.systemUTC();
    private long notifyRetryCompression = 60_000;
    private Duration slowResponseDelay = Duration.ofSeconds(3);
    private boolean deferRefundSettlement;
    private boolean notifyRefunds;
    private Duration closeIdleConnectionsAfter = Duration.ZERO;

    private Builder() {}

    /**
     * The gateway closes a keep-alive connection that stays idle longer than this, as real
     * gateways and load balancers do; {@code Duration.ZERO} (the default) keeps them open.
     */
    public Builder closeIdleConnectionsAfter(Duration idle) {
      requireNonNull(idle, "idle == null");
      if (idle.isNegative()) throw new IllegalArgumentException("idle < 0: " + idle);
      this.closeIdleConnectionsAfter = idle;
      return this;
    }

    public Builder appId(String appId) {
      this.appId = requireNonNull(appId, "appId == null");
      return this;
    }

    public Builder sellerId(String sellerId) {
      this.sellerId = requireNonNull(sellerId, "sellerId == null");
      return this;
    }

    /** The app's private key (PKCS#8 PEM); the gateway verifies requests with its public half. */
    public Builder appPrivateKeyPem(String pem) {
      this.appPrivateKeyPem = requireNonNull(pem, "appPrivateKeyPem == null");
      return this;
    }

    /** Alipay's private key (PKCS#8 PEM) for answers and notifications. */
    public Builder alipayPrivateKeyPem(String pem) {
      this.alipayPrivateKeyPem = requireNonNull(pem, "alipayPrivateKeyPem == null");
      return this;
    }

    /** Certificate mode: fresh app/Alipay/root certificates; requests must carry their SNs. */
    public Builder certificateMode(boolean certificateMode) {
      this.certificateMode = certificateMode;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Divides Alipay's redelivery schedule (4m, 10m, 10m, 1h, 2h, 6h, 15h) by this factor; the
     * default 60000 turns the ~24 h schedule into ~1.5 s.
     */
    public Builder notifyRetryCompression(long factor) {
      if (factor < 1) throw new IllegalArgumentException("notifyRetryCompression < 1: " + factor);
      this.notifyRetryCompression = factor;
      return this;
    }

    /** How long {@link Fault#SLOW_RESPONSE} delays an answer; default 3 s. */
    public Builder slowResponseDelay(Duration delay) {
      this.slowResponseDelay = requireNonNull(delay, "delay == null");
      return this;
    }

    /**
     * Refunds are accepted with {@code fund_change=N} and reported without {@code refund_status}
     * until {@link AlipaySimulator#settleRefund}; default false (refunds settle at once).
     */
    public Builder deferRefundSettlement(boolean defer) {
      this.deferRefundSettlement = defer;
      return this;
    }

    /** Whether each refund also POSTs a refund notification to the trade's notify_url; default false. */
    public Builder notifyRefunds(boolean notify) {
      this.notifyRefunds = notify;
      return this;
    }

    /** Builds and starts the simulator on a free loopback port. */
    public AlipaySimulator start() {
      return new AlipaySimulator(this);
    }
  }
}
