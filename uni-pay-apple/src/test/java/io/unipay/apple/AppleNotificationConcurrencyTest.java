package io.unipay.apple;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.CreateOrderResult;
import io.unipay.core.SettlementOutcome;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.Provider;
import io.unipay.jdbc.JdbiOrderRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Notifications V2 over loopback HTTP into an engine on H2 (uni-pay-jdbc). */
class AppleNotificationConcurrencyTest {
  private final AppleFixture f = new AppleFixture(h2());

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void theAppAndTwentyConcurrentNotificationsOfOnePurchaseRunTheHandlerOnce() throws Exception {
    CreateOrderResult order = f.order("vip", 990);
    String jws = f.apple.purchase(AppleFixture.token(order), AppleFixture.VIP_PRODUCT, 9900).sign();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<CompletableFuture<Integer>> notified = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        byte[] body = f.apple.notification("ONE_TIME_CHARGE", jws);
        notified.add(CompletableFuture.supplyAsync(() -> {
          await(start);
          return f.apple.postNotification(f.notifyUrl(), body);
        }, pool));
      }
      CompletableFuture<SettlementOutcome> confirmed = CompletableFuture.supplyAsync(() -> {
        await(start);
        return f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), jws);
      }, pool);
      start.countDown();

      for (CompletableFuture<Integer> status : notified) {
        assertThat(status.get(30, TimeUnit.SECONDS)).isEqualTo(200);
      }
      assertThat(confirmed.get(30, TimeUnit.SECONDS))
          .isIn(SettlementOutcome.SETTLED, SettlementOutcome.ALREADY_SETTLED);
    } finally {
      pool.shutdownNow();
    }
    assertThat(f.vipGranted).hasValue(1);
    assertThat(f.pay.getOrder(order.outTradeNo()).status()).isEqualTo(OrderStatus.PAID);
    assertThat(f.pay.getOrder(order.outTradeNo()).transactionId())
        .isEqualTo(AppleTransaction.of(payloadOf(jws)).transactionId());
  }

  @Test
  void aRefundNotificationIsKeptInTheLedgerAndAcknowledgedWithoutStateChange() {
    CreateOrderResult order = f.order("vip", 990);
    String jws = f.apple.purchase(AppleFixture.token(order), AppleFixture.VIP_PRODUCT, 9900).sign();
    f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), jws);

    int status = f.apple.postNotification(f.notifyUrl(), f.apple.notification("REFUND", jws));

    assertThat(status).isEqualTo(200);
    assertThat(f.pay.getOrder(order.outTradeNo()).status()).isEqualTo(OrderStatus.PAID);
    assertThat(f.pay.ledger().events(order.outTradeNo()))
        .extracting(ProviderEvent::outcome)
        .contains(EventOutcome.IGNORED_EVENT_TYPE);
  }

  @Test
  void aTestNotificationIsAcknowledged() {
    assertThat(f.apple.postNotification(f.notifyUrl(), f.apple.notification("TEST", null)))
        .isEqualTo(200);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode payloadOf(String jws) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(java.util.Base64.getUrlDecoder().decode(jws.split("\\.")[1]));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JdbiOrderRepository h2() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:apple" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return JdbiOrderRepository.create(ds).createSchemaIfMissing();
  }
}
