package io.unipay.examples.boot;

import io.unipay.alipay.AlipayClient;
import io.unipay.alipay.AlipayConfig;
import io.unipay.testkit.alipay.AlipaySimulator;
import io.unipay.testkit.wechat.WechatPaySimulator;
import io.unipay.wechat.WechatPayClient;
import io.unipay.wechat.WechatPayConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The {@code sandbox} profile: the testkit's WeChat Pay and Alipay simulators run in this JVM on
 * loopback ports (real HTTP, real signatures), and the payment clients are built against them. The
 * starter then skips its own clients ({@code unipay.wechat.*} / {@code unipay.alipay.*} are unset
 * here). The simulators stop with the application context.
 */
@Configuration(proxyBeanMethods = false)
@Profile("sandbox")
public class SandboxConfiguration {
  private static final Logger log = LoggerFactory.getLogger(SandboxConfiguration.class);

  @Bean(destroyMethod = "close")
  WechatPaySimulator wechatPaySimulator() {
    return WechatPaySimulator.start();
  }

  @Bean(destroyMethod = "close")
  AlipaySimulator alipaySimulator() {
    return AlipaySimulator.start();
  }

  @Bean(destroyMethod = "close")
  WechatPayClient wechatPayClient(WechatPaySimulator simulator) {
    return new WechatPayClient(
        WechatPayConfig.builder().properties(simulator.clientProperties()).build());
  }

  @Bean(destroyMethod = "close")
  AlipayClient alipayClient(AlipaySimulator simulator) {
    return new AlipayClient(
        AlipayConfig.builder()
            .appId(simulator.appId())
            .appPrivateKey(simulator.appPrivateKeyPem())
            .alipayPublicKey(simulator.alipayPublicKeyPem())
            .sellerId(simulator.sellerId())
            .gatewayUrl(simulator.gatewayUrl())
            .build());
  }

  /** Says where the sandbox listens once the web server is up. */
  @Bean
  ApplicationListener<WebServerInitializedEvent> sandboxBanner() {
    return event -> {
      String base = "http://127.0.0.1:" + event.getWebServer().getPort();
      log.info(
          "Sandbox ready at {} (H2 in memory, simulated WeChat Pay and Alipay). Try:\n"
              + "  curl -s -H 'Content-Type: application/json' -d"
              + " '{\"userId\":\"alice\",\"packageId\":\"month\",\"provider\":\"wxpay\"}'"
              + " {}/api/orders\n"
              + "  curl -s -X POST {}/api/sandbox/orders/OUT_TRADE_NO/pay\n"
              + "  curl -s {}/api/orders/OUT_TRADE_NO\n"
              + "  curl -s {}/actuator/health",
          base, base, base, base, base);
    };
  }
}
