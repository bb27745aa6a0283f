package io.unipay.alipay.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.internal.LogSafe;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs, sends and verifies one gateway call (protocols §B1, §B3): system parameters and the sign
 * URL-encoded in the query string, {@code biz_content} in the form body; the answer is verified
 * over the raw {@code <method>_response} substring before anything in it is trusted.
 *
 * <p>Thread-safe; owns one {@link OkHttpClient}. It keeps idle connections only briefly and
 * re-sends a call whose connection failed (OkHttp's {@code retryOnConnectionFailure}), which is
 * safe because every gateway call is idempotent by our own ids; timeouts are never re-sent.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);
  private static final MediaType FORM =
      MediaType.get("application/x-www-form-urlencoded;charset=utf-8");
  private static final Set<String> REQUEST_EXCLUDED = Set.of("sign");
  private static final String CERT_DOWNLOAD = "alipay.open.app.alipaycert.download";

  private final String gatewayUrl;
  private final String appId;
  private final PrivateKey appPrivateKey;
  private final AlipayKeys keys;
  private final String appCertSn;
  private final String alipayRootCertSn;
  private final Clock clock;
  private final Rsa2 rsa;
  private final ObjectMapper json;
  private final OkHttpClient http;

  public Gateway(
      String gatewayUrl,
      String appId,
      PrivateKey appPrivateKey,
      AlipayKeys keys,
      String appCertSn,
      String alipayRootCertSn,
      Duration connectTimeout,
      Duration readTimeout,
      Duration idleConnectionTimeout,
      Clock clock,
      Rsa2 rsa,
      ObjectMapper json) {
    this.gatewayUrl = gatewayUrl;
    this.appId = appId;
    this.appPrivateKey = appPrivateKey;
    this.keys = keys;
    this.appCertSn = appCertSn;
    this.alipayRootCertSn = alipayRootCertSn;
    this.clock = clock;
    this.rsa = rsa;
    this.json = json;
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(connectTimeout)
            .readTimeout(readTimeout)
            .writeTimeout(readTimeout)
            // Idempotent by our own ids (out_trade_no, out_request_no): see AlipayClient's Javadoc.
            .retryOnConnectionFailure(true)
            .connectionPool(
                new ConnectionPool(5, idleConnectionTimeout.toMillis(), TimeUnit.MILLISECONDS))
            .followRedirects(false)
            .build();
  }

  /**
   * Every parameter of a call, signed, sorted by key: the system parameters, {@code biz_content}
   * and {@code sign}. Used directly for the order string (app) and the page/wap URL or form.
   */
  public Map<String, String> signedParams(
      String method, ObjectNode biz, String notifyUrl, String returnUrl) {
    TreeMap<String, String> params = systemParams(method, notifyUrl, returnUrl);
    try {
      params.put("biz_content", json.writeValueAsString(biz));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("biz_content cannot be written", e);
    }
    params.put("sign", rsa.sign(appPrivateKey, SignContent.of(params, REQUEST_EXCLUDED)));
    return params;
  }

  /** The system parameters of a call, unsigned, sorted by key. */
  private TreeMap<String, String> systemParams(String method, String notifyUrl, String returnUrl) {
    TreeMap<String, String> params = new TreeMap<>();
    params.put("app_id", appId);
    params.put("method", method);
    params.put("format", "JSON");
    params.put("charset", "utf-8");
    params.put("sign_type", "RSA2");
    params.put("timestamp", AlipayTime.format(clock.instant()));
    params.put("version", "1.0");
    if (notifyUrl != null && !notifyUrl.isEmpty()) params.put("notify_url", notifyUrl);
    if (returnUrl != null && !returnUrl.isEmpty()) params.put("return_url", returnUrl);
    if (appCertSn != null) {
      params.put("app_cert_sn", appCertSn);
      params.put("alipay_root_cert_sn", alipayRootCertSn);
    }
    return params;
  }

  /**
   * Sends one call and verifies the answer. Transport failures and untrustworthy answers throw;
   * Alipay's own error codes come back in the {@link Answer} for the caller to map.
   *
   * @param idempotent true for queries (failures are {@code PROVIDER_UNAVAILABLE}); false for calls
   *     that change a trade (failures after sending are {@code OUTCOME_UNKNOWN})
   */
  public Answer call(
      String method, ObjectNode biz, String notifyUrl, boolean idempotent, String outTradeNo) {
    String where = method + " for out_trade_no " + LogSafe.quote(outTradeNo);
    return verify(method, send(method, biz, notifyUrl, idempotent, where), idempotent, where);
  }

  /**
   * {@link #call} for an object that is not a trade: {@code subject} names it in messages, e.g.
   * {@code out_biz_no 'T1'} (escaped by the caller). No {@code notify_url} is sent.
   */
  public Answer callAbout(String method, ObjectNode biz, boolean idempotent, String subject) {
    String where = method + " for " + subject;
    return verify(method, send(method, biz, null, idempotent, where), idempotent, where);
  }

  /** The HTTP client, for downloads outside the gateway (bill files). */
  public OkHttpClient http() {
    return http;
  }

  /** POSTs one signed call; the body of an HTTP 200 answer, else the failure for the call. */
  private String send(
      String method, ObjectNode biz, String notifyUrl, boolean idempotent, String where) {
    Map<String, String> params = signedParams(method, biz, notifyUrl, null);
    String bizContent = params.remove("biz_content");
    return post(params, "biz_content=" + SignContent.urlEncode(bizContent), idempotent, where);
  }

  /**
   * Sends a call whose application parameters are top-level text parameters, not {@code
   * biz_content} (e.g. {@code alipay.system.oauth.token}: {@code grant_type}, {@code code}), and
   * verifies the answer like {@link #call}. The text parameters are signed with the system
   * parameters and sent in the form body, as the official SDK does. Failures are those of an
   * idempotent call ({@code PROVIDER_UNAVAILABLE}): such a call changes no trade.
   *
   * @param where names the call for messages; must not contain a secret or the code
   */
  public Answer callWithTextParams(String method, Map<String, String> textParams, String where) {
    TreeMap<String, String> params = systemParams(method, null, null);
    params.putAll(textParams);
    params.put("sign", rsa.sign(appPrivateKey, SignContent.of(params, REQUEST_EXCLUDED)));
    params.keySet().removeAll(textParams.keySet());
    String body = post(params, SignContent.query(new TreeMap<>(textParams)), true, where);
    return verify(method, body, true, where);
  }

  /** POSTs {@code form} with the system parameters and sign in the query string. */
  private String post(Map<String, String> query, String form, boolean idempotent, String where) {
    // URLEncoder rules, as the official SDK (space → '+'); HttpUrl keeps the escapes as they are.
    HttpUrl url = HttpUrl.get(gatewayUrl + "?" + SignContent.query(query));
    Request request = new Request.Builder().url(url).post(RequestBody.create(form, FORM)).build();
    String body;
    int status;
    try (Response response = http.newCall(request).execute()) {
      status = response.code();
      body = response.body().string();
    } catch (ConnectException | UnknownHostException | NoRouteToHostException e) {
      throw new UniPayException(
          ErrorCode.PROVIDER_UNAVAILABLE,
          "Alipay gateway " + gatewayUrl + " unreachable, nothing sent (" + where + "): " + e,
          e);
    } catch (InterruptedIOException e) {
      throw failure(idempotent, "no answer from Alipay within the timeout (" + where + ")", e);
    } catch (IOException e) {
      throw failure(idempotent, "the call to Alipay failed after sending (" + where + "): " + e, e);
    }
    if (status != 200) {
      throw failure(
          idempotent, "Alipay gateway answered HTTP " + status + " (" + where + ")", null);
    }
    return body;
  }

  /**
   * {@code alipay.open.app.alipaycert.download} of {@code alipayCertSn}: the answer, signed but not
   * yet verified ({@link CertificateStore} checks the certificate first, then the signature).
   */
  public AlipayKeys.Downloaded downloadCertificate(String alipayCertSn) {
    String where = CERT_DOWNLOAD + " for alipay_cert_sn " + LogSafe.quote(alipayCertSn);
    ObjectNode biz = json.createObjectNode().put("alipay_cert_sn", alipayCertSn);
    String body = send(CERT_DOWNLOAD, biz, null, true, where);
    ResponseJson root = root(body, true, where);
    String content = content(root, CERT_DOWNLOAD, true, where);
    JsonNode node = node(content, true, where);
    String code = node.path("code").asText("");
    String sign = root.string("sign");
    if (!"10000".equals(code)) {
      String shown =
          LogSafe.quote(code)
              + " "
              + LogSafe.quote(node.path("sub_code").asText(""))
              + " "
              + LogSafe.quote(node.path("sub_msg").asText(""));
      boolean retry =
          "20000".equals(code) || node.path("sub_code").asText("").endsWith("SYSTEM_ERROR");
      throw new UniPayException(
          retry ? ErrorCode.PROVIDER_UNAVAILABLE : ErrorCode.SIGNATURE_INVALID,
          "Alipay did not hand out certificate "
              + LogSafe.quote(alipayCertSn)
              + " ("
              + where
              + "): "
              + shown);
    }
    String certContent = node.path("alipay_cert_content").asText("");
    if (sign == null || sign.isEmpty() || certContent.isEmpty()) {
      throw new UniPayException(
          ErrorCode.SIGNATURE_INVALID,
          "Alipay answer to "
              + where
              + " carries no "
              + (certContent.isEmpty() ? "alipay_cert_content" : "sign"));
    }
    return new AlipayKeys.Downloaded(root.string("alipay_cert_sn"), content, sign, certContent);
  }

  private static ResponseJson root(String body, boolean idempotent, String where) {
    try {
      return ResponseJson.parse(body);
    } catch (ResponseJson.DuplicateMemberException e) {
      throw new UniPayException(
          ErrorCode.SIGNATURE_INVALID,
          "Alipay response to " + where + " rejected: " + LogSafe.quote(e.getMessage()));
    } catch (RuntimeException e) {
      throw failure(
          idempotent,
          "Alipay response to " + where + " is not JSON: " + LogSafe.quote(e.getMessage()),
          null);
    }
  }

  private static String content(
      ResponseJson root, String method, boolean idempotent, String where) {
    String content = root.raw(method.replace('.', '_') + "_response");
    if (content == null) content = root.raw("error_response");
    if (content == null || !content.startsWith("{")) {
      throw failure(
          idempotent,
          "Alipay response to "
              + where
              + " has no "
              + method.replace('.', '_')
              + "_response object",
          null);
    }
    return content;
  }

  private JsonNode node(String content, boolean idempotent, String where) {
    try {
      return json.readTree(content);
    } catch (JsonProcessingException e) {
      throw failure(idempotent, "Alipay response to " + where + " is not JSON", null);
    }
  }

  private Answer verify(String method, String body, boolean idempotent, String where) {
    ResponseJson root = root(body, idempotent, where);
    String content = content(root, method, idempotent, where);
    JsonNode node = node(content, idempotent, where);
    String code = node.path("code").asText("");
    String sign = root.string("sign");
    boolean verified = false;
    if (sign == null || sign.isEmpty()) {
      if ("10000".equals(code)) {
        throw new UniPayException(
            ErrorCode.SIGNATURE_INVALID,
            "Alipay success response to " + where + " carries no sign: refusing to trust it");
      }
      log.debug(
          "{} {} - unsigned Alipay error response, code {}", appId, where, LogSafe.quote(code));
    } else {
      String certSn = appCertSn == null ? null : root.string("alipay_cert_sn");
      List<PublicKey> candidates;
      try {
        candidates = keys.forAnswer(certSn, this::downloadCertificate);
      } catch (UniPayException e) {
        String why =
            "Alipay response to "
                + where
                + " is signed with alipay_cert_sn "
                + LogSafe.quote(certSn);
        if (e.code() == ErrorCode.SIGNATURE_INVALID) {
          throw new UniPayException(
              ErrorCode.SIGNATURE_INVALID,
              why + ", which is not trusted: " + CertificateStore.reason(e),
              e);
        }
        why += ", whose certificate could not be downloaded: " + CertificateStore.reason(e);
        throw failure(idempotent, why, e);
      }
      for (PublicKey key : candidates) {
        if (rsa.verifyAnswer(key, content, sign)) {
          verified = true;
          break;
        }
      }
      if (!verified) {
        throw new UniPayException(
            ErrorCode.SIGNATURE_INVALID,
            "Alipay response to "
                + where
                + " does not verify with the "
                + (appCertSn == null
                    ? "configured Alipay public key"
                    : certSn == null
                        ? "known Alipay certificates"
                        : "Alipay certificate " + LogSafe.quote(certSn)));
      }
    }
    return new Answer(method, where, idempotent, verified, content, node);
  }

  static UniPayException failure(boolean idempotent, String message, Throwable cause) {
    return new UniPayException(
        idempotent ? ErrorCode.PROVIDER_UNAVAILABLE : ErrorCode.OUTCOME_UNKNOWN,
        message + (idempotent ? "" : "; the outcome is unknown: query before retrying"),
        cause);
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
