package io.unipay.testkit.alipay;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A bare gateway caller for the simulator tests: query string + form body, as protocols §B1. */
final class GatewayCall {
  private static final OkHttpClient HTTP = new OkHttpClient();

  record Result(int status, String body) {}

  private GatewayCall() {}

  static Result post(String gatewayUrl, Map<String, String> params) throws IOException {
    Map<String, String> query = new LinkedHashMap<>(params);
    String biz = query.remove("biz_content");
    StringBuilder q = new StringBuilder();
    query.forEach(
        (k, v) ->
            q.append(q.length() == 0 ? "" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    Request request =
        new Request.Builder()
            .url(gatewayUrl + "?" + q)
            .post(
                RequestBody.create(
                    "biz_content=" + URLEncoder.encode(biz, StandardCharsets.UTF_8),
                    MediaType.get("application/x-www-form-urlencoded;charset=utf-8")))
            .build();
    try (Response response = HTTP.newCall(request).execute()) {
      return new Result(response.code(), response.body().string());
    }
  }

  /** Signs {@code params} (timestamp etc. already set) with the simulator's app key and posts. */
  static Result signedPost(AlipaySimulator sim, String method, String bizContent, String notifyUrl)
      throws IOException {
    return signedPost(sim, method, bizContent, notifyUrl, Map.of());
  }

  /** {@link #signedPost} with the certificate SNs a certificate-mode gateway requires. */
  static Result certSignedPost(AlipaySimulator sim, String method, String bizContent)
      throws IOException {
    return signedPost(sim, method, bizContent, null, Map.of(
        "app_cert_sn", sim.certificates().appCertSn(),
        "alipay_root_cert_sn", sim.certificates().alipayRootCertSn()));
  }

  private static Result signedPost(
      AlipaySimulator sim, String method, String bizContent, String notifyUrl,
      Map<String, String> extra) throws IOException {
    Map<String, String> p = new LinkedHashMap<>(extra);
    p.put("app_id", sim.appId());
    p.put("method", method);
    p.put("format", "JSON");
    p.put("charset", "utf-8");
    p.put("sign_type", "RSA2");
    p.put("timestamp", "2026-01-01 10:00:00");
    p.put("version", "1.0");
    if (notifyUrl != null) p.put("notify_url", notifyUrl);
    p.put("biz_content", bizContent);
    p.put(
        "sign",
        SimCrypto.sign(SimCrypto.privateKey(sim.appPrivateKeyPem()), SimForm.requestContent(p)));
    return post(sim.gatewayUrl(), p);
  }
}
