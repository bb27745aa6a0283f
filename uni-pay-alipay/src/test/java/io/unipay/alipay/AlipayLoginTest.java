package io.unipay.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.alipay.AlipayLoginConfig.PayerId;
import io.unipay.core.ErrorCode;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.UniPayException;
import io.unipay.core.fake.MutableClock;
import io.unipay.core.login.LoginFlow;
import io.unipay.core.login.LoginRejectedException;
import io.unipay.core.login.LoginRejectedException.Reason;
import io.unipay.core.login.PayerIdentity;
import io.unipay.core.order.Provider;
import io.unipay.testkit.alipay.AlipayLogins;
import io.unipay.testkit.alipay.AlipaySimulator;
import io.unipay.testkit.alipay.Fault;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link AlipayLogin} against the simulator's {@code alipay.system.oauth.token}. */
class AlipayLoginTest {
  private static final String USER = "2088102100000011";
  private static final String OPEN = "074openIdOfPayer11";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T02:00:00Z"));
  private final AlipaySimulator alipay = AlipaySimulator.builder().clock(clock).start();
  private final AlipayClient client =
      new AlipayClient(
          AlipayConfig.builder()
              .appId(alipay.appId())
              .appPrivateKey(alipay.appPrivateKeyPem())
              .alipayPublicKey(alipay.alipayPublicKeyPem())
              .gatewayUrl(alipay.gatewayUrl())
              .clock(clock)
              .build());
  private final AlipayLogin openIdLogin = login(PayerId.OPEN_ID);
  private final AlipayLogin userIdLogin = login(PayerId.USER_ID);

  @AfterEach
  void stop() {
    client.close();
    alipay.close();
  }

  private AlipayLogin login(PayerId payerId) {
    return new AlipayLogin(client, AlipayLoginConfig.builder().payerId(payerId)
        .authorizeUrl(alipay.logins().authorizeUrl()).build());
  }

  private AlipayLogins logins() {
    return alipay.logins();
  }

  @Test
  void anAppOnTheOpenidStandardGetsTheOpenIdAndTheUnionId() {
    PayerIdentity payer = openIdLogin.identify(logins().issueCode(USER, OPEN, "union11"));

    assertThat(payer).isEqualTo(PayerIdentity.of(LoginFlow.ALIPAY, alipay.appId(), OPEN, "union11"));
    assertThat(payer.provider()).isEqualTo(Provider.ALIPAY);
    assertThat(openIdLogin.appId()).isEqualTo(alipay.appId());
  }

  @Test
  void aPayerWithoutUnionIdHasNone() {
    assertThat(openIdLogin.identify(logins().issueCode(USER, OPEN, null)).unionid()).isNull();
  }

  @Test
  void aLegacyAppGetsTheUserId() {
    logins().openidStandard(false);

    PayerIdentity payer = userIdLogin.identify(logins().issueCode(USER, OPEN, null));

    assertThat(payer.openid()).isEqualTo(USER);
  }

