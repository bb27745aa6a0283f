package io.unipay.testkit.alipay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlipayLoginsTest {
  private static final OkHttpClient HTTP = new OkHttpClient.Builder().followRedirects(false).build();

  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T02:00:00Z"));
  private final AlipaySimulator alipay = AlipaySimulator.builder().clock(new Clock() {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }).start();

  @AfterEach
  void close() {
    alipay.close();
  }

  @Test
  void anAuthCodeGivesTheOpenIdOnceThenIsInvalid() throws IOException {
    String code = alipay.logins().issueCode("2088102100000001", "074openA", "unionA");

    String first = token(Map.of("grant_type", "authorization_code", "code", code));
    String second = token(Map.of("grant_type", "authorization_code", "code", code));

    assertThat(first).contains("\"alipay_system_oauth_token_response\":{")
        .contains("\"open_id\":\"074openA\"").contains("\"union_id\":\"unionA\"")
        .doesNotContain("user_id").doesNotContain("\"code\"").contains("\"sign\":\"");
    assertThat(second).contains("\"error_response\":{").contains("\"sub_code\":\"isv.code-invalid\"")
        .contains("\"sign\":\"");
    assertThat(alipay.logins().redeemed(code)).isTrue();
  }

  @Test
  void aLegacyAppGetsTheUserIdInstead() throws IOException {
    alipay.logins().openidStandard(false);
    String code = alipay.logins().issueCode("2088102100000002", "074openB", null);

    String answer = token(Map.of("grant_type", "authorization_code", "code", code));

    assertThat(answer).contains("\"user_id\":\"2088102100000002\"").doesNotContain("open_id");
  }

  @Test
  void anExpiredCodeOrACodeOfAnotherAppIsRefused() throws IOException {
    String expired = alipay.logins().issueCode();
    String foreign = alipay.logins().issueCodeFor("2021009999999999", "2088102100000003", "074c", null);
    now.updateAndGet(i -> i.plus(Duration.ofMinutes(5)));

    assertThat(token(Map.of("grant_type", "authorization_code", "code", expired)))
        .contains("isv.code-invalid");
    assertThat(token(Map.of("grant_type", "authorization_code", "code", foreign)))
        .contains("isv.code-invalid");
    String fresh = alipay.logins().issueCodeFor("2021009999999999", "2088102100000003", "074c", null);
    assertThat(token(Map.of("grant_type", "authorization_code", "code", fresh)))
        .contains("isv.unmatched-app-id");
  }

  @Test
  void theCodeMustBeATopLevelParameterNotInBizContent() throws IOException {
    String code = alipay.logins().issueCode();

    String answer = token(Map.of("biz_content",
        "{\"grant_type\":\"authorization_code\",\"code\":\"" + code + "\"}"));

    assertThat(answer).contains("isv.grant-type-invalid");
    assertThat(alipay.logins().redeemed(code)).isFalse();
  }

  @Test
  void theAuthorizePageRedirectsWithTheAuthCodeAndTheState() throws IOException {
    alipay.logins().signInAs("2088102100000004", "074openD", null);
    HttpUrl page = HttpUrl.get(alipay.logins().authorizeUrl()).newBuilder()
        .addQueryParameter("app_id", alipay.appId())
        .addQueryParameter("scope", "auth_base")
        .addQueryParameter("redirect_uri", "https://shop.example/ali/back?x=1")
        .addQueryParameter("state", "c3RhdGU=")
        .build();

    HttpUrl back;
    try (Response r = HTTP.newCall(new Request.Builder().url(page).build()).execute()) {
      assertThat(r.code()).isEqualTo(302);
      back = HttpUrl.get(r.header("Location"));
    }

    assertThat(back.queryParameter("x")).isEqualTo("1");
    assertThat(back.queryParameter("state")).isEqualTo("c3RhdGU=");
    assertThat(back.queryParameter("app_id")).isEqualTo(alipay.appId());
    assertThat(token(Map.of("grant_type", "authorization_code",
        "code", back.queryParameter("auth_code")))).contains("\"open_id\":\"074openD\"");
  }

  /** A signed {@code alipay.system.oauth.token}: system parameters in the query, the rest in the body. */
  private String token(Map<String, String> appParams) throws IOException {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("app_id", alipay.appId());
    all.put("method", AlipayLogins.METHOD);
    all.put("format", "JSON");
    all.put("charset", "utf-8");
    all.put("sign_type", "RSA2");
    all.put("timestamp", "2026-03-01 10:00:00");
    all.put("version", "1.0");
    all.putAll(appParams);
    String sign = SimCrypto.sign(SimCrypto.privateKey(alipay.appPrivateKeyPem()), SimForm.requestContent(all));
    StringBuilder query = new StringBuilder("sign=" + URLEncoder.encode(sign, StandardCharsets.UTF_8));
    StringBuilder body = new StringBuilder();
    all.forEach((k, v) -> {
      StringBuilder to = appParams.containsKey(k) ? body : query;
      if (to.length() > 0) to.append('&');
      to.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
    });
    Request request = new Request.Builder().url(alipay.gatewayUrl() + "?" + query)
        .post(RequestBody.create(body.toString(),
            MediaType.get("application/x-www-form-urlencoded;charset=utf-8")))
        .build();
    try (Response response = HTTP.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(200);
      return response.body().string();
    }
  }
}
