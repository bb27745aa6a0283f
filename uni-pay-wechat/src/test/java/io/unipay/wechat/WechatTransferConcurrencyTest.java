package io.unipay.wechat;

import static io.unipay.wechat.TransferCommands.command;
import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.spi.TransferCommand;
import io.unipay.core.spi.TransferSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Concurrent sends of one transfer command reach WeChat Pay as one bill. */
class WechatTransferConcurrencyTest {

  @Test
  void twentyConcurrentSendsOfOneCommandMakeOneBill() throws Exception {
    try (Harness h = new Harness("public-key", s -> s, c -> c.readTimeout(Duration.ofSeconds(20)))) {
      sendConcurrently(h);
    }
  }

  private static void sendConcurrently(Harness h) throws Exception {
    TransferCommand command = command(h, "TBrace000001", 5_000, "李四");
    int threads = 20;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<TransferSnapshot>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return h.client.transfer(command);
                }));
      }
      go.countDown();
      Set<String> billNos = new HashSet<>();
      for (Future<TransferSnapshot> r : results) billNos.add(r.get().providerBillNo());

      assertThat(billNos).hasSize(1);
      assertThat(h.sim.transfers().count("TBrace000001")).isEqualTo(1);
      assertThat(h.sim.transfers().createRequests("TBrace000001")).isEqualTo(threads);
      assertThat(h.sim.transfers().all()).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

}
