package io.unipay.testkit.alipay;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;

/** The gateway's HTTP answers: signed like Alipay's, or spoiled by an injected {@link Fault}. */
final class SimAnswers {
  private final AlipaySimulator sim;

  SimAnswers(AlipaySimulator sim) {
    this.sim = sim;
  }

  /** The answer for a fault that strikes before the call is applied: nothing was done. */
  MockResponse before(String root, Fault fault) {
    return switch (fault) {
      case HTTP_502 -> http(502, "<html>502 Bad Gateway</html>");
      case RATE_LIMITED ->
          new MockResponse.Builder().code(429).setHeader("Retry-After", "1").body("Too Many Requests").build();
      case SLOW_RESPONSE ->
          new MockResponse.Builder()
              .code(504)
              .body("<html>504 Gateway Time-out</html>")
              .headersDelay(sim.slowResponseDelay.toMillis(), TimeUnit.MILLISECONDS)
              .build();
      case DISCONNECT ->
          new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build();
      case BAD_RESPONSE_SIGNATURE -> answer(root, systemError(root), true, true);
      default -> errorFor(root, fault);
    };
  }

  /** The answer of an applied call, spoiled by {@code fault} when not null. */
  MockResponse after(String root, Map<String, Object> result, Fault fault) {
    if (fault == null) return answer(root, result, true, false);
    return switch (fault) {
      case HTTP_502 -> http(502, "<html>502 Bad Gateway</html>");
      case RATE_LIMITED -> http(429, "Too Many Requests");
      case SLOW_RESPONSE ->
          answer(root, result, true, false).newBuilder()
              .headersDelay(sim.slowResponseDelay.toMillis(), TimeUnit.MILLISECONDS)
              .build();
      case DISCONNECT ->
          answer(root, result, true, false).newBuilder()
              .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
              .build();
      case BAD_RESPONSE_SIGNATURE -> answer(root, result, true, true);
      default -> errorFor(root, fault);
    };
  }

  private MockResponse errorFor(String root, Fault fault) {
    return switch (fault) {
      case SYSTEM_ERROR -> answer(root, systemError(root), true, false);
      case ORDER_NOT_EXIST ->
          answer(root, SimGateway.error("40004", "Business Failed", "ORDER_NOT_EXIST", "转账订单不存在"), true, false);
      case UNKNOWN_ERROR ->
          answer(root, SimGateway.error("20000", "Service Currently Unavailable", "isp.unknow-error", "系统繁忙"), true, false);
      case UNKNOWN_CODE ->
          answer(root, SimGateway.error("40004", "Business Failed", "ACQ.SIMULATED_NEW_CODE", "未知错误"), true, false);
      case INVALID_SIGNATURE ->
          answer("error_response", SimGateway.error("40002", "Invalid Arguments", "isv.invalid-signature", "验签出错"), false, false);
      default -> throw new IllegalStateException("no error answer for " + fault);
    };
  }

  /** {@code ACQ.SYSTEM_ERROR}; the fund methods ({@code alipay_fund_*}) say {@code SYSTEM_ERROR}. */
  private static Map<String, Object> systemError(String root) {
    String subCode = root.startsWith("alipay_fund_") ? "SYSTEM_ERROR" : "ACQ.SYSTEM_ERROR";
    return SimGateway.error("40004", "Business Failed", subCode, "系统错误");
  }

  private static MockResponse http(int code, String body) {
    return new MockResponse.Builder().code(code).body(body).build();
  }

  /** The response body: {@code {"<root>":{...},"alipay_cert_sn":"...","sign":"..."}}. */
  MockResponse answer(String root, Map<String, Object> content, boolean signed, boolean badSign) {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "text/html;charset=utf-8")
        .body(body(sim, root, content, signed, badSign))
        .build();
  }

  static String body(
      AlipaySimulator sim, String root, Map<String, Object> content, boolean signed, boolean badSign) {
    String inner = SimJson.write(new LinkedHashMap<>(content));
    StringBuilder body = new StringBuilder(inner.length() + 400);
    body.append("{\"").append(root).append("\":").append(inner);
    if (signed) {
      String certSn = sim.signingCertSn();
      if (certSn != null) body.append(",\"alipay_cert_sn\":\"").append(certSn).append('"');
      String sign = SimCrypto.sign(sim.signingKey(), badSign ? inner + " " : inner);
      body.append(",\"sign\":\"").append(sign).append('"');
    }
    return body.append('}').toString();
  }

  /** Signs response content with the Alipay key, as {@link #answer} does (for the vector tests). */
  static String signContent(AlipaySimulator sim, String content) {
    return SimCrypto.sign(sim.signingKey(), content);
  }
}
