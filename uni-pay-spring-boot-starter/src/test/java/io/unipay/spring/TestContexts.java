package io.unipay.spring;

import io.unipay.core.spi.NotifyHandler;
import java.util.UUID;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Non-web contexts on a fresh H2 database with both providers pointed at the simulators. */
final class TestContexts {
  private TestContexts() {}

  static ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                DataSourceAutoConfiguration.class,
                DataSourceTransactionManagerAutoConfiguration.class,
                UniPayAutoConfiguration.class))
        .withUserConfiguration(Handler.class)
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:ctx-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
            "unipay.jdbc.create-schema=true",
            "unipay.sweeper.enabled=false",
            "unipay.notify-base-url=http://127.0.0.1:9/pay/notify",
            "unipay.wechat.mchid=" + Simulators.WECHAT.mchid(),
            "unipay.wechat.merchant-serial-number=" + Simulators.WECHAT.merchantSerialNumber(),
            "unipay.wechat.api-v3-key=" + Simulators.WECHAT.apiV3Key(),
            "unipay.wechat.app-id=" + Simulators.WECHAT.appId(),
            "unipay.wechat.base-url=" + Simulators.WECHAT.baseUrl(),
            "unipay.wechat.public-key-id=" + Simulators.WECHAT.publicKeyId(),
            "unipay.wechat.merchant-private-key=" + Simulators.WECHAT.merchantPrivateKeyPem(),
            "unipay.wechat.public-key=" + Simulators.WECHAT.platformPublicKeyPem(),
            "unipay.alipay.app-id=" + Simulators.ALIPAY.appId(),
            "unipay.alipay.seller-id=" + Simulators.ALIPAY.sellerId(),
            "unipay.alipay.gateway-url=" + Simulators.ALIPAY.gatewayUrl(),
            "unipay.alipay.app-private-key=" + Simulators.ALIPAY.appPrivateKeyPem(),
            "unipay.alipay.alipay-public-key=" + Simulators.ALIPAY.alipayPublicKeyPem());
  }

  /** The one handler every context needs. */
  @Configuration(proxyBeanMethods = false)
  static class Handler {
    @Bean
    @UniPayHandler("vip")
    NotifyHandler vip() {
      return event -> {};
    }
  }
}