  @Test
  void anAnswerWithoutTheExpectedIdFailsClearlyInsteadOfGivingAnEmptyId() {
    String legacyCode = logins().openidStandard(false).issueCode(USER, OPEN, null);

    assertThatThrownBy(() -> openIdLogin.identify(legacyCode))
        .isInstanceOfSatisfying(UniPayException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION_INVALID);
          assertThat(e.getMessage()).contains("no open_id").contains("payerId(USER_ID)")
              .doesNotContain(USER);
        });
    String openCode = logins().openidStandard(true).issueCode(USER, OPEN, null);
    assertThatThrownBy(() -> userIdLogin.identify(openCode))
        .isInstanceOfSatisfying(UniPayException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION_INVALID);
          assertThat(e.getMessage()).contains("no user_id").contains("payerId(OPEN_ID)");
        });
  }

  @Test
  void aReusedCodeIsRefusedWithAlipaysCodeAndMessage() {
    String code = logins().issueCode(USER, OPEN, null);
    openIdLogin.identify(code);

    assertThatThrownBy(() -> openIdLogin.identify(code))
        .isInstanceOfSatisfying(LoginRejectedException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
          assertThat(e.reason()).isEqualTo(Reason.INVALID_CODE);
          assertThat(e.flow()).isEqualTo(LoginFlow.ALIPAY);
          assertThat(e.providerCode()).isEqualTo("isv.code-invalid");
          assertThat(e.providerMessage()).isEqualTo("授权码code无效");
          assertThat(e.getMessage()).contains("\"isv.code-invalid\"").doesNotContain(code);
        });
  }

  @Test
  void anUnknownOrExpiredCodeIsRefusedAsInvalid() {
    String code = logins().issueCode(USER, OPEN, null);
    clock.advance(Duration.ofMinutes(5));

    for (String bad : new String[] {code, "0123456789abcdef0123456789abcdef"}) {
      assertThatThrownBy(() -> openIdLogin.identify(bad))
          .isInstanceOfSatisfying(LoginRejectedException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_CODE));
    }
    assertThat(logins().redeemed(code)).isFalse();
  }

  @Test
  void aCodeOfAnotherAppIsRefusedAsInvalid() {
    String code = logins().issueCodeFor("2021000000000099", USER, OPEN, null);

    assertThatThrownBy(() -> openIdLogin.identify(code))
        .isInstanceOfSatisfying(LoginRejectedException.class,
            e -> assertThat(e.providerCode()).isEqualTo("isv.unmatched-app-id"));
  }

  @Test
  void aMalformedCodeIsRefusedWithoutCallingAlipay() {
    for (String bad : new String[] {null, "", "two words", "x".repeat(300)}) {
      assertThatThrownBy(() -> openIdLogin.identify(bad))
          .isInstanceOfSatisfying(LoginRejectedException.class,
              e -> assertThat(e.providerCode()).isEmpty());
    }
    assertThat(alipay.truth().calls()).isEmpty();
  }

  @Test
  void busyRateLimitedAndSystemErrorsAreProviderUnavailableAndTheCodeStillWorks() {
    String code = logins().issueCode(USER, OPEN, null);
    for (Fault fault : new Fault[] {Fault.UNKNOWN_ERROR, Fault.RATE_LIMITED, Fault.SYSTEM_ERROR,
        Fault.HTTP_502}) {
      alipay.faults().injectFault(AlipayLogins.METHOD, fault, 1);
      assertThatThrownBy(() -> openIdLogin.identify(code))
          .as(fault.name())
          .isInstanceOfSatisfying(UniPayException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
    }

    assertThat(openIdLogin.identify(code).openid()).isEqualTo(OPEN);
  }

  @Test
  void aBadlySignedAnswerIsNeverTrusted() {
    String code = logins().issueCode(USER, OPEN, null);
    alipay.faults().injectFault(AlipayLogins.METHOD, Fault.BAD_RESPONSE_SIGNATURE, 1);

    assertThatThrownBy(() -> openIdLogin.identify(code))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID));
  }

  @Test
  void anUnsignedRefusalIsAnInconclusiveProviderRejection() {
    String code = logins().issueCode(USER, OPEN, null);
    alipay.faults().injectFault(AlipayLogins.METHOD, Fault.INVALID_SIGNATURE, 1);

    assertThatThrownBy(() -> openIdLogin.identify(code))
        .isInstanceOfSatisfying(ProviderRejectedException.class, e -> {
          assertThat(e.providerCode()).isEqualTo("isv.invalid-signature");
          assertThat(e.isDefinite()).isFalse();
        });
  }

  @Test
  void anUnreachableGatewayIsProviderUnavailable() {
    String code = logins().issueCode(USER, OPEN, null);
    alipay.close();

    assertThatThrownBy(() -> openIdLogin.identify(code))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
  }

  @Test
  void certificateModeVerifiesTheTokenAnswerWithTheAlipayCertificate() {
    try (AlipaySimulator certSim = AlipaySimulator.builder().certificateMode(true).start();
        AlipayClient certClient =
            new AlipayClient(
                AlipayConfig.builder()
                    .appId(certSim.appId())
                    .appPrivateKey(certSim.appPrivateKeyPem())
                    .appCert(certSim.certificates().appCertPem())
                    .alipayPublicCert(certSim.certificates().alipayCertPem())
                    .alipayRootCert(certSim.certificates().alipayRootCertPem())
                    .gatewayUrl(certSim.gatewayUrl())
                    .build())) {
      AlipayLogin login =
          new AlipayLogin(certClient, AlipayLoginConfig.builder().payerId(PayerId.OPEN_ID).build());

      assertThat(login.identify(certSim.logins().issueCode(USER, OPEN, null)).openid())
          .isEqualTo(OPEN);
    }
  }
}
