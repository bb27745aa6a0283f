package io.unipay.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.alipay.AlipayLoginConfig.PayerId;
import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.testkit.alipay.AlipaySimulator;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The authorize URL that starts an Alipay web login, and the login's configuration. */
class AlipayLoginAuthorizeTest {
  private static final OkHttpClient BROWSER =
      new OkHttpClient.Builder().followRedirects(false).build();

  private final AlipaySimulator alipay = AlipaySimulator.start();
  private final AlipayClient client =
      new AlipayClient(
          AlipayConfig.builder()
              .appId(alipay.appId())
              .appPrivateKey(alipay.appPrivateKeyPem())
              .alipayPublicKey(alipay.alipayPublicKeyPem())
              .gatewayUrl(alipay.gatewayUrl())
              .build());

  @AfterEach
  void stop() {
    client.close();
    alipay.close();
  }

  @Test
  void theAuthorizeUrlPercentEncodesTheRedirectUriAndTheBase64State() {
    AlipayLogin login =
        new AlipayLogin(client, AlipayLoginConfig.builder().payerId(PayerId.OPEN_ID).build());

    String url = login.authorizeUrl("https://shop.example/ali/back?next=/vip&t=会员", "a+b/c=");

    assertThat(url).isEqualTo(
        "https://openauth.alipay.com/oauth2/publicAppAuthorize.htm?app_id=" + alipay.appId()
            + "&scope=auth_base"
            + "&redirect_uri=https%3A%2F%2Fshop.example%2Fali%2Fback%3Fnext%3D%2Fvip%26t%3D"
            + "%E4%BC%9A%E5%91%98"
            + "&state=a%2Bb%2Fc%3D");
  }

  @Test
  void theSandboxHasItsOwnAuthorizePage() {
    AlipayLogin login =
        new AlipayLogin(client, AlipayLoginConfig.builder().payerId(PayerId.USER_ID)
            .authorizeUrl(AlipayLoginConfig.SANDBOX_AUTHORIZE_URL).build());

    assertThat(login.authorizeUrl("https://shop.example/b", AlipayLogin.Scope.AUTH_USER, "s"))
        .startsWith("https://openauth-sandbox.dl.alipaydev.com/oauth2/publicAppAuthorize.htm?app_id=")
        .contains("&scope=auth_user&");
  }

  @Test
  void followingTheAuthorizeUrlBringsAnAuthCodeThatIdentifiesThePayer() throws IOException {
    alipay.logins().signInAs("2088102100000021", "074openBrowser", "unionBrowser");
    AlipayLogin login =
        new AlipayLogin(client, AlipayLoginConfig.builder().payerId(PayerId.OPEN_ID)
            .authorizeUrl(alipay.logins().authorizeUrl()).build());
    String redirect = "https://shop.example/ali/back?next=%2Fvip";

    HttpUrl back;
    try (Response page = BROWSER.newCall(
        new Request.Builder().url(login.authorizeUrl(redirect, "c3RhdGU=")).build()).execute()) {
      assertThat(page.code()).isEqualTo(302);
      back = HttpUrl.get(page.header("Location"));
    }

    assertThat(back.host()).isEqualTo("shop.example");
    assertThat(back.queryParameter("next")).isEqualTo("/vip");
    assertThat(back.queryParameter("state")).isEqualTo("c3RhdGU=");
    assertThat(login.identify(back.queryParameter("auth_code")).openid()).isEqualTo("074openBrowser");
  }

  @Test
  void theAuthorizeUrlRefusesWhatAlipayWouldNotTakeBack() {
    AlipayLogin login =
        new AlipayLogin(client, AlipayLoginConfig.builder().payerId(PayerId.OPEN_ID).build());
    String ok = "https://shop.example/back";

    assertInvalid(() -> login.authorizeUrl(ok, "has space"), ErrorCode.INVALID_ARGUMENT, "state");
    assertInvalid(() -> login.authorizeUrl(ok, "s".repeat(101)), ErrorCode.INVALID_ARGUMENT, "state");
    assertInvalid(() -> login.authorizeUrl(ok, null), ErrorCode.INVALID_ARGUMENT, "state");
    assertInvalid(() -> login.authorizeUrl(ok, null, "s"), ErrorCode.INVALID_ARGUMENT, "scope");
    assertInvalid(() -> login.authorizeUrl("https://shop.example/b#f", "s"),
        ErrorCode.INVALID_ARGUMENT, "redirectUri");
    assertInvalid(() -> login.authorizeUrl("data:text/html,x", "s"),
        ErrorCode.INVALID_ARGUMENT, "redirectUri");
    assertInvalid(() -> login.authorizeUrl("", "s"), ErrorCode.INVALID_ARGUMENT, "redirectUri");
  }

  @Test
  void theLoginConfigNeedsTheIdStandardAndAnHttpAuthorizePage() {
    assertInvalid(() -> AlipayLoginConfig.builder().build(),
        ErrorCode.CONFIGURATION_INVALID, "payerId is required");
    assertInvalid(() -> AlipayLoginConfig.builder().payerId(null),
        ErrorCode.CONFIGURATION_INVALID, "payerId");
    assertInvalid(() -> AlipayLoginConfig.builder().authorizeUrl("ftp://x/y"),
        ErrorCode.CONFIGURATION_INVALID, "authorizeUrl");
    assertInvalid(() -> AlipayLoginConfig.builder().authorizeUrl("https://x/y?app_id=1"),
        ErrorCode.CONFIGURATION_INVALID, "authorizeUrl");
    assertInvalid(() -> AlipayLoginConfig.builder().authorizeUrl(null),
        ErrorCode.CONFIGURATION_INVALID, "authorizeUrl");
    assertInvalid(() -> new AlipayLogin(null, null), ErrorCode.CONFIGURATION_INVALID, "required");
  }

  private static void assertInvalid(ThrowingCallable call, ErrorCode code, String names) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(UniPayException.class, e -> {
          assertThat(e.code()).isEqualTo(code);
          assertThat(e.getMessage()).contains(names);
        });
  }
}
