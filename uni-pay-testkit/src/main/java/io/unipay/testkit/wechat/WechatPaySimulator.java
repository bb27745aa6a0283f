package io.unipay.testkit.wechat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import mockwebserver3.MockWebServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WeChat Pay API v3 merchant endpoint on loopback HTTP, with real crypto, built from the
 * protocol: it verifies the merchant's {@code Authorization} signature, validates requests,
 * remembers trades and refunds, signs every answer ({@code Wechatpay-*} headers written exactly so)
 * and delivers signed, encrypted notifications with WeChat Pay's redelivery schedule.
 *
 * <pre>{@code
 * try (var wechat = WechatPaySimulator.start();
 *     var client = new WechatPayClient(WechatPayConfig.builder().properties(wechat.clientProperties()).build())) {
 *   PrepayResult qr = client.prepay(...);  // a NATIVE order; notify_url points at your endpoint
 *   wechat.pay(outTradeNo);                // the payer pays; TRANSACTION.SUCCESS is POSTed to notify_url
 * }
 * }</pre>
 *
 * <p><b>Faults and truth</b> (for fault-matrix tests): {@link #inject(Fault, Endpoint,
 * Fault.Timing, int)} makes the next N calls to one endpoint fail — 500, 429, 401 {@code
 * SIGN_ERROR}, 403 {@code NO_AUTH}, an unknown code, a reset connection, a slow answer, a
 * bad/missing/stale signature or an answer about another object — either before the request is
 * applied or after (the refund exists, its answer is lost). {@link #refundedFen(String)}, {@link
 * #refundStatus(String)} and {@link #refundsOf(String)} read what the simulator holds as true.
 * {@link Builder#closeIdleConnectionsAfter(Duration)} closes idle keep-alive connections
 * server-side. {@link #transfers()} serves 商家转账 (transfer bills) with the payee's controls.
 *
 * <pre>{@code
 * wechat.inject(Fault.CONNECTION_RESET, Endpoint.REFUND, Fault.Timing.AFTER_APPLYING, 1);
 * // client.refund(...) throws OUTCOME_UNKNOWN, yet:
 * assert wechat.refundStatus("RF1").orElseThrow().equals("PROCESSING");
 * }</pre>
 *
 * <p>Defaults use the public test keys of the official SDK (mchid {@value #DEFAULT_MCHID}, appid
 * {@value #DEFAULT_APPID}). Thread-safe.
 */
public final class WechatPaySimulator implements AutoCloseable {
  public static final String DEFAULT_MCHID = "1230000109";
  public static final String DEFAULT_APPID = "wxd678efh567hg6787";
  public static final String DEFAULT_API_V3_KEY = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
  public static final String DEFAULT_PUBLIC_KEY_ID =
      "PUB_KEY_ID_0000000000000024101100397200000006";

  private static final Logger log = LoggerFactory.getLogger(WechatPaySimulator.class);

  /** How the simulator signs answers and notifications. */
  public enum SigningMode {
    /** With the WeChat Pay public key, {@code Wechatpay-Serial: PUB_KEY_ID_...}. */
    PUBLIC_KEY,
    /** With the current platform certificate's key, {@code Wechatpay-Serial: <cert serial>}. */
    CERTIFICATE,
    /** Alternating between both, as during WeChat's certificate → public key migration. */
    MIXED
  }

  final Object lock = new Object();
  final ObjectMapper mapper = new ObjectMapper();
  final String mchid;
  final List<String> appIds;
  final byte[] apiV3Key;
  final PublicKey merchantPublicKey;
  final String merchantSerial;
  final Clock clock;
  final Supplier<String> nonces;
  final Duration slowResponseDelay;
  final Map<String, Trade> trades = new LinkedHashMap<>();
  final Map<String, RefundRecord> refunds = new LinkedHashMap<>();
  final AtomicLong sequence = new AtomicLong(1);
  final WireJson wire;
  final WechatBills bills = new WechatBills(this);
  final WechatBillServer billServer = new WechatBillServer(this, bills);

  private final String apiV3KeyText;
  private final String merchantPrivateKeyPem;
  private final String merchantCertificatePem;
  private final PlatformKeys platformKeys;
  private final FaultQueue faults = new FaultQueue();
  private final TradeControls controls = new TradeControls(this);
  private final SimNotifications notifications = new SimNotifications(this);
  private final NotificationSender sender;
  private final TransferBills transferBills = new TransferBills(this);
  private final MockWebServer server = new MockWebServer();

  private WechatPaySimulator(Builder b) {
    this.mchid = b.mchid;
    this.appIds = List.copyOf(b.appIds);
    this.apiV3KeyText = b.apiV3Key;
    this.apiV3Key = b.apiV3Key.getBytes(UTF_8);
    this.merchantPrivateKeyPem = b.merchantPrivateKeyPem;
    this.merchantCertificatePem = b.merchantCertificatePem;
    X509Certificate merchantCertificate = SimCrypto.certificate(b.merchantCertificatePem);
    this.merchantPublicKey = merchantCertificate.getPublicKey();
    this.merchantSerial = SimCrypto.serial(merchantCertificate);
    this.platformKeys =
        new PlatformKeys(
            b.platformPrivateKeyPem, b.platformCertificatePem, b.publicKeyId, b.signingMode,
            b.clock.instant());
    this.clock = b.clock;
    this.nonces = b.nonces;
    this.slowResponseDelay = b.slowResponseDelay;
    this.wire = new WireJson(mapper, mchid);
    this.sender = new NotificationSender(this, b.compression);
    server.setServerSocketFactory(
        b.idleConnectionTimeout == null
            ? io.unipay.testkit.NoDelayServerSocketFactory.INSTANCE
            : new io.unipay.testkit.IdleClosingServerSocketFactory(b.idleConnectionTimeout));
    server.setDispatcher(new SimulatorDispatcher(this));
    try {
      server.start(InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the WeChat Pay simulator", e);
    }
  }

  /** A simulator with every default (public-key mode, shipped test keys), started. */
  public static WechatPaySimulator start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- what a client config needs

  /** The API base URL, e.g. {@code http://127.0.0.1:41234} (no trailing slash). */
  public String baseUrl() {
    String url = server.url("/").toString();
    return url.substring(0, url.length() - 1);
  }

  public String mchid() {
    return mchid;
  }

  /** The first accepted app id. */
  public String appId() {
    return appIds.get(0);
  }

  /** Every app id the merchant may use. */
  public List<String> appIds() {
    return appIds;
  }

  public String apiV3Key() {
    return apiV3KeyText;
  }

  /**
   * The merchant API private key (PKCS#8 PEM) — a public test key unless the builder set another.
   */
  public String merchantPrivateKeyPem() {
    return merchantPrivateKeyPem;
  }

  public String merchantCertificatePem() {
    return merchantCertificatePem;
  }

  /** The merchant certificate serial, upper-case hex. */
  public String merchantSerialNumber() {
    return merchantSerial;
  }

  /** The WeChat Pay public key (PEM) that verifies public-key-mode signatures. */
  public String platformPublicKeyPem() {
    return platformKeys.platformPublicKeyPem();
  }

  /** The WeChat Pay public key id ({@code PUB_KEY_ID_...}). */
  public String publicKeyId() {
    return platformKeys.publicKeyId();
  }

  /** The platform certificate signing now (PEM). */
  public String platformCertificatePem() {
    return SimCrypto.certificatePem(platformKeys.currentCertificate().certificate());
  }

  /** The serial of the platform certificate signing now. */
  public String platformCertificateSerial() {
    return platformKeys.currentCertificate().serial();
  }

  /** Serials served by {@code /v3/certificates}, oldest first. */
  public List<String> servedCertificateSerials() {
    return platformKeys.servedSerials();
  }

  public SigningMode signingMode() {
    return platformKeys.signingMode();
  }

  /**
   * Everything a client needs, under the property names {@code WechatPayConfig.Builder#properties}
   * understands: {@code mchid, merchantPrivateKey, merchantSerialNumber, apiV3Key, appId, baseUrl},
   * plus {@code wechatPayPublicKey, wechatPayPublicKeyId} (public-key and mixed mode) and {@code
   * platformCertificates=download} (certificate and mixed mode).
   */
  public Map<String, String> clientProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("mchid", mchid);
    p.put("merchantPrivateKey", merchantPrivateKeyPem);
    p.put("merchantSerialNumber", merchantSerial);
    p.put("apiV3Key", apiV3KeyText);
    p.put("appId", appId());
    p.put("baseUrl", baseUrl());
    if (signingMode() != SigningMode.CERTIFICATE) {
      p.put("wechatPayPublicKey", platformKeys.platformPublicKeyPem());
      p.put("wechatPayPublicKeyId", platformKeys.publicKeyId());
    }
    if (signingMode() != SigningMode.PUBLIC_KEY) p.put("platformCertificates", "download");
    return java.util.Collections.unmodifiableMap(p);
  }

  /** How many HTTP requests the simulator has received. */
  public int requestCount() {
    return server.getRequestCount();
  }

  // ---------------------------------------------------------------- test controls

  /**
   * The payer pays: the trade becomes SUCCESS and a TRANSACTION.SUCCESS notification goes to its
   * notify_url in the background (redelivered on non-2xx).
   *
   * @return the transaction id
   * @throws IllegalStateException when the trade is unknown or not payable
   */
  public String pay(String outTradeNo) {
    return controls.pay(outTradeNo);
  }

  /** The payer is entering the password: the trade becomes USERPAYING. */
  public void startPaying(String outTradeNo) {
    controls.startPaying(outTradeNo);
  }

  /** Sends the trade's payment notification once more (same id), as WeChat Pay sometimes does. */
  public void duplicateNotify(String outTradeNo) {
    controls.duplicateNotify(outTradeNo);
  }

  /** The trade expires unpaid: NOTPAY → CLOSED (WeChat Pay sends no notification for that). */
  public void closeByTimeout(String outTradeNo) {
    controls.closeByTimeout(outTradeNo);
  }

  /**
   * The refund finishes with {@code status} (SUCCESS, CLOSED or ABNORMAL); a REFUND.{status}
   * notification goes to the refund's notify_url when it had one.
   */
  public void completeRefund(String outRefundNo, String status) {
    controls.completeRefund(outRefundNo, status);
  }

  /** The transfer bills (商家转账): controls for the payee and WeChat Pay, and what is held. */
  public TransferBills transfers() {
    return transferBills;
  }

  /** The payee confirms the transfer bill: SUCCESS; see {@link TransferBills#confirm}. */
  public void confirmTransfer(String outBillNo) {
    transferBills.confirm(outBillNo);
  }

  /** WeChat Pay fails the transfer bill; see {@link TransferBills#fail}. */
  public void failTransfer(String outBillNo, String reason) {
    transferBills.fail(outBillNo, reason);
  }

  /** The payee never confirms and the bill times out; see {@link TransferBills#expire}. */
  public void expireTransfer(String outBillNo) {
    transferBills.expire(outBillNo);
  }

  /**
   * Switches to a new platform key and certificate (new serial); the previous certificate is still
   * served by {@code /v3/certificates} until the next rotation.
   *
   * @return the new serial
   */
  public String rotatePlatformCertificate() {
    SimCrypto.Identity fresh = platformKeys.rotate(clock.instant());
    log.info("platform certificate rotated to {}", fresh.serial());
    return fresh.serial();
  }

  /**
   * Applies {@code fault} to the next {@code times} API calls (any endpoint but certificates, at
   * the fault's {@link Fault#defaultTiming() default timing}) or notification attempts.
   */
  public void inject(Fault fault, int times) {
    requireNonNull(fault, "fault == null");
    add(fault, null, fault.isApiFault() ? fault.defaultTiming() : null, times);
  }

  /**
   * Applies the API {@code fault} to the next {@code times} calls to {@code endpoint}, at the
   * fault's default timing.
   */
  public void inject(Fault fault, Endpoint endpoint, int times) {
    requireNonNull(fault, "fault == null");
    inject(fault, endpoint, fault.defaultTiming(), times);
  }

  /**
   * Applies the API {@code fault} to the next {@code times} calls to {@code endpoint}, striking
   * before or after the simulator applies the request. For example {@code
   * inject(Fault.SERVER_ERROR, Endpoint.REFUND, Timing.AFTER_APPLYING, 1)}: the refund exists, the
   * merchant sees a 500. Faults aimed at an endpoint strike in the order injected, before any fault
   * injected for all endpoints with {@link #inject(Fault, int)} (among those, the lowest {@link
   * Fault} constant strikes first).
   *
   * @throws IllegalArgumentException for a notification fault, or a timing the fault does not
   *     support (a corrupted answer needs the real one: {@link Fault.Timing#AFTER_APPLYING})
   */
  public void inject(Fault fault, Endpoint endpoint, Fault.Timing timing, int times) {
    requireNonNull(fault, "fault == null");
    requireNonNull(endpoint, "endpoint == null");
    requireNonNull(timing, "timing == null");
    if (!fault.supports(timing)) {
      throw new IllegalArgumentException(fault + " cannot strike " + timing + " on " + endpoint);
    }
    add(fault, endpoint, timing, times);
  }

  private void add(Fault fault, Endpoint endpoint, Fault.Timing timing, int times) {
    if (times < 1) throw new IllegalArgumentException("times < 1: " + times);
    synchronized (lock) {
      faults.add(fault, endpoint, timing, times);
    }
  }

  /** How many injected faults have not struck yet. */
  public int pendingFaults() {
    synchronized (lock) {
      return faults.pending();
    }
  }

  /** Removes every pending fault. */
  public void clearFaults() {
    synchronized (lock) {
      faults.clear();
    }
  }

  /** The day's trade and fund-flow bills: fee rate, missing days, faults, added lines. */
  public WechatBills bills() {
    return bills;
  }

  // ---------------------------------------------------------------- state and notifications

  /** The trade with this out_trade_no, if the simulator knows it. */
  public Optional<SimulatedTrade> trade(String outTradeNo) {
    synchronized (lock) {
      Trade trade = trades.get(outTradeNo);
      return trade == null ? Optional.empty() : Optional.of(trade.view());
    }
  }

  /** The refund with this out_refund_no, if the simulator knows it. */
  public Optional<SimulatedRefund> refund(String outRefundNo) {
    synchronized (lock) {
      RefundRecord refund = refunds.get(outRefundNo);
      return refund == null ? Optional.empty() : Optional.of(refund.view());
    }
  }

  /**
   * The simulator's truth about a trade's refunds: the sum of its refunds that are not CLOSED, in
   * fen (0 for an unknown trade). This is what WeChat Pay would pay back.
   */
  public long refundedFen(String outTradeNo) {
    synchronized (lock) {
      Trade trade = trades.get(outTradeNo);
      return trade == null ? 0 : trade.refunded;
    }
  }

  /**
   * The simulator's truth about a refund: PROCESSING, SUCCESS, CLOSED or ABNORMAL, or empty when it
   * was never created (e.g. a fault struck before applying it).
   */
  public Optional<String> refundStatus(String outRefundNo) {
    synchronized (lock) {
      RefundRecord refund = refunds.get(outRefundNo);
      return refund == null ? Optional.empty() : Optional.of(refund.status);
    }
  }

  /** Every refund of {@code outTradeNo} the simulator knows, in creation order. */
  public List<SimulatedRefund> refundsOf(String outTradeNo) {
    synchronized (lock) {
      return refunds.values().stream()
          .filter(r -> r.trade.outTradeNo.equals(outTradeNo))
          .map(RefundRecord::view)
          .toList();
    }
  }

  /** Every notification delivery attempt so far, in order. */
  public List<NotificationDelivery> deliveries() {
    return sender.deliveries();
  }

  /** Waits until a delivery attempt matches, or throws {@link IllegalStateException} on timeout. */
  public NotificationDelivery awaitDelivery(
      Predicate<NotificationDelivery> which, Duration timeout) {
    return sender.await(which, timeout);
  }

  /** Waits until the merchant acknowledged a notification about {@code outTradeNo}. */
  public NotificationDelivery awaitAcknowledged(String outTradeNo, Duration timeout) {
    return awaitDelivery(d -> d.outTradeNo().equals(outTradeNo) && d.acknowledged(), timeout);
  }

  /**
   * A signed TRANSACTION.SUCCESS notification for a paid trade, not sent anywhere: headers and raw
   * body for driving a notification endpoint directly (engine tests, benchmarks).
   */
  public SignedNotification paymentNotification(String outTradeNo) {
    return notifications.payment(outTradeNo);
  }

  /**
   * A signed TRANSACTION.SUCCESS notification for any transaction JSON (it need not be a trade the
   * simulator knows), not sent anywhere.
   */
  public SignedNotification transactionNotification(String transactionJson) {
    return notifications.transaction(transactionJson);
  }

  /** A signed REFUND.{status} notification for a finished refund, not sent anywhere. */
  public SignedNotification refundNotification(String outRefundNo) {
    return notifications.refund(outRefundNo);
  }

  /**
   * A builder for a notification with any resource JSON, signed the way the simulator signs now
   * (its mode, key and serial, clock and nonces).
   */
  public NotificationBuilder notification() {
    return notifications.builder();
  }

  /**
   * Signs an arbitrary notification body as the simulator signs now (e.g. malformed JSON for
   * negative tests); nothing is encrypted or sent.
   */
  public SignedNotification signNotificationBody(byte[] body) {
    return notifications.sign(body);
  }

  /** Stops the server and the notification sender. */
  @Override
  public void close() {
    sender.close();
    server.close();
  }

  @Override
  public String toString() {
    return "WechatPaySimulator{" + baseUrl() + ", mchid=" + mchid + ", mode=" + signingMode() + "}";
  }

  // ---------------------------------------------------------------- internals used by the
  // dispatcher

  record SigningKey(String serial, PrivateKey key) {}

  SigningKey signingKey() {
    return platformKeys.signingKey();
  }

  /**
   * The private key behind a {@code Wechatpay-Serial} a merchant encrypted sensitive fields for:
   * the public key id (public-key and mixed mode) or a served platform certificate (certificate and
   * mixed mode); empty for any other serial.
   */
  Optional<PrivateKey> privacyKey(String serial) {
    return platformKeys.privacyKey(serial);
  }

  /** Delivers a notification in the background, redelivered on non-2xx. */
  void deliver(NotificationSender.Pending pending) {
    sender.send(pending);
  }

  List<SimCrypto.Identity> servedCertificates() {
    return platformKeys.servedCertificates();
  }

  /** Takes one pending notification fault, or null. */
  Fault takeFault(boolean api) {
    if (api) throw new IllegalArgumentException("use takeApiFault");
    synchronized (lock) {
      return faults.takeNotification();
    }
  }

  /** Takes one pending API fault for a call to {@code endpoint}, or null. */
  FaultQueue.Taken takeApiFault(Endpoint endpoint) {
    synchronized (lock) {
      return faults.takeApi(endpoint);
    }
  }

  String json(ObjectNode node) {
    try {
      return mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  Trade requireTrade(String outTradeNo) {
    Trade trade = trades.get(outTradeNo);
    if (trade == null) throw new IllegalStateException("unknown out_trade_no " + outTradeNo);
    return trade;
  }

  String eventId(SignedNotification notification) {
    return notifications.eventId(notification);
  }

  /** Configures and starts a {@link WechatPaySimulator}. */
  public static final class Builder {
    private String mchid = DEFAULT_MCHID;
    private List<String> appIds = List.of(DEFAULT_APPID);
    private String apiV3Key = DEFAULT_API_V3_KEY;
    private String merchantPrivateKeyPem = SimCrypto.resource("merchant_private_key.pem");
    private String merchantCertificatePem = SimCrypto.resource("merchant_certificate.pem");
    private String platformPrivateKeyPem = SimCrypto.resource("wechat_pay_private_key.pem");
    private String platformCertificatePem = SimCrypto.resource("wechat_pay_certificate.pem");
    private String publicKeyId = DEFAULT_PUBLIC_KEY_ID;
    private SigningMode signingMode = SigningMode.PUBLIC_KEY;
    private Clock clock = Clock.systemUTC();
    private Supplier<String> nonces = () -> SimCrypto.hex(16);
    private double compression = 100;
    private Duration slowResponseDelay = Duration.ofSeconds(2);
    private Duration idleConnectionTimeout;

    private Builder() {}

    public Builder mchid(String mchid) {
      this.mchid = requireNonNull(mchid, "mchid == null");
      return this;
    }

    /** The app ids the merchant may use (the first is {@link WechatPaySimulator#appId()}). */
    public Builder appIds(String... appIds) {
      if (appIds.length == 0) throw new IllegalArgumentException("appIds is empty");
      this.appIds = List.of(appIds);
      return this;
    }

    public Builder apiV3Key(String apiV3Key) {
      if (apiV3Key.getBytes(UTF_8).length != 32)
        throw new IllegalArgumentException("apiV3Key must be 32 bytes");
      this.apiV3Key = apiV3Key;
      return this;
    }

    /** The merchant's API key pair: private key PEM (handed to clients) and certificate PEM. */
    public Builder merchantKey(String privateKeyPem, String certificatePem) {
      this.merchantPrivateKeyPem = requireNonNull(privateKeyPem, "privateKeyPem == null");
      this.merchantCertificatePem = requireNonNull(certificatePem, "certificatePem == null");
      return this;
    }

    /** WeChat Pay's key: private key PEM, its certificate PEM and its public key id. */
    public Builder platformKey(String privateKeyPem, String certificatePem, String publicKeyId) {
      this.platformPrivateKeyPem = requireNonNull(privateKeyPem, "privateKeyPem == null");
      this.platformCertificatePem = requireNonNull(certificatePem, "certificatePem == null");
      this.publicKeyId = requireNonNull(publicKeyId, "publicKeyId == null");
      return this;
    }

    /** How answers and notifications are signed (default {@link SigningMode#PUBLIC_KEY}). */
    public Builder signingMode(SigningMode signingMode) {
      this.signingMode = requireNonNull(signingMode, "signingMode == null");
      return this;
    }

    /** The clock for timestamps and request-time checks. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock == null");
      return this;
    }

    /** The source of {@code Wechatpay-Nonce} values. */
    public Builder nonceSupplier(Supplier<String> nonces) {
      this.nonces = requireNonNull(nonces, "nonces == null");
      return this;
    }

    /**
     * Divides WeChat Pay's redelivery schedule (15 s, 15 s, 30 s, 3 min, ...) by {@code factor};
     * default 100 (15 s → 150 ms). 1 is real time.
     */
    public Builder redeliveryCompression(double factor) {
      if (!(factor >= 1)) throw new IllegalArgumentException("factor must be >= 1: " + factor);
      this.compression = factor;
      return this;
    }

    /** How long {@link Fault#SLOW_RESPONSE} delays the answer (default 2 s). */
    public Builder slowResponseDelay(Duration delay) {
      this.slowResponseDelay = requireNonNull(delay, "delay == null");
      return this;
    }

    /**
     * Closes a keep-alive connection from the server side once it has been idle (no request
     * arriving) for {@code timeout}, as load balancers and gateways do; default: never. Clients
     * that keep pooled connections longer then write their next request to a closed connection.
     */
    public Builder closeIdleConnectionsAfter(Duration timeout) {
      requireNonNull(timeout, "timeout == null");
      if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("timeout must be 1 ms .. 24 days: " + timeout);
      }
      this.idleConnectionTimeout = timeout;
      return this;
    }

    /** Starts the simulator on a free loopback port. */
    public WechatPaySimulator start() {
      return new WechatPaySimulator(this);
    }
  }
}
