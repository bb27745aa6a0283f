package io.unipay.testkit.wechat;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.time.Clock;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A minimal merchant for simulator tests: signs requests per protocols §A1 and sends them. */
final class MerchantCalls {
  record Answer(int status, okhttp3.Headers headers, byte[] body) {
    String text() {
      return new String(body, UTF_8);
    }
  }

  private final WechatPaySimulator sim;
  private final PrivateKey key;
  private final Clock clock;
  private final OkHttpClient http =
      new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

  MerchantCalls(WechatPaySimulator sim, Clock clock) {
    this.sim = sim;
    this.key = SimCrypto.privateKey(sim.merchantPrivateKeyPem());
    this.clock = clock;
  }

  Answer post(String target, String json) {
    byte[] body = json.getBytes(UTF_8);
    return send("POST", target, body, authorization("POST", target, body));
  }

  /** A POST that names the WeChat Pay key its sensitive fields were encrypted for. */
  Answer post(String target, String json, String wechatpaySerial) {
    byte[] body = json.getBytes(UTF_8);
    Request.Builder request =
        new Request.Builder()
            .url(sim.baseUrl() + target)
            .header("Authorization", authorization("POST", target, body))
            .header("Wechatpay-Serial", wechatpaySerial)
            .post(RequestBody.create(body, MediaType.get("application/json")));
    return execute(request);
  }

  Answer get(String target) {
    return send("GET", target, null, authorization("GET", target, new byte[0]));
  }

  String authorization(String method, String target, byte[] body) {
    long timestamp = clock.instant().getEpochSecond();
    String nonce = SimCrypto.alnum(32);
    String signature =
        SimCrypto.sign(
            key,
            (method + "\n" + target + "\n" + timestamp + "\n" + nonce + "\n").getBytes(UTF_8),
            body,
            new byte[] {'\n'});
    return "WECHATPAY2-SHA256-RSA2048 mchid=\""
        + sim.mchid()
        + "\",nonce_str=\""
        + nonce
        + "\",timestamp=\""
        + timestamp
        + "\",serial_no=\""
        + sim.merchantSerialNumber()
        + "\",signature=\""
        + signature
        + "\"";
  }

  Answer send(String method, String target, byte[] body, String authorization) {
    Request.Builder request = new Request.Builder().url(sim.baseUrl() + target);
    if (authorization != null) request.header("Authorization", authorization);
    request.method(
        method, body == null ? null : RequestBody.create(body, MediaType.get("application/json")));
    return execute(request);
  }

  private Answer execute(Request.Builder request) {
    try (Response response = http.newCall(request.build()).execute()) {
      return new Answer(response.code(), response.headers(), response.body().bytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String jsapiOrder(String outTradeNo, long total, String notifyUrl) {
    return "{\"appid\":\"wxd678efh567hg6787\",\"mchid\":\"1230000109\",\"description\":\"test\","
        + "\"out_trade_no\":\""
        + outTradeNo
        + "\",\"notify_url\":\""
        + notifyUrl
        + "\","
        + "\"amount\":{\"total\":"
        + total
        + ",\"currency\":\"CNY\"},\"payer\":{\"openid\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\"}}";
  }
}
