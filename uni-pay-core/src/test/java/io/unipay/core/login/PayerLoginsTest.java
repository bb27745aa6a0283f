package io.unipay.core.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayerLoginsTest {
  /** A login that answers every well-formed code with one payer (a fake, not a provider). */
  private record FixedLogin(LoginFlow flow, String appId, String openid) implements PayerLogin {
    @Override
    public PayerIdentity identify(String code) {
      LoginCodes.requireWellFormed(flow, appId, code);
      return PayerIdentity.of(flow, appId, openid, null);
    }
  }

  @Test
  void aLoginIsFoundByFlowAndAppId() {
    PayerLogins logins =
        PayerLogins.of(
            List.of(new FixedLogin(LoginFlow.WECHAT_MINI_PROGRAM, "wx1", "oA"),
                new FixedLogin(LoginFlow.WECHAT_OFFICIAL_ACCOUNT, "wx1", "oB")),
            List.of(new FixedLogin(LoginFlow.ALIPAY, "2021", "openC")));

    assertThat(logins.identify(LoginFlow.WECHAT_OFFICIAL_ACCOUNT, "wx1", "c1").openid())
        .isEqualTo("oB");
    assertThat(logins.identify(LoginFlow.ALIPAY, "2021", "c2").provider())
        .isEqualTo(Provider.ALIPAY);
    assertThat(logins.all()).hasSize(3);
  }

  @Test
  void anUnknownLoginIsNotConfiguredAndNamesWhatIs() {
    PayerLogins logins =
        PayerLogins.of(List.of(new FixedLogin(LoginFlow.WECHAT_MINI_PROGRAM, "wx1", "oA")));

    assertThatThrownBy(() -> logins.get(LoginFlow.WECHAT_MINI_PROGRAM, "wx2\n"))
        .isInstanceOfSatisfying(UniPayException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_NOT_CONFIGURED);
          assertThat(e.getMessage()).contains("\"wx2\\u000a\"").contains("WECHAT_MINI_PROGRAM wx1");
        });
  }

  @Test
  void twoLoginsForTheSameFlowAndAppAreAConfigurationError() {
    List<PayerLogin> withNull = new ArrayList<>();
    withNull.add(null);

    assertThatThrownBy(() -> PayerLogins.of(
            List.of(new FixedLogin(LoginFlow.ALIPAY, "2021", "a")),
            List.of(new FixedLogin(LoginFlow.ALIPAY, "2021", "b"))))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION_INVALID));
    assertThatThrownBy(() -> PayerLogins.of(withNull))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION_INVALID));
  }

  @Test
  void aMalformedCodeIsRefusedWithoutEchoingIt() {
    String code = "secret code\r\nX-Injected: 1";

    assertThatThrownBy(() -> LoginCodes.requireWellFormed(LoginFlow.ALIPAY, "2021", code))
        .isInstanceOfSatisfying(LoginRejectedException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
          assertThat(e.reason()).isEqualTo(LoginRejectedException.Reason.INVALID_CODE);
          assertThat(e.getMessage()).doesNotContain("secret code").doesNotContain("\n");
        });
    assertThat(LoginCodes.requireWellFormed(LoginFlow.ALIPAY, "2021", "a".repeat(256))).hasSize(256);
    assertThatThrownBy(() -> LoginCodes.requireWellFormed(LoginFlow.ALIPAY, "2021", "a".repeat(257)))
        .isInstanceOf(LoginRejectedException.class);
  }

  @Test
  void anIdentityAlwaysHasAnOpenidAndOnlyOfficialAccountUsersCanBeSnapshotUsers() {
    assertThatThrownBy(() -> PayerIdentity.of(LoginFlow.ALIPAY, "2021", "", null))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertThatThrownBy(() -> PayerIdentity.of(LoginFlow.ALIPAY, " ", "x", null))
        .isInstanceOf(UniPayException.class);
    assertThatThrownBy(() -> PayerIdentity.of(null, "a", "x", null))
        .isInstanceOf(UniPayException.class);
    assertThatThrownBy(() -> new PayerIdentity(LoginFlow.WECHAT_MINI_PROGRAM, "wx", "o", null, true))
        .isInstanceOf(UniPayException.class);
    assertThat(PayerIdentity.of(LoginFlow.WECHAT_MINI_PROGRAM, "wx", "o", "").unionid()).isNull();
    assertThat(LoginFlow.WECHAT_OFFICIAL_ACCOUNT.payType()).isEqualTo(PayType.JSAPI);
    assertThat(LoginFlow.ALIPAY.payType()).isEqualTo(PayType.MP);
  }
}
