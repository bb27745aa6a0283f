package io.unipay.examples;

import static io.unipay.examples.PayerLoginTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.login.LoginFlow;
import io.unipay.core.login.PayerIdentity;
import io.unipay.testkit.wechat.WechatLoginSimulator;
import io.unipay.testkit.wechat.WechatPaySimulator;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The WeChat official account's redirect sign-in over real HTTP: the app's authorize URL, the
 * simulator's authorize page redirecting back with a code and the state, and the callback — which
 * signs in only the browser that started the login, with its state, once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OfficialAccountRedirectTest {
  private VipRechargeApp app;
  private WechatLoginSimulator wechatLogin;

  @BeforeAll
  void startApp() throws Exception {
    app = VipRechargeApp.start(AppConfig.of(Map.of(
        "mode", "sandbox",
        "http.port", "0",
        "db.url", "jdbc:h2:mem:oa-redirect-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")));
    wechatLogin = app.providers.logins.phone.wechat();
  }

  @AfterAll
  void stopApp() {
    if (app != null) app.close();
  }

  /** Starts a login in {@code browser}: the authorize URL the app answered. */
  private static String authorize(AppClient browser) {
    AppClient.Answer answer = browser.post(LoginRoutes.OA_AUTHORIZE, "{}");
    assertThat(answer.status()).as("%s", answer).isEqualTo(200);
    return answer.json().get("authorizeUrl").asText();
  }

  /** What the authorize page does: the callback URL it redirects the browser to. */
  private static String authorizePage(AppClient browser, String authorizeUrl) {
    HttpResponse<String> page = browser.getRaw(authorizeUrl.replace("#wechat_redirect", ""));
    assertThat(page.statusCode()).as(page.body()).isEqualTo(302);
    return page.headers().firstValue("Location").orElseThrow();
  }

  private static Map<String, String> query(String url) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : URI.create(url).getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      out.put(pair.substring(0, eq),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void theAuthorizeRedirectSignsInTheBrowserThatStartedItAsTheOfficialAccountsPayer() {
    AppClient browser = new AppClient(app.url());
    String authorizeUrl = authorize(browser);
    Map<String, String> authorize = query(authorizeUrl.replace("#wechat_redirect", ""));
    assertThat(authorizeUrl).startsWith(wechatLogin.baseUrl() + "/connect/oauth2/authorize?");
    assertThat(authorize.get("appid")).isEqualTo(WechatPaySimulator.DEFAULT_APPID);
    assertThat(authorize.get("redirect_uri")).isEqualTo(app.url() + LoginRoutes.OA_CALLBACK);
    assertThat(authorize.get("scope")).isEqualTo("snsapi_base");
    assertThat(authorize.get("state")).matches("[A-Za-z0-9]{32}");

    String callback = authorizePage(browser, authorizeUrl);
    assertThat(callback).startsWith(app.url() + LoginRoutes.OA_CALLBACK + "?code=");
    assertThat(query(callback).get("state")).isEqualTo(authorize.get("state"));
    HttpResponse<String> back = browser.getRaw(callback);

    assertThat(back.statusCode()).as(back.body()).isEqualTo(303);
    assertThat(back.headers().firstValue("Location")).hasValue("/");
    List<String> cookies = back.headers().allValues("Set-Cookie");
    assertThat(cookies).anyMatch(c -> c.startsWith("vip_sid=") && c.contains("SameSite=Strict"));
    assertThat(cookies).anyMatch(c -> c.startsWith("vip_login=;") && c.contains("Max-Age=0"));
    AppClient.Answer session = browser.get("/api/session");
    assertThat(session.json().get("signedInWith").asText()).isEqualTo("WECHAT_OFFICIAL_ACCOUNT");
    assertThat(session.json().get("userId").asText()).isEqualTo(PayerAccounts.userId(
        PayerIdentity.of(LoginFlow.WECHAT_OFFICIAL_ACCOUNT, WechatPaySimulator.DEFAULT_APPID,
            SimulatedPhone.DEMO_OFFICIAL_ACCOUNT_OPENID, null)));
    String outTradeNo = browser.createOrder("m1", "wxpay", "jsapi").get("outTradeNo").asText();
    assertThat(app.pay.getOrder(outTradeNo).openid())
        .isEqualTo(SimulatedPhone.DEMO_OFFICIAL_ACCOUNT_OPENID);

    // The same callback once more (a replay, a reload) signs nobody in.
    AppClient.Answer replay = AppClient.parsed(new AppClient(app.url()).getRaw(callback));
    assertError(replay, 400, "LOGIN_STATE_MISMATCH");
    assertError(AppClient.parsed(browser.getRaw(callback)), 400, "LOGIN_STATE_MISMATCH");
  }

  @Test
  void theAuthorizeCookieIsHttpOnlyLaxAndScopedToTheLoginRoutes() {
    String cookie = rawSetCookie();

    assertThat(cookie).matches("vip_login=[A-Za-z0-9_-]{43}; .*").contains("; Path=/api/login/")
        .contains("; HttpOnly").contains("; SameSite=Lax").contains("; Max-Age=600");
  }

  @Test
  void aCallbackFromAnotherBrowsersLoginSignsNobodyInAndItsCodeIsNotExchanged() {
    AppClient attacker = new AppClient(app.url());
    String attackersCallback = authorizePage(attacker, authorize(attacker));
    String attackersCode = query(attackersCallback).get("code");
    AppClient victim = new AppClient(app.url()).signIn(AppClient.USER);
    String victimsAuthorize = authorize(victim); // even with a login of its own under way

    AppClient.Answer forced = AppClient.parsed(victim.getRaw(attackersCallback));

    assertError(forced, 400, "LOGIN_STATE_MISMATCH");
    assertThat(wechatLogin.redeemed(attackersCode)).isFalse();
    assertThat(victim.get("/api/session").json().get("userId").asText()).isEqualTo(AppClient.USER);
    // The victim's own login was ended by the refused callback (single use): it starts again.
    String victimsCallback = authorizePage(victim, victimsAuthorize);
    assertError(AppClient.parsed(victim.getRaw(victimsCallback)), 400, "LOGIN_STATE_MISMATCH");
    assertThat(wechatLogin.redeemed(query(victimsCallback).get("code"))).isFalse();
  }

  @Test
  void aTamperedOrMissingStateIsRefusedAndANewLoginWorks() {
    AppClient browser = new AppClient(app.url());
    String callback = authorizePage(browser, authorize(browser));
    Map<String, String> q = query(callback);
    String tampered = app.url() + LoginRoutes.OA_CALLBACK + "?code=" + q.get("code")
        + "&state=" + q.get("state").substring(1) + "X";

    assertError(AppClient.parsed(browser.getRaw(tampered)), 400, "LOGIN_STATE_MISMATCH");
    assertError(
        AppClient.parsed(browser.getRaw(app.url() + LoginRoutes.OA_CALLBACK + "?code=abc")),
        400, "LOGIN_STATE_MISMATCH");
    assertThat(browser.sessionCookie()).isNull();

    String fresh = authorizePage(browser, authorize(browser));
    String withoutCode = app.url() + LoginRoutes.OA_CALLBACK + "?state=" + query(fresh).get("state");
    assertError(AppClient.parsed(browser.getRaw(withoutCode)), 400, "LOGIN_CANCELLED");
    String again = authorizePage(browser, authorize(browser));
    assertThat(browser.getRaw(again).statusCode()).isEqualTo(303);
    assertThat(browser.sessionCookie()).isNotNull();
  }

  /** The {@code Set-Cookie} of starting a login, read from the raw answer. */
  private String rawSetCookie() {
    try {
      HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(URI.create(app.url() + LoginRoutes.OA_AUTHORIZE))
              .header("Content-Type", "application/json")
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      return response.headers().firstValue("Set-Cookie").orElseThrow();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
