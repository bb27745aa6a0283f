package io.unipay.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.unipay.core.login.LoginFlow;
import io.unipay.core.login.PayerIdentity;
import io.unipay.core.order.Provider;
import io.unipay.testkit.wechat.IssuedLoginCode;
import io.unipay.testkit.wechat.WechatLoginFault;
import io.unipay.testkit.wechat.WechatLoginSimulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Signing a payer in with a WeChat or Alipay login code, through the app's HTTP API in sandbox
 * mode: the simulated phone hands out codes, the app exchanges them at the simulators, and the
 * session — never the request — names the payer of JSAPI and mini-program payments.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PayerLoginTest {
  private VipRechargeApp app;
  private WechatLoginSimulator wechatLogin;

  @BeforeAll
  void startApp() throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put("mode", "sandbox");
    settings.put("http.port", "0");
    settings.put("db.url", "jdbc:h2:mem:login-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    app = VipRechargeApp.start(AppConfig.of(settings));
    wechatLogin = app.providers.logins.phone.wechat();
  }

  @AfterEach
  void noFaultLeftOver() {
    wechatLogin.clearFaults();
  }

  @AfterAll
  void stopApp() {
    if (app != null) app.close();
  }

  private AppClient client() {
    return new AppClient(app.url());
  }

  private static String uniqueOpenid(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "");
  }

  @Test
  void aPayerOfEachFlowSignsInWithACodeAndOwnsTheOrdersItPaysAsThatPayer() {
    record Case(String flow, String payType, Provider provider, String prefix) {}
    List<Case> cases = List.of(
        new Case("WECHAT_MINI_PROGRAM", "mp", Provider.WXPAY, "wxmp-"),
        new Case("WECHAT_OFFICIAL_ACCOUNT", "jsapi", Provider.WXPAY, "wxoa-"),
        new Case("ALIPAY", "mp", Provider.ALIPAY, "alipay-"));
    for (Case c : cases) {
      String openid = uniqueOpenid("oPayer");
      AppClient payer = client();

      AppClient.Answer login = payer.loginWithCode(c.flow(), payer.sandboxCode(c.flow(), openid));

      assertThat(login.status()).as("%s: %s", c.flow(), login).isEqualTo(200);
      String userId = login.json().get("userId").asText();
      assertThat(userId).startsWith(c.prefix()).hasSizeLessThanOrEqualTo(VipStore.MAX_USER_ID);
      assertThat(login.json().get("signedInWith").asText()).isEqualTo(c.flow());
      assertThat(login.body()).doesNotContain(openid);
      assertThat(payer.sessionCookie()).isNotNull();
      assertThat(payer.get("/api/session").json().get("userId").asText()).isEqualTo(userId);
      assertThat(app.store.userExists(userId)).isTrue();

      String pkg = c.provider() == Provider.ALIPAY ? "q1" : "m1";
      JsonNode created = payer.createOrder(pkg, c.provider().code(), c.payType());
      String outTradeNo = created.get("outTradeNo").asText();
      assertThat(app.pay.getOrder(outTradeNo).openid()).isEqualTo(openid); // sent to the provider
      app.providers.sandbox.pay(c.provider(), outTradeNo);

      JsonNode order = payer.order(outTradeNo, 10);
      assertThat(order.get("status").asInt()).as("%s order", c.flow()).isEqualTo(1);
      assertThat(order.get("userId").asText()).isEqualTo(userId);
      assertThat(order.toString()).doesNotContain(openid);
      assertThat(payer.vipExpiry()).isNotNull();

      // The same payer signing in again, with a new code, is the same user.
      AppClient again = client().signInWithCode(c.flow(), openid);
      assertThat(again.get("/api/me").json().get("userId").asText()).isEqualTo(userId);
      assertThat(again.order(outTradeNo, 0).get("status").asInt()).isEqualTo(1);
    }
  }

  @Test
  void aReusedCodeIs400CodeUsedAndStartsNoSessionNorEndsTheCurrentOne() {
    AppClient first = client();
    String code = first.sandboxCode("WECHAT_MINI_PROGRAM", uniqueOpenid("oOnce"));
    assertThat(first.loginWithCode("WECHAT_MINI_PROGRAM", code).status()).isEqualTo(200);

    AppClient stranger = client();
    AppClient.Answer reused = stranger.loginWithCode("WECHAT_MINI_PROGRAM", code);
    AppClient signedIn = client().signIn(AppClient.USER);
    AppClient.Answer reusedWhileSignedIn = signedIn.loginWithCode("WECHAT_MINI_PROGRAM", code);

    assertError(reused, 400, "CODE_USED");
    assertThat(reused.json().get("message").asText()).doesNotContain(code);
    assertThat(stranger.sessionCookie()).isNull();
    assertError(stranger.get("/api/session"), 401, "UNAUTHORIZED");
    assertError(reusedWhileSignedIn, 400, "CODE_USED");
    assertThat(signedIn.get("/api/session").json().get("userId").asText())
        .isEqualTo(AppClient.USER);

    // Alipay does not tell a used code from an unknown one.
    String alipayCode = first.sandboxCode("ALIPAY", uniqueOpenid("oAli"));
    assertThat(first.loginWithCode("ALIPAY", alipayCode).status()).isEqualTo(200);
    assertError(stranger.loginWithCode("ALIPAY", alipayCode), 400, "INVALID_CODE");
    assertThat(stranger.sessionCookie()).isNull();
  }

  @Test
  void aBadCodeIs400AndAMalformedOneNeverReachesTheProvider() {
    AppClient browser = client();
    String miniCode = browser.sandboxCode("WECHAT_MINI_PROGRAM", null);

    assertError(browser.loginWithCode("WECHAT_MINI_PROGRAM", "0".repeat(32)), 400, "INVALID_CODE");
    assertError(browser.loginWithCode("ALIPAY", "0".repeat(32)), 400, "INVALID_CODE");
    // A mini program's code is not an official account's.
    assertError(browser.loginWithCode("WECHAT_OFFICIAL_ACCOUNT", miniCode), 400, "INVALID_CODE");
    int calls = wechatLogin.apiCalls();
    assertError(browser.loginWithCode("WECHAT_MINI_PROGRAM", "bad code"), 400, "INVALID_CODE");
    assertError(browser.loginWithCode("WECHAT_MINI_PROGRAM", "x".repeat(300)), 400, "INVALID_CODE");
    assertThat(wechatLogin.apiCalls()).isEqualTo(calls);
    assertError(
        browser.post("/api/login/code", "{\"flow\":\"WECHAT_MINI_PROGRAM\"}"), 400,
        "INVALID_ARGUMENT");
    assertError(browser.post("/api/login/code", "{\"flow\":\"QQ\",\"code\":\"abc\"}"), 400,
        "INVALID_ARGUMENT");
    assertError(
        browser.post("/api/login/code",
            "{\"flow\":\"WECHAT_MINI_PROGRAM\",\"appId\":\"wxother\",\"code\":\"abc\"}"),
        400, "LOGIN_NOT_CONFIGURED");
    assertError(
        browser.post("/api/login/code", "flow=ALIPAY&code=abc",
            Map.of("Content-Type", "application/x-www-form-urlencoded")),
        415, "UNSUPPORTED_MEDIA_TYPE");
    assertThat(browser.sessionCookie()).isNull();
    // The code that was refused for the wrong flow was not used up.
    assertThat(browser.loginWithCode("WECHAT_MINI_PROGRAM", miniCode).status()).isEqualTo(200);
  }

  @Test
  void aLoginProviderOutageIs503WithACorrelationIdAndNeitherAnswerNorLogShowsSecrets() {
    String openid = uniqueOpenid("oOutage");
    IssuedLoginCode issued = wechatLogin.issueMiniProgramCode(
        Providers.SANDBOX_MINI_PROGRAM_APPID, openid, null);
    String secret = wechatLogin.secret(Providers.SANDBOX_MINI_PROGRAM_APPID);
    AppClient browser = client();

    // (A dropped connection is retried by the client itself, so the faults are answers.)
    wechatLogin.inject(WechatLoginFault.HTTP_503, 1).inject(WechatLoginFault.BUSY, 1);
    String[] log = new String[1];
    List<AppClient.Answer> outages = capturingStderr(log, () -> List.of(
        browser.loginWithCode("WECHAT_MINI_PROGRAM", issued.code()),
        browser.loginWithCode("WECHAT_MINI_PROGRAM", issued.code())));

    for (AppClient.Answer outage : outages) {
      assertError(outage, 503, "PROVIDER_UNAVAILABLE");
      String id = outage.json().get("correlationId").asText();
      assertThat(id).matches("[0-9a-f]{12}");
      assertThat(outage.json().get("message").asText())
          .isEqualTo("the provider is unavailable; try again later (reference " + id + ")");
      assertThat(outage.body())
          .doesNotContain("127.0.0.1")
          .doesNotContain("503 Service")
          .doesNotContain("appid")
          .doesNotContain(issued.code())
          .doesNotContain(secret);
      assertThat(log[0]).contains(id);
    }
    assertThat(log[0])
        .doesNotContain(secret)
        .doesNotContain(issued.code())
        .doesNotContain(issued.sessionKey());
    assertThat(browser.sessionCookie()).isNull();

    // A call that failed did not use the code up: it signs in once the provider is back.
    AppClient.Answer[] back = new AppClient.Answer[1];
    capturingStderr(log, () -> back[0] = browser.loginWithCode("WECHAT_MINI_PROGRAM", issued.code()));
    assertThat(back[0].status()).as("%s", back[0]).isEqualTo(200);
    assertThat(back[0].body())
        .doesNotContain(issued.sessionKey()).doesNotContain(secret).doesNotContain(openid);
    assertThat(log[0]).doesNotContain(issued.sessionKey()).doesNotContain(secret);
  }

  @Test
  void theOpenidOfAJsapiOrMiniProgramOrderComesOnlyFromTheSession() {
    AppClient miniPayer = client().signInWithCode("WECHAT_MINI_PROGRAM", uniqueOpenid("oMini"));
    AppClient nameUser = client().signIn(AppClient.USER);
    int orders = app.store.recentOrders(100_000).size();

    AppClient.Answer chosen = miniPayer.post("/api/orders",
        "{\"packageId\":\"m1\",\"provider\":\"wxpay\",\"payType\":\"mp\","
            + "\"openid\":\"oSomebodyElse0000000000000\"}");
    AppClient.Answer otherFlow = miniPayer.post("/api/orders",
        "{\"packageId\":\"m1\",\"provider\":\"wxpay\",\"payType\":\"jsapi\"}");
    AppClient.Answer alipayMp = miniPayer.post("/api/orders",
        "{\"packageId\":\"m1\",\"provider\":\"alipay\",\"payType\":\"mp\"}");
    AppClient.Answer byName = nameUser.post("/api/orders",
        "{\"packageId\":\"m1\",\"provider\":\"wxpay\",\"payType\":\"mp\","
            + "\"openid\":\"oSomebodyElse0000000000000\"}");
    AppClient.Answer byNameWithout = nameUser.post("/api/orders",
        "{\"packageId\":\"m1\",\"provider\":\"wxpay\",\"payType\":\"mp\"}");

    assertError(chosen, 400, "INVALID_ARGUMENT");
    assertThat(chosen.json().get("message").asText()).contains("openid is not accepted");
    assertError(otherFlow, 400, "PAYER_LOGIN_REQUIRED");
    assertThat(otherFlow.json().get("message").asText()).contains("WECHAT_OFFICIAL_ACCOUNT");
    assertError(alipayMp, 400, "PAYER_LOGIN_REQUIRED");
    assertError(byName, 400, "INVALID_ARGUMENT");
    assertError(byNameWithout, 400, "PAYER_LOGIN_REQUIRED");
    assertThat(app.store.recentOrders(100_000)).hasSize(orders); // nothing half-written
    // A payer's QR payment needs no openid, and gets none.
    String qr = miniPayer.createOrder("m1", "wxpay", "native").get("outTradeNo").asText();
    assertThat(app.pay.getOrder(qr).openid()).isNull();
  }

  @Test
  void anotherUserOrPayerCannotReadClosePayOrSignInAsAPayersAccount() {
    String openid = uniqueOpenid("oOwner");
    AppClient owner = client().signInWithCode("WECHAT_OFFICIAL_ACCOUNT", openid);
    String ownerId = owner.get("/api/me").json().get("userId").asText();
    String outTradeNo = owner.createOrder("m1", "wxpay", "jsapi").get("outTradeNo").asText();
    AppClient otherPayer =
        client().signInWithCode("WECHAT_OFFICIAL_ACCOUNT", uniqueOpenid("oOther"));
    AppClient samePersonOtherApp = client().signInWithCode("WECHAT_MINI_PROGRAM", openid);
    AppClient nameUser = client().signIn(AppClient.USER);

    for (AppClient intruder : List.of(otherPayer, samePersonOtherApp, nameUser)) {
      assertError(intruder.get("/api/orders/" + outTradeNo), 403, "FORBIDDEN");
      assertError(intruder.post("/api/orders/" + outTradeNo + "/close", "{}"), 403, "FORBIDDEN");
      assertError(intruder.post("/api/sandbox/pay/" + outTradeNo, "{}"), 403, "FORBIDDEN");
      assertError(intruder.get("/api/users/" + ownerId), 403, "FORBIDDEN");
    }
    assertError(client().post("/api/session", "{\"userId\":\"" + ownerId + "\"}"), 403,
        "PAYER_ACCOUNT");
    assertError(
        client().post("/api/session", "{\"userId\":\"" + ownerId.toUpperCase() + "\"}"), 403,
        "PAYER_ACCOUNT");
    assertError(client().post("/api/users", "{\"userId\":\"wxoa-squatter\"}"), 400,
        "INVALID_ARGUMENT");
    assertError(client().post("/api/users", "{\"userId\":\"ALIPAY-squatter\"}"), 400,
        "INVALID_ARGUMENT");
    assertThat(owner.order(outTradeNo, 0).get("status").asInt()).isZero();
  }

  @Test
  void theUserIdOfAPayerIsDerivedFromFlowAppAndOpenidWithinTheLimitEvenForLongOpenids() {
    PayerIdentity longOpenid =
        PayerIdentity.of(LoginFlow.ALIPAY, "2021000000000000", "0".repeat(128), null);
    PayerIdentity sameOpenidOtherApp =
        PayerIdentity.of(LoginFlow.ALIPAY, "2021000000000001", "0".repeat(128), null);

    String userId = PayerAccounts.userId(longOpenid);

    assertThat(userId).matches("alipay-[0-9a-f]{32}");
    assertThat(VipStore.validUserId(userId)).isTrue();
    assertThat(PayerAccounts.userId(longOpenid)).isEqualTo(userId);
    assertThat(PayerAccounts.userId(sameOpenidOtherApp)).isNotEqualTo(userId);
    assertThat(PayerAccounts.reserved(userId)).isTrue();
    assertThat(PayerAccounts.reserved("u1001")).isFalse();
  }

  @Test
  void theLoginFlowsAreListedAndTheSandboxCodesNeedNoSession() {
    JsonNode flows = client().get("/api/login/flows").json();

    assertThat(flows.get("simulated").asBoolean()).isTrue();
    assertThat(flows.get("officialAccountRedirect").asBoolean()).isTrue();
    assertThat(flows.get("flows").findValuesAsText("flow"))
        .containsExactly("WECHAT_MINI_PROGRAM", "WECHAT_OFFICIAL_ACCOUNT", "ALIPAY");
    assertThat(flows.toString()).doesNotContain(
        wechatLogin.secret(Providers.SANDBOX_MINI_PROGRAM_APPID));
    assertError(client().post("/api/sandbox/login-code", "{\"flow\":\"ALIPAY\",\"openid\":\"a b\"}"),
        400, "INVALID_ARGUMENT");
  }

  /** Runs {@code action} with {@code System.err} (where the app logs) captured into {@code log[0]}. */
  private static <T> T capturingStderr(String[] log, Supplier<T> action) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      return action.get();
    } finally {
      System.setErr(original);
      log[0] = captured.toString(StandardCharsets.UTF_8);
      original.print(log[0]);
    }
  }

  static void assertError(AppClient.Answer answer, int status, String code) {
    assertThat(answer.status()).as("%s", answer).isEqualTo(status);
    assertThat(answer.json()).as("%s", answer).isNotNull();
    assertThat(answer.json().get("error").asText()).as("%s", answer).isEqualTo(code);
  }
}
