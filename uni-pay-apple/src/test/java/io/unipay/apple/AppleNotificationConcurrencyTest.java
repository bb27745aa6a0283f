package io.unipay.apple;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.CreateOrderResult;
import io.unipay.core.SettlementOutcome;
import io.unipay.core.memory.InMemoryOrderRepository;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.Provider;
import io.unipay.testkit.apple.AppStoreSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Notifications V2 over loopback HTTP racing the app's reports, on the in-memory repository (the
 * same races on H2, PostgreSQL and MariaDB run in uni-pay-jdbc's AppleOnDatabasesTest).
 */
class AppleNotificationConcurrencyTest {
  private final AppleFixture f = new AppleFixture(new InMemoryOrderRepository());

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void theAppsReportsAndTwentyConcurrentNotificationsOfOnePurchaseRunTheHandlerOnce()
      throws Exception {
    CreateOrderResult order = f.order("vip", 990);
    AppStoreSimulator.Purchase purchase =
        f.apple.purchase(AppleFixture.token(order), AppleFixture.VIP_PRODUCT, 9900);
    String jws = purchase.sign();

    race(20, () -> f.apple.postNotification(f.notifyUrl(),
            f.apple.notification("ONE_TIME_CHARGE", jws)),
        () -> f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), jws),
        () -> f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(),
            purchase.transactionId()));

    assertThat(f.vipGranted).hasValue(1);
    assertThat(f.pay.getOrder(order.outTradeNo()).status()).isEqualTo(OrderStatus.PAID);
    assertThat(f.pay.getOrder(order.outTradeNo()).transactionId())
        .isEqualTo(purchase.transactionId());
  }

  @Test
  void twentyConcurrentRefundNotificationsAndTheAppsReportRunOnRefundedOnce() throws Exception {
    CreateOrderResult order = f.order("vip", 990);
    AppStoreSimulator.Purchase purchase =
        f.apple.purchase(AppleFixture.token(order), AppleFixture.VIP_PRODUCT, 9900);
    f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), purchase.sign());
    String refunded = f.apple.refund(purchase.transactionId());

    race(20, () -> f.apple.postNotification(f.notifyUrl(), f.apple.notification("REFUND", refunded)),
        () -> f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), refunded),
        () -> f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(),
            purchase.transactionId()));

    assertThat(f.refunded).hasValue(1);
    assertThat(f.pay.getOrder(order.outTradeNo()).status()).isEqualTo(OrderStatus.FULLY_REFUNDED);
    assertThat(f.pay.refunds(order.outTradeNo())).hasSize(1);
  }

  @Test
  void aTestNotificationIsAcknowledged() {
    assertThat(f.apple.postNotification(f.notifyUrl(), f.apple.notification("TEST", null)))
        .isEqualTo(200);
  }

  /**
   * Starts {@code notifications} copies of {@code notify} and the two app reports at once; every
   * notification must be acknowledged and both reports recorded.
   */
  private static void race(
      int notifications, Supplier<Integer> notify, Supplier<SettlementOutcome> report,
      Supplier<SettlementOutcome> reportById) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<CompletableFuture<Integer>> notified = new ArrayList<>();
      for (int i = 0; i < notifications; i++) {
        notified.add(CompletableFuture.supplyAsync(() -> {
          await(start);
          return notify.get();
        }, pool));
      }
      List<CompletableFuture<SettlementOutcome>> reports = new ArrayList<>();
      for (Supplier<SettlementOutcome> r : List.of(report, reportById)) {
        reports.add(CompletableFuture.supplyAsync(() -> {
          await(start);
          return r.get();
        }, pool));
      }
      start.countDown();
      for (CompletableFuture<Integer> status : notified) {
        assertThat(status.get(60, TimeUnit.SECONDS)).isEqualTo(200);
      }
      for (CompletableFuture<SettlementOutcome> outcome : reports) {
        assertThat(outcome.get(60, TimeUnit.SECONDS).isRecorded()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
