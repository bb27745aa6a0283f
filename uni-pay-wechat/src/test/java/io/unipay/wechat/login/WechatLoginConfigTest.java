package io.unipay.wechat.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.login.LoginFlow;
import io.unipay.core.login.PayerLogin;
import io.unipay.core.login.PayerLogins;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class WechatLoginConfigTest {
  private static final String SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

  @Test
  void eachAppIsKeptPerFlowInOrderAndTheDefaultsPointAtWechat() {
    WechatLoginConfig config =
        WechatLoginConfig.builder()
            .miniProgram("wxmini1", SECRET)
            .officialAccount("wxoa1", SECRET)
            .miniProgram("wxmini2", SECRET)
            .build();

    assertThat(config.appIds(LoginFlow.WECHAT_MINI_PROGRAM)).containsExactly("wxmini1", "wxmini2");
    assertThat(config.appIds(LoginFlow.WECHAT_OFFICIAL_ACCOUNT)).containsExactly("wxoa1");
    assertThat(config.apiBaseUrl()).isEqualTo("https://api.weixin.qq.com");
    assertThat(config.authorizeBaseUrl()).isEqualTo("https://open.weixin.qq.com");
    assertThat(config.acceptSnapshotUsers()).isFalse();
    assertThat(config.toString()).contains("wxmini1").doesNotContain(SECRET);
  }

  @Test
  void theSameAppIdMayServeBothFlowsButNotOneFlowTwice() {
    WechatLoginConfig.Builder builder =
        WechatLoginConfig.builder().miniProgram("wxsame", SECRET).officialAccount("wxsame", SECRET);

    assertConfigurationInvalid(() -> builder.miniProgram("wxsame", "other"), "twice");
  }

  @Test
  void badSettingsAreConfigurationErrorsThatNeverEchoTheSecret() {
    WechatLoginConfig.Builder b = WechatLoginConfig.builder();
    assertConfigurationInvalid(() -> b.miniProgram(null, SECRET), "appId");
    assertConfigurationInvalid(() -> b.miniProgram("wx app", SECRET), "appId");
    assertConfigurationInvalid(() -> b.miniProgram("wx" + "1".repeat(31), SECRET), "appId");
    assertConfigurationInvalid(() -> b.miniProgram("wxok", null), "secret");
    assertConfigurationInvalid(() -> b.miniProgram("wxok", ""), "secret");
    assertThatThrownBy(() -> b.officialAccount("wxok", "secret with space"))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.getMessage()).doesNotContain("secret with space"));
    assertConfigurationInvalid(() -> b.apiBaseUrl("ftp://api.weixin.qq.com"), "apiBaseUrl");
    assertConfigurationInvalid(() -> b.apiBaseUrl("https://api.weixin.qq.com?x=1"), "apiBaseUrl");
    assertConfigurationInvalid(() -> b.authorizeBaseUrl(null), "authorizeBaseUrl");
    assertConfigurationInvalid(() -> b.readTimeout(Duration.ZERO), "readTimeout");
    assertConfigurationInvalid(() -> b.connectTimeout(null), "connectTimeout");
    assertConfigurationInvalid(b::build, "no app configured");
    assertThatThrownBy(() -> new WechatLogin(null))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION_INVALID));
  }

  @Test
  void aTrailingSlashOfABaseUrlIsDropped() {
    WechatLoginConfig config =
        WechatLoginConfig.builder()
            .miniProgram("wxmini1", SECRET)
            .apiBaseUrl("http://127.0.0.1:8080/")
            .build();

    assertThat(config.apiBaseUrl()).isEqualTo("http://127.0.0.1:8080");
  }

  @Test
  void everyConfiguredAppHasALoginAHostCanRegister() {
    try (WechatLogin login =
        new WechatLogin(
            WechatLoginConfig.builder()
                .miniProgram("wxmini1", SECRET)
                .officialAccount("wxoa1", SECRET)
                .build())) {
      List<PayerLogin> all = login.logins();
      PayerLogins logins = PayerLogins.of(all);

      assertThat(all).extracting(PayerLogin::appId).containsExactly("wxmini1", "wxoa1");
      assertThat(logins.get(LoginFlow.WECHAT_OFFICIAL_ACCOUNT, "wxoa1"))
          .isSameAs(login.officialAccount("wxoa1"));
      assertThatThrownBy(() -> PayerLogins.of(all, List.of(login.miniProgram("wxmini1"))))
          .isInstanceOfSatisfying(UniPayException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION_INVALID));
    }
  }

  private static void assertConfigurationInvalid(ThrowingCallable call, String names) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(UniPayException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION_INVALID);
          assertThat(e.getMessage()).contains(names);
        });
  }
}
