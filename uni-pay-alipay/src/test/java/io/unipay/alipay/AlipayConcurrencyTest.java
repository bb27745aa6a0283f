package io.unipay.alipay;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.order.PayType;
import io.unipay.core.spi.PrepayRequest;
import io.unipay.core.spi.PrepayResult;
import io.unipay.core.spi.TradeState;
import io.unipay.testkit.alipay.AlipaySimulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One shared client signs and verifies correctly from many threads at once. */
class AlipayConcurrencyTest {
  @Test
  void oneClientServesManyThreads() throws Exception {
    try (AlipaySimulator alipay = AlipaySimulator.start();
        AlipayClient client = new AlipayClient(AlipayConfig.builder()
            .appId(alipay.appId())
            .appPrivateKey(alipay.appPrivateKeyPem())
            .alipayPublicKey(alipay.alipayPublicKeyPem())
            .gatewayUrl(alipay.gatewayUrl())
            .build())) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<TradeState>> results = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        String no = "C" + i;
        results.add(pool.submit(() -> {
          PrepayResult r = client.prepay(new PrepayRequest(no, PayType.MP, 100 + no.length(), "CNY", "VIP",
              "http://127.0.0.1:1/n", Instant.now().plusSeconds(600), "2088102122524333", null, null));
          assertThat(r).isInstanceOf(PrepayResult.AlipayTradeNo.class);
          return client.query(no).state();
        }));
      }
      for (Future<TradeState> f : results) assertThat(f.get()).isEqualTo(TradeState.NOT_PAID);
      pool.shutdown();
      assertThat(alipay.truth().calls()).hasSize(48);
    }
  }
}
