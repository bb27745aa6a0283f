package io.unipay.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.UniPay;
import io.unipay.core.spi.NotifyHandler;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Bad {@code unipay.*} settings fail startup naming the property and the fix, never a secret. */
class ConfigurationValidationTest {
  private static final String API_V3_KEY = Simulators.WECHAT.apiV3Key();

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataSourceAutoConfiguration.class,
                  DataSourceTransactionManagerAutoConfiguration.class,
                  UniPayAutoConfiguration.class))
          .withUserConfiguration(Handler.class)
          .withPropertyValues(
              "spring.datasource.url=jdbc:h2:mem:cfg-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
              "unipay.jdbc.create-schema=true",
              "unipay.sweeper.enabled=false",
              "unipay.notify-base-url=https://shop.example.com/pay/notify",
              "unipay.wechat.mchid=" + Simulators.WECHAT.mchid(),
              "unipay.wechat.merchant-serial-number=" + Simulators.WECHAT.merchantSerialNumber(),
              "unipay.wechat.api-v3-key=" + API_V3_KEY,
              "unipay.wechat.app-id=" + Simulators.WECHAT.appId(),
              "unipay.wechat.public-key-id=" + Simulators.WECHAT.publicKeyId())
          .withPropertyValues(
              "unipay.wechat.merchant-private-key=" + Simulators.WECHAT.merchantPrivateKeyPem(),
              "unipay.wechat.public-key=" + Simulators.WECHAT.platformPublicKeyPem());

  @Configuration(proxyBeanMethods = false)
  static class Handler {
    @Bean
    @UniPayHandler("vip")
    NotifyHandler vip() {
      return event -> {};
    }
  }

  @Test
  void completeSettingsStartTheEngine() {
    runner.run(context -> assertThat(context).hasSingleBean(UniPay.class));
  }

  @Test
  void missingKeyFileNamesThePropertyAndTheFile() {
    runner
        .withPropertyValues("unipay.wechat.merchant-private-key=file:/nonexistent/apiclient_key.pem")
        .run(
            context ->
                assertFailure(context, "unipay.wechat.merchant-private-key",
                    "file:/nonexistent/apiclient_key.pem does not exist"));
  }

  @Test
  void apiV3KeyOfTheWrongLengthIsRejectedWithoutShowingIt() {
    runner
        .withPropertyValues("unipay.wechat.api-v3-key=" + API_V3_KEY.substring(1))
        .run(
            context -> {
              String message =
                  assertFailure(context, "unipay.wechat.api-v3-key", "must be exactly 32 bytes");
              assertThat(message).doesNotContain(API_V3_KEY.substring(1));
            });
  }

  @Test
  void plainHttpNotifyUrlIsRejectedOutsideLocalProfiles() {
    runner
        .withPropertyValues("unipay.notify-base-url=http://shop.example.com/pay/notify")
        .run(context -> assertFailure(context, "unipay.notify-base-url", "is not https"));
  }

  @Test
  void plainHttpNotifyUrlIsAcceptedInTheDevProfile() {
    runner
        .withPropertyValues(
            "unipay.notify-base-url=http://shop.example.com/pay/notify",
            "spring.profiles.active=dev")
        .run(context -> assertThat(context).hasSingleBean(UniPay.class));
  }

  @Test
  void publicKeyWithoutItsIdIsRejected() {
    runner
        .withPropertyValues("unipay.wechat.public-key-id=")
        .run(context -> assertFailure(context, "unipay.wechat.public-key-id", "is not set"));
  }

  @Test
  void twoHandlersForOneTypeAreRejected() {
    runner
        .withUserConfiguration(SecondHandler.class)
        .run(context -> assertFailure(context, "@UniPayHandler(\"vip\")", "two handler beans"));
  }

  @Configuration(proxyBeanMethods = false)
  static class SecondHandler {
    @Bean
    @UniPayHandler("vip")
    NotifyHandler anotherVip() {
      return event -> {};
    }
  }

  private static String assertFailure(
      AssertableApplicationContext context, String property, String problem) {
    assertThat(context).hasFailed();
    Throwable failure = context.getStartupFailure();
    UniPayConfigurationException cause = find(failure);
    assertThat(cause).as("cause of %s", failure).isNotNull();
    assertThat(cause.property()).isEqualTo(property);
    assertThat(cause.getMessage()).contains(problem);
    FailureAnalysis analysis = new UniPayConfigurationFailureAnalyzer().analyze(failure);
    assertThat(analysis.getDescription()).contains(property).contains(problem);
    assertThat(analysis.getAction()).contains(property);
    return analysis.getDescription() + analysis.getAction();
  }

  private static UniPayConfigurationException find(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UniPayConfigurationException e) return e;
    }
    return null;
  }
}
