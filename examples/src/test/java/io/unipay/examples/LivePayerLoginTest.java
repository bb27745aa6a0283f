package io.unipay.examples;

import static io.unipay.examples.PayerLoginTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.unipay.testkit.alipay.AlipaySimulator;
import io.unipay.testkit.wechat.IssuedLoginCode;
import io.unipay.testkit.wechat.WechatLoginSimulator;
import io.unipay.testkit.wechat.WechatPaySimulator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The payer logins in live mode, configured from {@code wechat.login.*} and {@code
 * alipay.login.*} settings (pointed at the simulators, as a proxy would be): codes the clients
 * got sign payers in, while the name sign-in and the sandbox's simulated phone are gone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LivePayerLoginTest {
  private static final String MINI_PROGRAM = "wx11ivem1n1pr0gram";
  private static final String MINI_SECRET = "live-mini-secret-0123456789abcdef";
  private static final String OA_SECRET = "live-oa-secret-fedcba9876543210";

  private WechatPaySimulator wechatPay;
  private WechatLoginSimulator wechatLogin;
  private AlipaySimulator alipay;
  private VipRechargeApp app;

  @BeforeAll
  void start() throws Exception {
    wechatPay = WechatPaySimulator.builder()
        .appIds(WechatPaySimulator.DEFAULT_APPID, MINI_PROGRAM).start();
    wechatLogin = WechatLoginSimulator.builder()
        .miniProgram(MINI_PROGRAM, MINI_SECRET)
        .officialAccount(wechatPay.appId(), OA_SECRET)
        .start();
    alipay = AlipaySimulator.start();
    app = VipRechargeApp.start(AppConfig.of(liveSettings(Map.of())));
  }

  @AfterAll
  void stop() {
    if (app != null) app.close();
    if (alipay != null) alipay.close();
    if (wechatLogin != null) wechatLogin.close();
    if (wechatPay != null) wechatPay.close();
  }

  private Map<String, String> liveSettings(Map<String, String> overrides) {
    Map<String, String> s = new HashMap<>();
    s.put("mode", "live");
    s.put("http.port", "0");
    s.put("public.base.url", "http://127.0.0.1:9");
    s.put("admin.token", "live-admin-token-for-tests");
    s.put("db.url", "jdbc:h2:mem:live-login-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    s.put("wechat.mchid", wechatPay.mchid());
    s.put("wechat.private.key", wechatPay.merchantPrivateKeyPem());
    s.put("wechat.merchant.serial", wechatPay.merchantSerialNumber());
    s.put("wechat.apiv3.key", wechatPay.apiV3Key());
    s.put("wechat.appid", wechatPay.appId());
    s.put("wechat.mp.appid", MINI_PROGRAM);
    s.put("wechat.public.key", wechatPay.platformPublicKeyPem());
    s.put("wechat.public.key.id", wechatPay.publicKeyId());
    s.put("wechat.base.url", wechatPay.baseUrl());
    s.put("wechat.login.mini.appid", MINI_PROGRAM);
    s.put("wechat.login.mini.secret", MINI_SECRET);
    s.put("wechat.login.oa.appid", wechatPay.appId());
    s.put("wechat.login.oa.secret", OA_SECRET);
    s.put("wechat.login.base.url", wechatLogin.baseUrl());
    s.put("wechat.login.authorize.url", wechatLogin.baseUrl());
    s.put("alipay.app.id", alipay.appId());
    s.put("alipay.private.key", alipay.appPrivateKeyPem());
    s.put("alipay.public.key", alipay.alipayPublicKeyPem());
    s.put("alipay.gateway.url", alipay.gatewayUrl());
    s.put("alipay.seller.id", alipay.sellerId());
    s.put("alipay.login.payer.id", "OPEN_ID");
    s.putAll(overrides);
    return s;
  }

  @Test
  void theSandboxLoginCodeRouteIs404AndNameSignInIsOffInLiveMode() {
    AppClient browser = new AppClient(app.url());

    assertError(browser.post("/api/sandbox/login-code", "{\"flow\":\"WECHAT_MINI_PROGRAM\"}"),
        404, "NOT_FOUND");
    assertError(browser.post("/api/session", "{\"userId\":\"u1001\"}"), 403, "FORBIDDEN");
    JsonNode flows = browser.get("/api/login/flows").json();
    assertThat(flows.get("simulated").asBoolean()).isFalse();
    assertThat(flows.get("flows").findValuesAsText("flow"))
        .containsExactly("WECHAT_MINI_PROGRAM", "WECHAT_OFFICIAL_ACCOUNT", "ALIPAY");
    assertThat(flows.get("flows").findValuesAsText("appId"))
        .containsExactly(MINI_PROGRAM, wechatPay.appId(), alipay.appId());
  }

  @Test
  void aMiniProgramCodeSignsInAndItsPayerPaysWithTheMiniProgram() {
    String openid = "oLive" + UUID.randomUUID().toString().replace("-", "");
    IssuedLoginCode code = wechatLogin.issueMiniProgramCode(MINI_PROGRAM, openid, null);
    AppClient payer = new AppClient(app.url());

    AppClient.Answer login = payer.loginWithCode("WECHAT_MINI_PROGRAM", code.code());

    assertThat(login.status()).as("%s", login).isEqualTo(200);
    assertThat(login.body()).doesNotContain(code.sessionKey()).doesNotContain(openid);
    JsonNode created = payer.createOrder("m1", "wxpay", "mp");
    assertThat(created.at("/payload/appId").asText()).isEqualTo(MINI_PROGRAM);
    assertThat(app.pay.getOrder(created.get("outTradeNo").asText()).openid()).isEqualTo(openid);
    assertError(payer.loginWithCode("WECHAT_MINI_PROGRAM", code.code()), 400, "CODE_USED");
  }

  @Test
  void anAlipayCodeSignsInAsTheOpenidOfTheAppsStandard() {
    String openid = "074live" + UUID.randomUUID().toString().replace("-", "");
    String code = alipay.logins().issueCode("2088000011112222", openid, null);
    AppClient payer = new AppClient(app.url());

    assertThat(payer.loginWithCode("ALIPAY", code).status()).isEqualTo(200);

    String outTradeNo = payer.createOrder("m1", "alipay", "mp").get("outTradeNo").asText();
    assertThat(app.pay.getOrder(outTradeNo).openid()).isEqualTo(openid);
  }

  @Test
  void aLoginAppThatIsNotThePayingAppOrAMalformedSettingStopsTheStartWithoutShowingSecrets() {
    assertThatThrownBy(() -> VipRechargeApp.start(AppConfig.of(liveSettings(
            Map.of("wechat.login.mini.appid", "wx0therm1n1pr0gram")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wechat.login.mini.appid")
        .hasMessageContaining("wechat.mp.appid")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(MINI_SECRET));
    assertThatThrownBy(() -> VipRechargeApp.start(AppConfig.of(liveSettings(
            Map.of("wechat.login.oa.appid", MINI_PROGRAM)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wechat.login.oa.appid")
        .hasMessageContaining("wechat.appid");
    assertThatThrownBy(() -> VipRechargeApp.start(AppConfig.of(liveSettings(
            Map.of("alipay.login.payer.id", "open_id")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alipay.login.payer.id must be OPEN_ID");
    Map<String, String> noSecret = liveSettings(Map.of());
    noSecret.remove("wechat.login.oa.secret");
    assertThatThrownBy(() -> VipRechargeApp.start(AppConfig.of(noSecret)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wechat.login.oa.secret")
        .hasMessageContaining("UNIPAY_WECHAT_LOGIN_OA_SECRET");
  }
}
