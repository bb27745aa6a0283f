package io.unipay.wechat.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.login.LoginFlow;
import io.unipay.core.login.LoginRejectedException;
import io.unipay.core.login.LoginRejectedException.Reason;
import io.unipay.core.login.PayerIdentity;
import io.unipay.core.order.PayType;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OfficialAccountLoginTest {
  private static final OkHttpClient BROWSER =
      new OkHttpClient.Builder().followRedirects(false).build();

  private final LoginFixture f = new LoginFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void aPayerIsIdentifiedWithTheUnionidOnlyWhenTheUserinfoScopeBroughtOne() {
    String base =
        f.wx.issueOfficialAccountCode(LoginFixture.OA, "snsapi_base", "oOa1", "uUnion1").code();
    String userinfo =
        f.wx.issueOfficialAccountCode(LoginFixture.OA, "snsapi_userinfo", "oOa1", "uUnion1").code();

    PayerIdentity silent = f.officialAccount().identify(base);
    PayerIdentity consented = f.officialAccount().identify(userinfo);

    assertThat(silent).isEqualTo(
        new PayerIdentity(LoginFlow.WECHAT_OFFICIAL_ACCOUNT, LoginFixture.OA, "oOa1", null, false));
    assertThat(consented.unionid()).isEqualTo("uUnion1");
    assertThat(consented.flow().payType()).isEqualTo(PayType.JSAPI);
  }

  @Test
  void aReusedCodeIsRefusedAsUsed() {
    String code = f.wx.issueOfficialAccountCode(LoginFixture.OA, "snsapi_base", "oOa2", null).code();
    f.officialAccount().identify(code);

    assertThatThrownBy(() -> f.officialAccount().identify(code))
        .isInstanceOfSatisfying(LoginRejectedException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.CODE_USED);
          assertThat(e.flow()).isEqualTo(LoginFlow.WECHAT_OFFICIAL_ACCOUNT);
        });
  }

  @Test
  void aMiniProgramCodeIsNotAnOfficialAccountCode() {
    String code = f.wx.issueMiniProgramCode(LoginFixture.MP, "oMini", null).code();

    assertThatThrownBy(() -> f.officialAccount().identify(code))
        .isInstanceOfSatisfying(LoginRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_CODE));
  }

  @Test
  void aSnapshotUserIsRefusedBecauseItsOpenidIsNoRealPayer() {
    String code = f.wx.issueSnapshotUserCode(LoginFixture.OA).code();

    assertThatThrownBy(() -> f.officialAccount().identify(code))
        .isInstanceOfSatisfying(LoginRejectedException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
          assertThat(e.reason()).isEqualTo(Reason.SNAPSHOT_USER);
          assertThat(e.getMessage()).contains("is_snapshotuser=1");
        });
  }

  @Test
  void aSnapshotUserIsReturnedFlaggedWhenTheHostOptsIn() {
    try (LoginFixture accepting = new LoginFixture(true, false)) {
      String code = accepting.wx.issueSnapshotUserCode(LoginFixture.OA).code();

      PayerIdentity payer = accepting.officialAccount().identify(code);

      assertThat(payer.snapshotUser()).isTrue();
      assertThat(payer.openid()).isNotEmpty();
    }
  }

  @Test
  void theAuthorizeUrlPercentEncodesEveryParameterInWechatsOrder() {
    String url =
        f.officialAccount().authorizeUrl(
            "https://shop.example/wx/back?next=/vip&t=会员%20卡", OAuthScope.SNSAPI_BASE, "St4te");

    assertThat(url).isEqualTo(
        f.wx.baseUrl() + "/connect/oauth2/authorize?appid=" + LoginFixture.OA
            + "&redirect_uri=https%3A%2F%2Fshop.example%2Fwx%2Fback%3Fnext%3D%2Fvip%26t%3D"
            + "%E4%BC%9A%E5%91%98%2520%E5%8D%A1"
            + "&response_type=code&scope=snsapi_base&state=St4te&connect_redirect=1"
            + "#wechat_redirect");
  }

  @Test
  void followingTheAuthorizeUrlBringsACodeAndTheStateBackToTheRedirectUri() throws IOException {
    f.wx.signInAs(LoginFixture.OA, "oBrowser", "uBrowser");
    String redirect = "https://shop.example/wx/back?next=%2Fvip&lang=zh-CN";
    String url = f.officialAccount().authorizeUrl(redirect, OAuthScope.SNSAPI_USERINFO, "abc123");

    HttpUrl back;
    try (Response page = BROWSER.newCall(new Request.Builder().url(url).build()).execute()) {
      assertThat(page.code()).isEqualTo(302);
      back = HttpUrl.get(page.header("Location"));
    }

    assertThat(back.encodedPath()).isEqualTo("/wx/back");
    assertThat(back.queryParameter("next")).isEqualTo("/vip");
    assertThat(back.queryParameter("lang")).isEqualTo("zh-CN");
    assertThat(back.queryParameter("state")).isEqualTo("abc123");
    PayerIdentity payer = f.officialAccount().identify(back.queryParameter("code"));
    assertThat(payer.openid()).isEqualTo("oBrowser");
    assertThat(payer.unionid()).isEqualTo("uBrowser");
  }

  @Test
  void theAuthorizeUrlRefusesAStateOrRedirectUriWechatWouldNotTakeBack() {
    OfficialAccountLogin oa = f.officialAccount();
    String ok = "https://shop.example/back";

    assertInvalid(() -> oa.authorizeUrl(ok, OAuthScope.SNSAPI_BASE, "has-dash"), "state");
    assertInvalid(() -> oa.authorizeUrl(ok, OAuthScope.SNSAPI_BASE, ""), "state");
    assertInvalid(() -> oa.authorizeUrl(ok, OAuthScope.SNSAPI_BASE, "a".repeat(129)), "state");
    assertInvalid(() -> oa.authorizeUrl(ok, null, "s"), "scope");
    assertInvalid(() -> oa.authorizeUrl("https://shop.example/back#x", OAuthScope.SNSAPI_BASE, "s"),
        "redirectUri");
    assertInvalid(() -> oa.authorizeUrl("/relative", OAuthScope.SNSAPI_BASE, "s"), "redirectUri");
    assertInvalid(() -> oa.authorizeUrl("javascript:alert(1)", OAuthScope.SNSAPI_BASE, "s"),
        "redirectUri");
    assertInvalid(() -> oa.authorizeUrl(null, OAuthScope.SNSAPI_BASE, "s"), "redirectUri");
  }

  private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
      String names) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(UniPayException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
          assertThat(e.getMessage()).contains(names);
        });
  }
}
