package io.unipay.testkit.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WechatLoginSimulatorTest {
  private static final OkHttpClient HTTP = new OkHttpClient.Builder().followRedirects(false).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MP = WechatLoginSimulator.DEFAULT_MINI_PROGRAM_APPID;
  private static final String OA = WechatLoginSimulator.DEFAULT_OFFICIAL_ACCOUNT_APPID;

  private final MovableClock clock = new MovableClock();
  private final WechatLoginSimulator wx = WechatLoginSimulator.builder().clock(clock).start();

  @AfterEach
  void close() {
    wx.close();
  }

  @Test
  void aMiniProgramCodeIsExchangedOnceAndThenAnswers40163() throws IOException {
    IssuedLoginCode code = wx.issueMiniProgramCode(MP, "oUser1", "uUnion1");

    JsonNode first = jscode2session(MP, wx.secret(MP), code.code());
    JsonNode second = jscode2session(MP, wx.secret(MP), code.code());

    assertThat(first.has("errcode")).isFalse();
    assertThat(first.path("openid").asText()).isEqualTo("oUser1");
    assertThat(first.path("unionid").asText()).isEqualTo("uUnion1");
    assertThat(first.path("session_key").asText()).isEqualTo(code.sessionKey());
    assertThat(second.path("errcode").asInt()).isEqualTo(40163);
    assertThat(second.path("errmsg").asText()).startsWith("code been used, rid: ");
    assertThat(wx.redeemed(code.code())).isTrue();
  }

  @Test
  void aCodeAnswers40029OnceItsLifetimeHasPassed() throws IOException {
    IssuedLoginCode code = wx.issueMiniProgramCode(MP, "oUser1", null);
    clock.advance(Duration.ofMinutes(5));

    assertThat(jscode2session(MP, wx.secret(MP), code.code()).path("errcode").asInt())
        .isEqualTo(40029);
    assertThat(wx.redeemed(code.code())).isFalse();
  }

  @Test
  void aWrongSecretAnswers40125AndAnUnknownAppIdAnswers40013() throws IOException {
    IssuedLoginCode code = wx.issueMiniProgramCode(MP, "oUser1", null);

    assertThat(jscode2session(MP, "not-the-secret", code.code()).path("errcode").asInt())
        .isEqualTo(40125);
    assertThat(jscode2session("wxunknown", wx.secret(MP), code.code()).path("errcode").asInt())
        .isEqualTo(40013);
    assertThat(wx.redeemed(code.code())).isFalse();
  }

  @Test
  void aCodeOfAnotherApiIsInvalid() throws IOException {
    IssuedLoginCode oaCode = wx.issueOfficialAccountCode(OA, "snsapi_base", "oUser2", null);

    JsonNode answer = jscode2session(MP, wx.secret(MP), oaCode.code());

    assertThat(answer.path("errcode").asInt()).isEqualTo(40029);
  }

  @Test
  void anOfficialAccountCodeGivesTheUnionidOnlyWithTheUserinfoScope() throws IOException {
    IssuedLoginCode base = wx.issueOfficialAccountCode(OA, "snsapi_base", "oUser3", "uUnion3");
    IssuedLoginCode userinfo =
        wx.issueOfficialAccountCode(OA, "snsapi_userinfo", "oUser3", "uUnion3");

    JsonNode a = accessToken(OA, wx.secret(OA), base.code());
    JsonNode b = accessToken(OA, wx.secret(OA), userinfo.code());

    assertThat(a.path("openid").asText()).isEqualTo("oUser3");
    assertThat(a.has("unionid")).isFalse();
    assertThat(a.path("expires_in").asInt()).isEqualTo(7200);
    assertThat(b.path("unionid").asText()).isEqualTo("uUnion3");
    assertThat(b.path("scope").asText()).isEqualTo("snsapi_userinfo");
  }

  @Test
  void aSnapshotUserCodeIsMarkedAsSuch() throws IOException {
    IssuedLoginCode code = wx.issueSnapshotUserCode(OA);

    assertThat(accessToken(OA, wx.secret(OA), code.code()).path("is_snapshotuser").asInt())
        .isEqualTo(1);
  }

  @Test
  void anInjectedFaultDoesNotConsumeTheCode() throws IOException {
    IssuedLoginCode code = wx.issueMiniProgramCode(MP, "oUser1", null);
    wx.inject(WechatLoginFault.RATE_LIMITED, 1).inject(WechatLoginFault.BUSY, 1);

    JsonNode limited = jscode2session(MP, wx.secret(MP), code.code());
    JsonNode busy = jscode2session(MP, wx.secret(MP), code.code());
    JsonNode ok = jscode2session(MP, wx.secret(MP), code.code());

    assertThat(limited.path("errcode").asInt()).isEqualTo(45011);
    assertThat(busy.path("errcode").asInt()).isEqualTo(-1);
    assertThat(ok.path("openid").asText()).isEqualTo("oUser1");
    assertThat(wx.apiCalls()).isEqualTo(3);
  }

  @Test
  void theAuthorizePageRedirectsToTheRedirectUriWithACodeAndTheState() throws IOException {
    wx.signInAs(OA, "oBrowserUser", null);
    HttpUrl page =
        HttpUrl.get(wx.baseUrl() + "/connect/oauth2/authorize").newBuilder()
            .addQueryParameter("appid", OA)
            .addQueryParameter("redirect_uri", "https://shop.example/back?from=menu")
            .addQueryParameter("response_type", "code")
            .addQueryParameter("scope", "snsapi_base")
            .addQueryParameter("state", "s1")
            .build();

    String location;
    try (Response response = HTTP.newCall(new Request.Builder().url(page).build()).execute()) {
      assertThat(response.code()).isEqualTo(302);
      location = response.header("Location");
    }
    HttpUrl back = HttpUrl.get(location);

    assertThat(back.host()).isEqualTo("shop.example");
    assertThat(back.queryParameter("from")).isEqualTo("menu");
    assertThat(back.queryParameter("state")).isEqualTo("s1");
    assertThat(accessToken(OA, wx.secret(OA), back.queryParameter("code")).path("openid").asText())
        .isEqualTo("oBrowserUser");
  }

  private JsonNode jscode2session(String appId, String secret, String code) throws IOException {
    return get("/sns/jscode2session", appId, secret, "js_code", code);
  }

  private JsonNode accessToken(String appId, String secret, String code) throws IOException {
    return get("/sns/oauth2/access_token", appId, secret, "code", code);
  }

  private JsonNode get(String path, String appId, String secret, String codeName, String code)
      throws IOException {
    HttpUrl url =
        HttpUrl.get(wx.baseUrl() + path).newBuilder()
            .addQueryParameter("appid", appId)
            .addQueryParameter("secret", secret)
            .addQueryParameter(codeName, code)
            .addQueryParameter("grant_type", "authorization_code")
            .build();
    try (Response response = HTTP.newCall(new Request.Builder().url(url).build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
      return JSON.readTree(response.body().string());
    }
  }

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T02:00:00Z"));

    void advance(Duration d) {
      now.updateAndGet(i -> i.plus(d));
    }

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
  }
}
