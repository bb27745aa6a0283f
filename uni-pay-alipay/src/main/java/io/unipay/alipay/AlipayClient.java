package io.unipay.alipay;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unipay.alipay.internal.AlipayKeys;
import io.unipay.alipay.internal.AlipayTransfers;
import io.unipay.alipay.internal.AlipayTime;
import io.unipay.alipay.internal.BillDownloads;
import io.unipay.alipay.internal.CertificateStore;
import io.unipay.alipay.internal.Gateway;
import io.unipay.alipay.internal.Answer;
import io.unipay.alipay.internal.NotifyVerifier;
import io.unipay.alipay.internal.Rsa2;
import io.unipay.alipay.internal.SignContent;
import io.unipay.alipay.internal.TradeAnswers;
import io.unipay.alipay.internal.Yuan;
import io.unipay.core.ErrorCode;
import io.unipay.core.NotifyRequest;
import io.unipay.core.NotifyResponse;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.UniPayException;
import io.unipay.core.bill.TradeBill;
import io.unipay.core.internal.JcaProviders;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.spi.CloseResult;
import io.unipay.core.spi.PayClient;
import io.unipay.core.spi.PrepayRequest;
import io.unipay.core.spi.PrepayResult;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.core.spi.RefundCommand;
import io.unipay.core.spi.RefundSnapshot;
import io.unipay.core.spi.TradeSnapshot;
import io.unipay.core.spi.TradeState;
import io.unipay.core.spi.TransferCommand;
import io.unipay.core.spi.TransferSnapshot;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the Alipay OpenAPI gateway for one app: RSA2 request signing, response verification,
 * notification verification, in public-key or certificate mode.
 *
 * <p>Thread-safe; share one instance per app (it owns an OkHttp connection pool, released by
 * {@link #close()}). Keys are parsed once, by {@link AlipayConfig}.
 *
 * <p>Transport and retries: idle keep-alive connections are kept {@link
 * AlipayConfig#idleConnectionTimeout()} (default 4 s, well under common server idle timeouts), and
 * OkHttp's {@code retryOnConnectionFailure} is on. In OkHttp 5 that re-sends a call whose
 * connection failed — a stale pooled connection the gateway closed ("unexpected end of stream",
 * reset), a refused or unreachable route — even when the request was already written, but never
 * after a read/write timeout, a protocol error or a TLS certificate failure. That is deliberate:
 * every call this client makes is idempotent by our own ids ({@code out_trade_no} for
 * precreate/create/close/query, {@code out_request_no} for refunds, which Alipay answers again
 * without a second refund), so a re-send can only repeat the same effect.
 *
 * <p>Failures: {@link ProviderRejectedException} when Alipay said no (code {@code sub_code}, else
 * {@code code}), with a verdict (design §14.3) mapped by {@code internal.AlipayErrors}: {@code
 * NOT_FOUND}/{@code REFUSED} only for signed answers about that very trade or refund; {@code OUTCOME_UNKNOWN} when a trade-changing call (precreate, create, close,
 * refund) was sent and no trustworthy answer came back ({@code 20000}, {@code ACQ.SYSTEM_ERROR},
 * timeouts, HTTP 5xx) — keep the state and reconcile by query; {@code PROVIDER_UNAVAILABLE} when
 * nothing was sent, or for the same conditions on a query; {@code SIGNATURE_INVALID} when a
 * response did not verify.
 */
public final class AlipayClient implements PayClient, AutoCloseable {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Pattern BUYER_ID = Pattern.compile("2088[0-9]{12}");
  private static final Logger log = LoggerFactory.getLogger(AlipayClient.class);

  private final AlipayConfig config;
  private final Rsa2 rsa;
  private final Gateway gateway;
  private final NotifyVerifier notifyVerifier;
  private final CertificateStore certificates;
  private final TradeAnswers answers;
  private final AlipayTransfers transfers;
  private final BillDownloads bills;

  /**
   * A client for {@code config}. RSA uses the configured provider, else the Amazon Corretto Crypto
   * Provider when it is on the classpath and works here, else the JDK's (logged once, at INFO).
   */
  public AlipayClient(AlipayConfig config) {
    this.config = requireNonNull(config, "config == null");
    JcaProviders.Choice jca = JcaProviders.choose(config.rsaProvider().orElse(null));
    this.rsa = new Rsa2(jca.orNull());
    log.info("{} - Alipay RSA2 via {}", config.appId(), jca);
    this.certificates =
        config
            .certificateMode()
            .map(
                mode ->
                    new CertificateStore(
                        config.appId(),
                        mode.appCertificate(),
                        mode.alipayCertificate(),
                        mode.roots(),
                        mode.expiryWarning(),
                        mode.downloadRetryInterval(),
                        mode.maxDownloadsPerHour(),
                        config.clock(),
                        rsa,
                        config.certificateListener()))
            .orElse(null);
    AlipayKeys keys =
        certificates != null ? certificates : AlipayKeys.fixed(config.alipayPublicKey());
    this.gateway =
        new Gateway(
            config.gatewayUrl(),
            config.appId(),
            config.appPrivateKey(),
            keys,
            config.appCertSn().orElse(null),
            config.alipayRootCertSn().orElse(null),
            config.connectTimeout(),
            config.readTimeout(),
            config.idleConnectionTimeout(),
            config.clock(),
            rsa,
            JSON);
    this.notifyVerifier =
        new NotifyVerifier(config.appId(), config.sellerId().orElse(null), keys, rsa);
    this.answers = new TradeAnswers(config.appId(), config.sellerId().orElse(null));
    this.transfers = new AlipayTransfers(config.isCertificateMode(), config.appId(), gateway, JSON);
    this.bills = new BillDownloads(gateway, JSON, config.sellerId().orElse(null), config.clock());
  }

  /** The configuration this client was built with. */
  public AlipayConfig config() {
    return config;
  }

  /** The signing, verifying gateway of this app, shared with {@link AlipayLogin}. */
  Gateway gateway() {
    return gateway;
  }

  /**
   * Certificate mode: the certificates this client works with — the app certificate first, then
   * every Alipay certificate it trusts, newest first (the configured one, and each one Alipay
   * re-issued and the client downloaded and verified against the root bundle). Each with SN,
   * subject, issuer and validity, e.g. for a health check ({@link CertificateListener} hears about
   * changes and coming expiry). Empty in public-key mode.
   */
  public List<AlipayCertificate> certificates() {
    return certificates == null ? List.of() : certificates.certificates();
  }

  @Override
  public Provider provider() {
    return Provider.ALIPAY;
  }

  /** The seller id when configured, else the app id. */
  @Override
  public String merchantId() {
    return config.sellerId().orElse(config.appId());
  }

  /** The app id, for every Alipay pay type ({@code app mp native page wap}). */
  @Override
  public Optional<String> appId(PayType payType) {
    return payType.supportedBy(Provider.ALIPAY) ? Optional.of(config.appId()) : Optional.empty();
  }

  /**
   * 256. Alipay limits {@code subject} to 256 characters; the SPI counts UTF-8 bytes, so a budget
   * of 256 bytes is at least as strict as Alipay's own rule (one character is one or more bytes).
   */
  @Override
  public int maxDescriptionBytes() {
    return 256;
  }

  @Override
  public PrepayResult prepay(PrepayRequest request) {
    requireNonNull(request, "request == null");
    PayType type = request.payType();
    if (!"CNY".equals(request.currency())) {
      throw UniPayException.invalid(
          "currency " + request.currency() + " is not supported by Alipay trade APIs: use CNY");
    }
    ObjectNode biz = JSON.createObjectNode();
    biz.put("out_trade_no", request.outTradeNo());
    biz.put("total_amount", Yuan.fromFen(request.totalFee()));
    biz.put("subject", request.description());
    biz.put("time_expire", AlipayTime.format(request.expireAt()));
    switch (type) {
      case NATIVE -> {
        biz.put("product_code", "FACE_TO_FACE_PAYMENT");
        Answer answer =
            gateway.call("alipay.trade.precreate", biz, request.notifyUrl(), false, request.outTradeNo());
        answer.requireOk();
        bind(request.outTradeNo(), answer);
        return new PrepayResult.QrCode(answer.text("qr_code"));
      }
      case MP -> {
        String buyer = request.openid();
        if (buyer == null || buyer.isBlank()) {
          throw UniPayException.invalid(
              "openid required for Alipay mp payments: the payer's buyer_id (2088…) or buyer_open_id");
        }
        biz.put(BUYER_ID.matcher(buyer).matches() ? "buyer_id" : "buyer_open_id", buyer);
        biz.put("product_code", "JSAPI_PAY");
        Answer answer =
            gateway.call("alipay.trade.create", biz, request.notifyUrl(), false, request.outTradeNo());
        answer.requireOk();
        bind(request.outTradeNo(), answer);
        return new PrepayResult.AlipayTradeNo(answer.text("trade_no"));
      }
      case APP -> {
        biz.put("product_code", "QUICK_MSECURITY_PAY");
        Map<String, String> params =
            gateway.signedParams("alipay.trade.app.pay", biz, request.notifyUrl(), null);
        return new PrepayResult.AlipayOrderString(SignContent.query(params));
      }
      case PAGE, WAP -> {
        String method;
        if (type == PayType.PAGE) {
          method = "alipay.trade.page.pay";
          biz.put("product_code", "FAST_INSTANT_TRADE_PAY");
        } else {
          method = "alipay.trade.wap.pay";
          biz.put("product_code", "QUICK_WAP_WAY");
        }
        String returnUrl =
            request.returnUrl() != null ? request.returnUrl() : config.returnUrl().orElse(null);
        Map<String, String> params = gateway.signedParams(method, biz, request.notifyUrl(), returnUrl);
        if (config.pageMode() == AlipayConfig.PageMode.REDIRECT_URL) {
          return new PrepayResult.RedirectUrl(config.gatewayUrl() + "?" + SignContent.query(params));
        }
        return new PrepayResult.HtmlForm(htmlForm(params));
      }
      default ->
          throw new UniPayException(
              ErrorCode.PROVIDER_NOT_CONFIGURED,
              "pay type " + type.code() + " is not an Alipay pay type: use app, mp, native, page or wap");
    }
  }

  private String htmlForm(Map<String, String> params) {
    Map<String, String> system = new TreeMap<>(params);
    String bizContent = system.remove("biz_content");
    return "<form name=\"punchout_form\" method=\"post\" action=\""
        + escapeHtml(config.gatewayUrl() + "?" + SignContent.query(system))
        + "\">\n<input type=\"hidden\" name=\"biz_content\" value=\""
        + escapeHtml(bizContent)
        + "\">\n<input type=\"submit\" value=\"立即支付\" style=\"display:none\" >\n</form>\n"
        + "<script>document.forms[0].submit();</script>";
  }

  /** Attribute escaping: {@code &}, {@code "}, {@code <}, {@code >} (the SDK escapes only {@code "}). */
  private static String escapeHtml(String s) {
    return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /**
   * Queries the trade. {@code ACQ.TRADE_NOT_EXIST} (also an unscanned precreate QR code) gives
   * {@link TradeSnapshot#notFound}; {@code TRADE_CLOSED} after a payment (it has a pay date) and
   * {@code TRADE_SUCCESS} with a refund are {@link TradeState#REFUNDED}, because Alipay closes
   * fully refunded trades. The snapshot is built from the answer, whose {@code out_trade_no} (and
   * {@code seller_id}, when both are known) must be the requested one: else {@code
   * OUTCOME_UNKNOWN}.
   */
  @Override
  public TradeSnapshot query(String outTradeNo) {
    requireNonNull(outTradeNo, "outTradeNo == null");
    ObjectNode biz = JSON.createObjectNode().put("out_trade_no", outTradeNo);
    Answer answer = gateway.call("alipay.trade.query", biz, null, true, outTradeNo);
    if (answer.verifiedSubCode("ACQ.TRADE_NOT_EXIST")) return TradeSnapshot.notFound(outTradeNo);
    answer.requireOk();
    return answers.trade(outTradeNo, answer);
  }

  /**
   * Closes the trade. Unknown trade → {@link CloseResult#NOT_FOUND}; paid →
   * {@link CloseResult#ALREADY_PAID}; {@code ACQ.TRADE_STATUS_ERROR} is resolved by a query
   * (closed already → {@code CLOSED}, paid → {@code ALREADY_PAID}).
   */
  @Override
  public CloseResult close(String outTradeNo) {
    requireNonNull(outTradeNo, "outTradeNo == null");
    ObjectNode biz = JSON.createObjectNode().put("out_trade_no", outTradeNo);
    Answer answer = gateway.call("alipay.trade.close", biz, null, false, outTradeNo);
    if (answer.isOk()) {
      bind(outTradeNo, answer);
      return CloseResult.CLOSED;
    }
    if (answer.verifiedSubCode("ACQ.TRADE_NOT_EXIST")) return CloseResult.NOT_FOUND;
    if (answer.verifiedSubCode("ACQ.TRADE_HAS_SUCCESS")) return CloseResult.ALREADY_PAID;
    if (answer.verifiedSubCode("ACQ.TRADE_HAS_CLOSE")) return CloseResult.CLOSED;
    if (answer.verifiedSubCode("ACQ.TRADE_STATUS_ERROR")) {
      TradeSnapshot trade = query(outTradeNo);
      if (trade.state().isPaid()) return CloseResult.ALREADY_PAID;
      if (trade.state() == TradeState.CLOSED) return CloseResult.CLOSED;
    }
    answer.requireOk();
    throw new AssertionError("unreachable");
  }

  /** A success answer that names an out_trade_no must name the requested one. */
  private static void bind(String outTradeNo, Answer answer) {
    String answered = answer.optionalText("out_trade_no");
    if (answered != null && !answered.equals(outTradeNo)) {
      throw answer.mismatch("out_trade_no", outTradeNo, answered);
    }
  }

  /**
   * Refunds with {@code out_request_no = outRefundNo}, so a retry is idempotent at Alipay.
   * {@code fund_change=Y} means the money moved: {@code SUCCESS}. {@code N} is what Alipay answers
   * both for a repeated request and for a refund it has not settled yet, so the refund is then
   * queried: {@code REFUND_SUCCESS} → {@code SUCCESS}, anything else → {@code PROCESSING}. The
   * answer's {@code out_trade_no} (and {@code out_request_no} when present) must be the
   * requested ones, else {@code OUTCOME_UNKNOWN}. Errors carry the verdict of {@code
   * AlipayErrors} (e.g. {@code ACQ.TRADE_NOT_EXIST} → {@code NOT_FOUND}).
   *
   * <p>{@link RefundCommand#notifyUrl()} is not sent: Alipay has no per-refund notify URL; refund
   * notices (if enabled for the app) go to the trade's {@code notify_url}.
   */
  @Override
  public RefundSnapshot refund(RefundCommand command) {
    requireNonNull(command, "command == null");
    ObjectNode biz = JSON.createObjectNode();
    biz.put("out_trade_no", command.outTradeNo());
    biz.put("refund_amount", Yuan.fromFen(command.refundFee()));
    biz.put("out_request_no", command.outRefundNo());
    if (command.reason() != null && !command.reason().isBlank()) {
      biz.put("refund_reason", command.reason());
    }
    Answer answer = gateway.call("alipay.trade.refund", biz, null, false, command.outTradeNo());
    answer.requireOk();
    if ("Y".equals(answer.optionalText("fund_change"))) {
      return answers.refunded(
          command.outTradeNo(), command.outRefundNo(), command.refundFee(), answer);
    }
    answers.checkRefundAnswer(command.outTradeNo(), command.outRefundNo(), answer);
    RefundSnapshot queried;
    try {
      queried = queryRefund(command.outTradeNo(), command.outRefundNo());
    } catch (UniPayException e) {
      queried = null; // accepted; the sweeper's refund query settles it later
    }
    if (queried != null && queried.status() == RefundStatus.SUCCESS) return queried;
    return new RefundSnapshot(
        command.outTradeNo(),
        command.outRefundNo(),
        answer.optionalText("trade_no"),
        RefundStatus.PROCESSING,
        command.refundFee(),
        null,
        answer.content());
  }

  /**
   * Queries a refund ({@code alipay.trade.fastpay.refund.query}). {@code refund_status=REFUND_SUCCESS}
   * → {@code SUCCESS}; refund data without a status → {@code PROCESSING}. A {@code 10000} answer
   * with neither a status nor refund data is how Alipay says it never received that {@code
   * out_request_no}: {@link ProviderRejectedException} with verdict {@code NOT_FOUND}, so the
   * engine re-sends the refund with the same {@code outRefundNo} (idempotent at Alipay).
   */
  @Override
  public RefundSnapshot queryRefund(String outTradeNo, String outRefundNo) {
    requireNonNull(outTradeNo, "outTradeNo == null");
    requireNonNull(outRefundNo, "outRefundNo == null");
    ObjectNode biz = JSON.createObjectNode();
    biz.put("out_trade_no", outTradeNo);
    biz.put("out_request_no", outRefundNo);
    biz.putArray("query_options").add("gmt_refund_pay");
    Answer answer = gateway.call("alipay.trade.fastpay.refund.query", biz, null, true, outTradeNo);
    answer.requireOk();
    return answers.refundQueried(outTradeNo, outRefundNo, answer);
  }

  // Single transfers (certificate mode only): internal.AlipayTransfers; rules and codes in the
  // README. cancelTransfer keeps the SPI's refusal: Alipay cannot cancel a single transfer.

  @Override
  public void checkTransfer(TransferCommand command) {
    transfers.check(command);
  }

  @Override
  public TransferSnapshot transfer(TransferCommand command) {
    return transfers.transfer(command);
  }

  @Override
  public TransferSnapshot queryTransfer(String outBillNo) {
    return transfers.query(outBillNo);
  }

  /**
   * Verifies an asynchronous notification (form body, V1 signature rules) and maps it: paid
   * ({@code TRADE_SUCCESS}/{@code TRADE_FINISHED}) → {@link ProviderNotification.Payment}; a refund
   * notice ({@code refund_fee} and {@code out_biz_no} present) → {@link
   * ProviderNotification.RefundResult} with status SUCCESS and refund fee -1 (Alipay's
   * {@code refund_fee} is the trade's cumulative refunded sum, not this refund's amount); {@code
   * WAIT_BUYER_PAY}/{@code TRADE_CLOSED} → {@link ProviderNotification.Informational}.
   *
   * @throws io.unipay.core.NotifyRejectedException with reasons {@code BODY_TOO_LARGE},
   *     {@code MALFORMED}, {@code MISSING_SIGN}, {@code BAD_SIGNATURE}, {@code APPID_MISMATCH},
   *     {@code SELLER_MISMATCH}, {@code BAD_AMOUNT}
   */
  @Override
  public ProviderNotification parseNotification(NotifyRequest request) {
    requireNonNull(request, "request == null");
    return notifyVerifier.parse(request.body());
  }

  /**
   * The trade bill of {@code day} (China time), downloaded and parsed as it streams (README
   * "Bills"); Alipay states no hash, so rows are complete once {@link TradeBill#next()} returns null.
   */
  @Override
  public TradeBill openTradeBill(LocalDate day) {
    return bills.openTradeBill(day);
  }

  /** {@code 200 text/plain success} stops Alipay's redelivery; {@code fail} asks for it. */
  @Override
  public NotifyResponse acknowledge(boolean success, String message) {
    return new NotifyResponse(200, "text/plain", success ? "success" : "fail", success);
  }

  /** Releases the connection pool and dispatcher threads. The client is unusable afterwards. */
  @Override
  public void close() {
    gateway.close();
  }

  @Override
  public String toString() {
    return "AlipayClient{" + config + "}";
  }
}
