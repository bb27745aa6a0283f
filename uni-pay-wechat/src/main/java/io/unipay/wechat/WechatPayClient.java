package io.unipay.wechat;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unipay.core.ErrorCode;
import io.unipay.core.NotifyRequest;
import io.unipay.core.NotifyResponse;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.ProviderRejectedException.Verdict;
import io.unipay.core.UniPayException;
import io.unipay.core.bill.TradeBill;
import io.unipay.core.internal.JcaProviders;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.CloseResult;
import io.unipay.core.spi.PayClient;
import io.unipay.core.spi.PrepayRequest;
import io.unipay.core.spi.PrepayResult;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.core.spi.RefundCommand;
import io.unipay.core.spi.RefundSnapshot;
import io.unipay.core.spi.TradeSnapshot;
import io.unipay.core.spi.TransferCommand;
import io.unipay.core.spi.TransferSnapshot;
import io.unipay.wechat.bill.FundAccount;
import io.unipay.wechat.bill.FundFlowBill;
import io.unipay.wechat.internal.AnswerChecks;
import io.unipay.wechat.internal.ApiCaller;
import io.unipay.wechat.internal.ApiCaller.ApiResponse;
import io.unipay.wechat.internal.BillDownloads;
import io.unipay.wechat.internal.CertificateDownloader;
import io.unipay.wechat.internal.Crypto;
import io.unipay.wechat.internal.ErrorCodes;
import io.unipay.wechat.internal.ErrorVerdicts.Operation;
import io.unipay.wechat.internal.Mappings;
import io.unipay.wechat.internal.NotificationDecoder;
import io.unipay.wechat.internal.PlatformKeys;
import io.unipay.wechat.internal.PrivacyEncryptor;
import io.unipay.wechat.internal.RequestSigner;
import io.unipay.wechat.internal.SignatureVerifier;
import io.unipay.wechat.internal.SigningInterceptor;
import io.unipay.wechat.internal.WechatTransfers;
import java.io.Closeable;
import java.net.URLEncoder;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls WeChat Pay API v3 for one merchant. Thread-safe; share one instance (it owns a connection
 * pool and, in certificate mode, a daemon thread that refreshes platform certificates — {@link
 * #close()} stops both).
 *
 * <p>Every request is signed ({@code WECHATPAY2-SHA256-RSA2048}) over the exact bytes sent; every
 * 2xx answer, including the empty 204 of close, must carry a valid WeChat Pay signature, and is
 * checked against the request it answers (order and refund numbers, merchant, app). A request that
 * was sent without a valid answer fails with {@code OUTCOME_UNKNOWN} so the engine can reconcile by
 * query.
 *
 * <p><b>Connections and retries.</b> Idle connections are pooled for {@link
 * WechatPayConfig#connectionKeepAlive()} (default 5 s), well under the idle timeouts of WeChat's
 * gateways and the network in between, so the pool rarely hands out a connection the server has
 * closed. When it does (the request meets a closed socket: "unexpected end of stream", reset),
 * OkHttp's {@link WechatPayConfig#retryOnConnectionFailure() connection-failure retry} sends the
 * request once more on a new connection. OkHttp 5 retries an I/O failure only when another
 * connection or route is available (in practice: the failed connection came from the pool, or DNS
 * gave another address) and never after a timeout, a protocol error or a TLS certificate error; it
 * also repeats a 408 once and a 503 carrying {@code Retry-After: 0}. This client does no other
 * retry. Every call is idempotent by the merchant's own ids, so a repeat of a request the server
 * did process returns the same trade, prepay id or refund ({@code out_refund_no}) instead of acting
 * twice. A repeat carries the same signature (timestamp and nonce) as the first attempt.
 */
public final class WechatPayClient implements PayClient, Closeable {
  private static final String PAY = "/v3/pay/transactions/";
  private static final String REFUNDS = "/v3/refund/domestic/refunds";
  private static final Logger log = LoggerFactory.getLogger(WechatPayClient.class);

  private final WechatPayConfig config;
  private final ObjectMapper mapper =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private final RequestSigner signer;
  private final PlatformKeys keys;
  private final OkHttpClient http;
  private final ApiCaller api;
  private final NotificationDecoder notifications;
  private final AnswerChecks answers;
  private final WechatTransfers transfers;
  private final BillDownloads bills;

  /**
   * A client for {@code config}; in certificate mode the first download starts in the background.
   * RSA and AES-GCM use the configured security provider, else the Amazon Corretto Crypto Provider
   * when it is on the classpath and works here, else the JDK's (logged once, at INFO).
   */
  public WechatPayClient(WechatPayConfig config) {
    this.config = config;
    JcaProviders.Choice jca = JcaProviders.choose(config.securityProvider().orElse(null));
    Crypto crypto = new Crypto(jca.orNull());
    log.info("{} - WeChat Pay RSA and AES-GCM via {}", config.mchid(), jca);
    this.signer =
        new RequestSigner(
            config.mchid(), config.merchantSerialNumber(), config.merchantPrivateKey(), crypto);
    this.keys =
        new PlatformKeys(
            config.mchid(),
            config.wechatPayPublicKey(),
            config.wechatPayPublicKeyId().orElse(null),
            config.platformCertificates(),
            config.clock(),
            config.unknownSerialRefreshInterval());
    SignatureVerifier verifier =
        new SignatureVerifier(keys, crypto, config.clock(), config.notifyTimestampTolerance());
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(config.connectTimeout())
            .readTimeout(config.readTimeout())
            .writeTimeout(config.readTimeout())
            .connectionPool(
                new ConnectionPool(
                    5, config.connectionKeepAlive().toMillis(), TimeUnit.MILLISECONDS))
            .retryOnConnectionFailure(config.retryOnConnectionFailure())
            .followRedirects(false)
            .eventListenerFactory(ApiCaller.EVENTS)
            .addInterceptor(new SigningInterceptor(signer, config.clock(), config.nonceSupplier()))
            .build();
    this.api = new ApiCaller(http, config.baseUrl(), verifier, keys, mapper);
    this.answers = new AnswerChecks(config.mchid(), config.allAppIds());
    this.transfers =
        new WechatTransfers(
            config.allAppIds(), api, keys, new PrivacyEncryptor(), answers, mapper);
    this.bills =
        new BillDownloads(api, http, mapper, config.mchid(), config.baseUrl(), config.clock());
    this.notifications =
        new NotificationDecoder(
            verifier,
            crypto,
            config.apiV3KeyBytes(),
            mapper,
            config.mchid(),
            config.allAppIds(),
            config.maxNotifyBodyBytes());
    if (config.downloadsPlatformCertificates()) {
      CertificateDownloader downloader =
          new CertificateDownloader(api, keys, verifier, crypto, config.apiV3KeyBytes(), mapper);
      keys.startDownloading(downloader::download, config.certificateRefreshInterval());
    }
  }

  /** The configuration this client was built with. */
  public WechatPayConfig config() {
    return config;
  }

  @Override
  public Provider provider() {
    return Provider.WXPAY;
  }

  @Override
  public String merchantId() {
    return config.mchid();
  }

  @Override
  public Optional<String> appId(PayType payType) {
    return config.appId(payType);
  }

  @Override
  public int maxDescriptionBytes() {
    return 127;
  }

  @Override
  public PrepayResult prepay(PrepayRequest request) {
    PayType payType = request.payType();
    String what = "prepay out_trade_no=" + request.outTradeNo();
    String appId =
        config
            .appId(payType)
            .orElseThrow(
                () ->
                    new UniPayException(
                        ErrorCode.PROVIDER_NOT_CONFIGURED,
                        what + ": no WeChat app id configured for pay type " + payType.code()));
    if (request.description().getBytes(UTF_8).length > maxDescriptionBytes()) {
      throw UniPayException.invalid(what + ": description exceeds 127 bytes (UTF-8)");
    }
    ObjectNode body = mapper.createObjectNode();
    body.put("appid", appId);
    body.put("mchid", config.mchid());
    body.put("description", request.description());
    body.put("out_trade_no", request.outTradeNo());
    body.put("time_expire", Mappings.timeExpire(request.expireAt()));
    body.put("notify_url", request.notifyUrl());
    ObjectNode amount = body.putObject("amount");
    amount.put("total", request.totalFee());
    amount.put("currency", request.currency());
    String endpoint;
    switch (payType) {
      case JSAPI, MP -> {
        if (request.openid() == null || request.openid().isEmpty()) {
          throw UniPayException.invalid(
              what + ": openid is required for pay type " + payType.code());
        }
        body.putObject("payer").put("openid", request.openid());
        endpoint = "jsapi";
      }
      case APP -> endpoint = "app";
      case NATIVE -> endpoint = "native";
      case H5 -> {
        if (request.clientIp() == null || request.clientIp().isEmpty()) {
          throw UniPayException.invalid(what + ": clientIp is required for pay type h5");
        }
        ObjectNode scene = body.putObject("scene_info");
        scene.put("payer_client_ip", request.clientIp());
        scene.putObject("h5_info").put("type", "Wap");
        endpoint = "h5";
      }
      default ->
          throw new UniPayException(
              ErrorCode.PROVIDER_NOT_CONFIGURED,
              what + ": WeChat Pay does not support pay type " + payType.code());
    }
    JsonNode answer =
        api.json(
            what, api.call(Operation.PREPAY, what, "POST", PAY + endpoint, bytes(body)).body());
    return switch (payType) {
      case JSAPI, MP -> jsapiParameters(appId, field(answer, "prepay_id", what));
      case APP -> appParameters(appId, field(answer, "prepay_id", what));
      case NATIVE -> new PrepayResult.QrCode(field(answer, "code_url", what));
      default -> new PrepayResult.RedirectUrl(field(answer, "h5_url", what));
    };
  }

  /** {@code wx.requestPayment} / {@code WeixinJSBridge} parameters for a prepay id. */
  PrepayResult.WechatJsapi jsapiParameters(String appId, String prepayId) {
    String timeStamp = Long.toString(config.clock().instant().getEpochSecond());
    String nonceStr = config.nonceSupplier().get();
    String packageValue = "prepay_id=" + prepayId;
    String paySign = signer.signLines(appId, timeStamp, nonceStr, packageValue);
    return new PrepayResult.WechatJsapi(appId, timeStamp, nonceStr, packageValue, "RSA", paySign);
  }

  /** APP SDK parameters for a prepay id. */
  PrepayResult.WechatApp appParameters(String appId, String prepayId) {
    String timestamp = Long.toString(config.clock().instant().getEpochSecond());
    String nonce = config.nonceSupplier().get();
    String sign = signer.signLines(appId, timestamp, nonce, prepayId);
    return new PrepayResult.WechatApp(
        appId, config.mchid(), prepayId, "Sign=WXPay", nonce, timestamp, sign);
  }

  @Override
  public TradeSnapshot query(String outTradeNo) {
    requireId("query", "outTradeNo", outTradeNo);
    String what = "query out_trade_no=" + outTradeNo;
    ApiResponse response;
    try {
      response =
          api.call(
              Operation.QUERY,
              what,
              "GET",
              PAY + "out-trade-no/" + encode(outTradeNo) + "?mchid=" + encode(config.mchid()),
              null);
    } catch (ProviderRejectedException e) {
      if (e.verdict() == Verdict.NOT_FOUND) return TradeSnapshot.notFound(outTradeNo);
      throw e;
    }
    JsonNode transaction = api.json(what, response.body());
    TradeSnapshot trade;
    try {
      trade = Mappings.trade(transaction, new String(response.body(), UTF_8));
    } catch (IllegalArgumentException e) {
      throw Mappings.unexpected(what, e);
    }
    return answers.trade(what, outTradeNo, trade);
  }

  @Override
  public CloseResult close(String outTradeNo) {
    requireId("close", "outTradeNo", outTradeNo);
    String what = "close out_trade_no=" + outTradeNo;
    ObjectNode body = mapper.createObjectNode().put("mchid", config.mchid());
    try {
      api.call(
          Operation.CLOSE,
          what,
          "POST",
          PAY + "out-trade-no/" + encode(outTradeNo) + "/close",
          bytes(body));
      return CloseResult.CLOSED;
    } catch (ProviderRejectedException e) {
      if (e.verdict() == Verdict.NOT_FOUND) return CloseResult.NOT_FOUND;
      if (e.verdict() == Verdict.REFUSED) {
        if (ErrorCodes.ORDER_PAID.equals(e.providerCode())) return CloseResult.ALREADY_PAID;
        if (ErrorCodes.ORDER_CLOSED.equals(e.providerCode())) return CloseResult.CLOSED;
      }
      throw e;
    }
  }

  @Override
  public RefundSnapshot refund(RefundCommand command) {
    String what =
        "refund out_trade_no=" + command.outTradeNo() + " out_refund_no=" + command.outRefundNo();
    ObjectNode body = mapper.createObjectNode();
    body.put("out_trade_no", command.outTradeNo());
    body.put("out_refund_no", command.outRefundNo());
    if (command.reason() != null) body.put("reason", command.reason());
    if (command.notifyUrl() != null) body.put("notify_url", command.notifyUrl());
    ObjectNode amount = body.putObject("amount");
    amount.put("refund", command.refundFee());
    amount.put("total", command.totalFee());
    amount.put("currency", command.currency());
    ApiResponse response = api.call(Operation.REFUND, what, "POST", REFUNDS, bytes(body));
    return answers.refund(
        what, command.outTradeNo(), command.outRefundNo(), refundSnapshot(what, response));
  }

  @Override
  public RefundSnapshot queryRefund(String outTradeNo, String outRefundNo) {
    requireId("refund query", "outTradeNo", outTradeNo);
    requireId("refund query", "outRefundNo", outRefundNo);
    String what = "refund query out_trade_no=" + outTradeNo + " out_refund_no=" + outRefundNo;
    ApiResponse response =
        api.call(Operation.REFUND_QUERY, what, "GET", REFUNDS + "/" + encode(outRefundNo), null);
    return answers.refund(what, outTradeNo, outRefundNo, refundSnapshot(what, response));
  }

  private RefundSnapshot refundSnapshot(String what, ApiResponse response) {
    JsonNode json = api.json(what, response.body());
    try {
      return Mappings.refund(json, new String(response.body(), UTF_8));
    } catch (IllegalArgumentException e) {
      throw Mappings.unexpected(what, e);
    }
  }

  // 商家转账 (transfer bills): internal.WechatTransfers, rules and error table in the README.

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

  /** CANCELING/CANCELLED, or the state past which it cannot be cancelled; see the README. */
  @Override
  public TransferSnapshot cancelTransfer(String outBillNo) {
    return transfers.cancel(outBillNo);
  }

  /**
   * Verifies and decrypts a payment ({@code TRANSACTION.SUCCESS}), refund ({@code REFUND.*}) or
   * transfer ({@code MCHTRANSFER.BILL.FINISHED}) notification over its raw bytes; see {@link
   * io.unipay.core.NotifyRejectedException#reason()} for the refusal reasons.
   */
  @Override
  public ProviderNotification parseNotification(NotifyRequest request) {
    return notifications.decode(request);
  }

  /** Success: 204 without a body. Failure: 500 with {@code {"code":"FAIL","message":...}}. */
  @Override
  public NotifyResponse acknowledge(boolean success, String message) {
    if (success) return new NotifyResponse(204, "", "", true);
    ObjectNode body = mapper.createObjectNode();
    body.put("code", "FAIL");
    body.put("message", message == null || message.isEmpty() ? "FAIL" : message);
    return new NotifyResponse(500, "application/json", new String(bytes(body), UTF_8), false);
  }

  /**
   * The {@code ALL} trade bill of {@code day}, streaming (README "Bills"); its SHA1 is checked when
   * the file ends, so <b>rows are unconfirmed until {@link TradeBill#next()} returns null</b>.
   */
  @Override
  public TradeBill openTradeBill(LocalDate day) {
    return bills.openTradeBill(day);
  }

  /** The fund-flow bill of {@code account} on {@code day}; as {@link #openTradeBill}. */
  public FundFlowBill openFundFlowBill(LocalDate day, FundAccount account) {
    return bills.openFundFlowBill(day, account);
  }

  /** Stops the certificate refresher and releases the connection pool. */
  @Override
  public void close() {
    keys.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  /** Serials of the platform certificates known now (certificate mode); for diagnostics. */
  public java.util.List<String> platformCertificateSerials() {
    return keys.certificateSerials();
  }

  /** The platform certificates known now (configured or downloaded) with their validity. */
  public java.util.List<WechatPlatformCertificate> platformCertificates() {
    return keys.certificatesBySerial().entrySet().stream()
        .map(e -> WechatPlatformCertificate.of(e.getKey(), e.getValue()))
        .toList();
  }

  @Override
  public String toString() {
    return "WechatPayClient{mchid=" + config.mchid() + ", baseUrl=" + config.baseUrl() + "}";
  }

  private static void requireId(String operation, String name, String value) {
    if (value == null || value.isEmpty()) {
      throw UniPayException.invalid(operation + ": " + name + " is required");
    }
  }

  private static String field(JsonNode answer, String name, String what) {
    JsonNode value = answer.get(name);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new UniPayException(
          ErrorCode.OUTCOME_UNKNOWN, what + ": WeChat Pay answer lacks " + name);
    }
    return value.asText();
  }

  private byte[] bytes(JsonNode node) {
    try {
      return mapper.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  private static String encode(String pathSegment) {
    return URLEncoder.encode(pathSegment, UTF_8).replace("+", "%20");
  }
}
