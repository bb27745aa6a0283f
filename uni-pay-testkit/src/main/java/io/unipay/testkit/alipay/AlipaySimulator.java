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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import mockwebserver3.MockWebServer;

/**
 * An offline Alipay OpenAPI gateway on loopback HTTP with real RSA2 crypto, for tests. It verifies
 * the app's request signatures, implements {@code alipay.trade.precreate}, {@code create}, {@code
 * query}, {@code close}, {@code refund} and {@code fastpay.refund.query} over remembered trades
 * and {@code alipay.system.oauth.token} with its authorize page ({@link #logins()}),
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
 * certificates for those keys from its own root ({@link #certificates()}: rotation, impostors).
 * Faults are injected through {@link #faults()}; what happened is read from {@link #truth()}.
 * Single transfers ({@code alipay.fund.trans.uni.transfer}, certificate mode) are {@link
 * #transfers()}.
 * Thread-safe.
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
  private final PrivateKey alipayPrivateKey;
  private final String alipayPublicKeyPem;
  final boolean certificateMode;
  /** Certificate mode only, else null. */
  final SimulatorCertificates certificates;
  final Clock clock;
  final Duration slowResponseDelay;
  final boolean deferRefundSettlement;
  final boolean notifyRefunds;

  final Object lock = new Object();
  final Map<String, SimTrade> trades = new LinkedHashMap<>();
  private final SimFaults faultQueue = new SimFaults();
  private final SimulatorFaults faults;
  private final SimulatorTruth truth = new SimulatorTruth(this);
  private final SimTransfers transfers = new SimTransfers(this);
  private final AlipayLogins logins = new AlipayLogins(this);
  private final AtomicLong sequence = new AtomicLong(System.nanoTime() % 1_000_000_000L);
  private final List<String> calls = new ArrayList<>();
  final SimNotifier notifier;
  final AlipayBills bills = new AlipayBills(this);
  final AlipayBillServer billServer = new AlipayBillServer(this, bills);
  private final MockWebServer server;

  AlipaySimulator(AlipaySimulatorBuilder b) {
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
    this.certificates =
        certificateMode ? SimulatorCertificates.issue(appId, appPublicKey, alipayPrivateKey) : null;
    this.notifier = new SimNotifier(this, b.notifyRetryCompression);
    this.faults = new SimulatorFaults(faultQueue, notifier, certificates);
    this.server = new MockWebServer();
    server.setServerSocketFactory(
        b.closeIdleConnectionsAfter.isZero()
            ? io.unipay.testkit.NoDelayServerSocketFactory.INSTANCE
            : new io.unipay.testkit.IdleClosingServerSocketFactory(b.closeIdleConnectionsAfter));
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

  /** The settings of a new simulator. */
  public static AlipaySimulatorBuilder builder() {
    return new AlipaySimulatorBuilder();
  }

  // ---------------------------------------------------------------- what a client config needs

  /** The gateway URL, e.g. {@code http://127.0.0.1:41234/gateway.do}. */
  public String gatewayUrl() {
    return server.url("/gateway.do").toString();
  }

  /** The app id requests must carry. */
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

  /** Whether requests must carry certificate SNs and answers carry {@code alipay_cert_sn}. */
  public boolean isCertificateMode() {
    return certificateMode;
  }

  /**
   * Certificate mode: the simulator's certificates (app, Alipay, root bundle, their SNs) and the
   * controls to rotate the Alipay certificate.
   *
   * @throws IllegalStateException in public-key mode
   */
  public SimulatorCertificates certificates() {
    if (certificates == null) {
      throw new IllegalStateException(
          "the simulator runs in public-key mode: use builder().certificateMode(true)");
    }
    return certificates;
  }

  /** The key answers and notifications are signed with now. */
  PrivateKey signingKey() {
    return certificates == null ? alipayPrivateKey : certificates.signing().key();
  }

  /** The {@code alipay_cert_sn} answers carry now; null in public-key mode. */
  String signingCertSn() {
    return certificates == null ? null : certificates.signing().sn();
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
    requireNonNull(buyerId, "buyerId == null");
    transition(outTradeNo, "WAIT_BUYER_PAY", "be paid", trade -> {
      trade.visible = true;
      trade.buyerId = buyerId;
      trade.status = "TRADE_SUCCESS";
      trade.paidAt = clock.instant();
    });
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
    transition(outTradeNo, "TRADE_SUCCESS", "finish", trade -> trade.status = "TRADE_FINISHED");
  }

  /**
   * The trade expires unpaid: {@code TRADE_CLOSED}, and a {@code TRADE_CLOSED} notification. An
   * unscanned precreate QR code never existed at Alipay, so it just stops being payable, silently.
   */
  public void closeByTimeout(String outTradeNo) {
    transition(outTradeNo, "WAIT_BUYER_PAY", "time out", trade -> trade.status = "TRADE_CLOSED");
  }

  /** Moves a trade from status {@code from}, then notifies (if the trade is visible at Alipay). */
  private void transition(String outTradeNo, String from, String verb, Consumer<SimTrade> change) {
    SignedForm form;
    SimTrade trade;
    synchronized (lock) {
      trade = trade(outTradeNo);
      if (!from.equals(trade.status)) {
        throw new IllegalStateException(
            "trade " + outTradeNo + " is " + trade.status + ", cannot " + verb);
      }
      change.accept(trade);
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
    return notificationFor(SimNotifications.paidTrade(this, outTradeNo, totalFeeFen), null);
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
    return SimNotifications.sign(fields, charset, signingKey());
  }

  SignedForm notificationFor(SimTrade trade, SimTrade.SimRefund refund) {
    return signNotification(SimNotifications.fields(this, trade, refund));
  }

  // ---------------------------------------------------------------- observation

  /** The faults to inject: gateway failures, lost notifications, misdirected downloads. */
  public SimulatorFaults faults() {
    return faults;
  }

  /** Single transfers to Alipay accounts: controls and what the simulator holds. */
  public SimTransfers transfers() {
    return transfers;
  }

  /** Payer logins: auth codes for {@code alipay.system.oauth.token}, the authorize page. */
  public AlipayLogins logins() {
    return logins;
  }

  /** The day's trade bills: fee rate, missing days, faults, added and generated lines. */
  public AlipayBills bills() {
    return bills;
  }

  /** What really happened here: trades, refunds, calls, notifications, downloads. */
  public SimulatorTruth truth() {
    return truth;
  }

  List<String> callLog() {
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
    return faultQueue.next(method);
  }

  String newTradeNo() {
    return TIME.format(clock.instant()).replaceAll("[^0-9]", "").substring(0, 8)
        + "2200" + String.format("%016d", sequence.incrementAndGet());
  }

  static String yuan(long fen) {
    return BigDecimal.valueOf(fen, 2).toPlainString();
  }
}
