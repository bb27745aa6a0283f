package io.unipay.wechat.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.UniPayException;
import io.unipay.core.login.LoginFlow;
import io.unipay.core.login.LoginRejectedException;
import io.unipay.core.login.LoginRejectedException.Reason;
import io.unipay.core.login.PayerIdentity;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.testkit.wechat.IssuedLoginCode;
import io.unipay.testkit.wechat.WechatLoginFault;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MiniProgramLoginTest {
  private final LoginFixture f = new LoginFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private IssuedLoginCode code(String openid, String unionid) {
    return f.wx.issueMiniProgramCode(LoginFixture.MP, openid, unionid);
  }

  @Test
  void aPayerIsIdentifiedWithTheUnionidWhenWechatSendsOne() {
    PayerIdentity payer = f.miniProgram().identify(code("oMini1", "uUnion1").code());

    assertThat(payer).isEqualTo(
        new PayerIdentity(LoginFlow.WECHAT_MINI_PROGRAM, LoginFixture.MP, "oMini1", "uUnion1", false));
    assertThat(payer.provider()).isEqualTo(Provider.WXPAY);
    assertThat(payer.flow().payType()).isEqualTo(PayType.MP);
  }

  @Test
  void aPayerWithoutUnionidHasNone() {
    PayerIdentity payer = f.miniProgram().identify(code("oMini2", null).code());

    assertThat(payer.openid()).isEqualTo("oMini2");
    assertThat(payer.unionid()).isNull();
    assertThat(payer.hasUnionid()).isFalse();
  }

  @Test
  void aSuccessfulAnswerThatCarriesErrcodeZeroIsAccepted() {
    try (LoginFixture withErrcode = new LoginFixture(false, true)) {
      IssuedLoginCode code = withErrcode.wx.issueMiniProgramCode(LoginFixture.MP, "oMini3", null);

      assertThat(withErrcode.miniProgram().identify(code.code()).openid()).isEqualTo("oMini3");
    }
  }

  @Test
  void theSessionGivesTheSessionKeyWeChatIssued() {
    IssuedLoginCode code = code("oMini4", "uUnion4");

    MiniProgramSession session = f.miniProgram().session(code.code());

    assertThat(session.identity().openid()).isEqualTo("oMini4");
    assertThat(session.sessionKey().base64()).isEqualTo(code.sessionKey());
    assertThat(session.sessionKey().bytes()).isEqualTo(Base64.getDecoder().decode(code.sessionKey()));
  }

  @Test
  void aReusedCodeIsRefusedAsUsedWithWechatsCodeAndMessage() {
    String code = code("oMini5", null).code();
    f.miniProgram().identify(code);

    assertThatThrownBy(() -> f.miniProgram().identify(code))
        .isInstanceOfSatisfying(LoginRejectedException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
          assertThat(e.reason()).isEqualTo(Reason.CODE_USED);
          assertThat(e.providerCode()).isEqualTo("40163");
          assertThat(e.providerMessage()).startsWith("code been used");
          assertThat(e.flow()).isEqualTo(LoginFlow.WECHAT_MINI_PROGRAM);
          assertThat(e.getMessage()).contains("\"40163\"").contains("appid " + LoginFixture.MP)
              .doesNotContain(code);
        });
  }

  @Test
  void anUnknownCodeIsRefusedAsInvalid() {
    assertThatThrownBy(() -> f.miniProgram().identify("0a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P"))
        .isInstanceOfSatisfying(LoginRejectedException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.INVALID_CODE);
          assertThat(e.providerCode()).isEqualTo("40029");
        });
  }

  @Test
  void anExpiredCodeIsRefusedAsInvalid() {
    String code = code("oMini6", null).code();
    f.clock.advance(Duration.ofMinutes(5).plusSeconds(1));

    assertThatThrownBy(() -> f.miniProgram().identify(code))
        .isInstanceOfSatisfying(LoginRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_CODE));
    assertThat(f.wx.redeemed(code)).isFalse();
  }

  @Test
  void aMalformedCodeIsRefusedWithoutAskingWechat() {
    for (String bad : new String[] {null, "", "has space", "line\nbreak", "码", "x".repeat(257)}) {
      assertThatThrownBy(() -> f.miniProgram().identify(bad))
          .isInstanceOfSatisfying(LoginRejectedException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.INVALID_CODE);
            assertThat(e.providerCode()).isEmpty();
          });
    }
    assertThat(f.wx.apiCalls()).isZero();
  }

  @Test
  void aWrongSecretIsAProviderRejectionThatNamesTheAppButNotTheSecret() {
    String wrong = "0123456789abcdef0123456789abcdef";
    try (WechatLogin login = new WechatLogin(f.config(wrong, false))) {
      String code = code("oMini7", null).code();

      assertThatThrownBy(() -> login.miniProgram(LoginFixture.MP).identify(code))
          .isInstanceOfSatisfying(ProviderRejectedException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_REJECTED);
            assertThat(e.providerCode()).isEqualTo("40125");
            assertThat(e.getMessage()).contains("app secret").doesNotContain(wrong);
          });
      assertThat(f.wx.redeemed(code)).isFalse();
    }
  }

  @Test
  void rateLimitAndBusyAreProviderUnavailableAndTheCodeStillWorksAfterwards() {
    String code = code("oMini8", null).code();
    f.wx.inject(WechatLoginFault.RATE_LIMITED, 1).inject(WechatLoginFault.BUSY, 1);

    assertThatThrownBy(() -> f.miniProgram().identify(code))
        .isInstanceOfSatisfying(UniPayException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
          assertThat(e.getMessage()).contains("\"45011\"");
        });
    assertThatThrownBy(() -> f.miniProgram().identify(code))
        .isInstanceOfSatisfying(UniPayException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
          assertThat(e.getMessage()).contains("\"-1\"");
        });
    assertThat(f.miniProgram().identify(code).openid()).isEqualTo("oMini8");
  }

  @Test
  void aRiskyUserIsADefiniteRefusal() {
    String code = code("oMini9", null).code();
    f.wx.inject(WechatLoginFault.RISKY_USER, 1);

    assertThatThrownBy(() -> f.miniProgram().identify(code))
        .isInstanceOfSatisfying(ProviderRejectedException.class, e -> {
          assertThat(e.providerCode()).isEqualTo("40226");
          assertThat(e.verdict()).isEqualTo(ProviderRejectedException.Verdict.REFUSED);
        });
  }

  @Test
  void transportFailuresAreProviderUnavailableNeverARawException() {
    String code = code("oMini10", null).code();
    for (WechatLoginFault fault :
        new WechatLoginFault[] {
          WechatLoginFault.HTTP_503, WechatLoginFault.MALFORMED_BODY, WechatLoginFault.DISCONNECT
        }) {
      // OkHttp may send a GET again after a disconnect: fault every try, then clear the rest.
      f.wx.inject(fault, fault == WechatLoginFault.DISCONNECT ? 10 : 1);
      assertThatThrownBy(() -> f.miniProgram().identify(code))
          .as(fault.name())
          .isInstanceOfSatisfying(UniPayException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
      f.wx.clearFaults();
    }
    assertThat(f.miniProgram().identify(code).openid()).isEqualTo("oMini10");
  }

  @Test
  void anUnreachableWechatIsProviderUnavailable() {
    String code = code("oMini11", null).code();
    f.wx.close();

    assertThatThrownBy(() -> f.miniProgram().identify(code))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
  }

  @Test
  void anAppThatIsNotConfiguredIsNamedAsSuch() {
    assertThatThrownBy(() -> f.login.miniProgram("wxother"))
        .isInstanceOfSatisfying(UniPayException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_NOT_CONFIGURED);
          assertThat(e.getMessage()).contains("wxother").contains(LoginFixture.MP);
        });
    assertThatThrownBy(() -> f.login.officialAccount(LoginFixture.MP))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_NOT_CONFIGURED));
  }
}
