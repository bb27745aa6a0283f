package io.unipay.alipay;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.order.PayType;
import io.unipay.core.spi.PrepayRequest;
import io.unipay.core.spi.TradeState;
import io.unipay.testkit.alipay.AlipaySimulator;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Issue 13: a keep-alive connection the gateway closed while idle must not fail the next call. */
class AlipayIdleConnectionTest {

  @Test
  void everyQueryAfterTheGatewayClosedTheIdleConnectionSucceeds() throws Exception {
    try (AlipaySimulator alipay =
            AlipaySimulator.builder().closeIdleConnectionsAfter(Duration.ofSeconds(1)).start();
        AlipayClient client =
            new AlipayClient(
                AlipayConfig.builder()
                    .appId(alipay.appId())
                    .appPrivateKey(alipay.appPrivateKeyPem())
                    .alipayPublicKey(alipay.alipayPublicKeyPem())
                    .gatewayUrl(alipay.gatewayUrl())
                    .idleConnectionTimeout(Duration.ofSeconds(30)) // longer than the gateway's 1 s
                    .build())) {
      client.prepay(new PrepayRequest("IDLE", PayType.NATIVE, 100, "CNY", "VIP", "http://127.0.0.1:1/n",
          Instant.now().plusSeconds(600), null, null, null));
      alipay.scan("IDLE");
      int ok = 0;
      for (int i = 0; i < 3; i++) {
        Thread.sleep(1_200);
        assertThat(client.query("IDLE").state()).isEqualTo(TradeState.NOT_PAID);
        ok++;
      }
      assertThat(ok).isEqualTo(3);
    }
  }
}
