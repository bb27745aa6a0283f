package io.unipay.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.apple.AppleEnvironment;
import io.unipay.apple.AppleIapClient;
import io.unipay.apple.AppleIapConfig;
import io.unipay.core.CreateOrderRequest;
import io.unipay.core.CreateOrderResult;
import io.unipay.core.SettlementOutcome;
import io.unipay.core.UniPay;
import io.unipay.core.ledger.EventKind;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.NotifyHandler;
import io.unipay.core.spi.PaidEvent;
import io.unipay.core.spi.PrepayResult;
import io.unipay.core.spi.RefundEvent;
import io.unipay.jdbc.TestDatabases.Kind;
import io.unipay.jdbc.TestDatabases.TestPool;
import io.unipay.testkit.apple.AppStoreSimulator;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Apple purchases and refunds racing on real databases: the app's reports (signed transaction and
 * transaction id through the simulated App Store Server API) and 20 concurrent Notifications V2
 * over loopback HTTP settle once and refund once; the handlers write to a host table in the
 * settlement's transaction.
 */
class AppleOnDatabasesTest {
  private static final String BUNDLE = "com.example.shop";
  private static final String PRODUCT = "com.example.shop.vip";

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aPurchaseReportedByTheAppAndNotifiedTwentyTimesConcurrentlyRunsTheHandlerOnce(Kind kind)
      throws Exception {
    try (Engine e = new Engine(kind)) {
      CreateOrderResult order = e.order();
      AppStoreSimulator.Purchase purchase = e.purchase(order);
      String jws = purchase.sign();

      e.race(
          () -> e.apple.postNotification(e.notifyUrl(),
              e.apple.notification("ONE_TIME_CHARGE", jws)),
          () -> e.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), jws),
          () -> e.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(),
              purchase.transactionId()));

      assertThat(e.granted).hasValue(1);
      assertThat(e.hostRows(order.outTradeNo())).isEqualTo(1);
      assertThat(e.pay.getOrder(order.outTradeNo()).status()).isEqualTo(OrderStatus.PAID);
      assertThat(e.pay.ledger().events(order.outTradeNo()))
          .filteredOn(ev -> ev.kind() == EventKind.PAYMENT)
          .extracting(ProviderEvent::outcome)
          .containsExactly(EventOutcome.SETTLED);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void twentyConcurrentRefundNotificationsAndTheAppsReportRefundOnceAndRunOnRefundedOnce(
      Kind kind) throws Exception {
    try (Engine e = new Engine(kind)) {
      CreateOrderResult order = e.order();
      AppStoreSimulator.Purchase purchase = e.purchase(order);
      e.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), purchase.sign());
      String refunded = e.apple.refund(purchase.transactionId());

      e.race(
          () -> e.apple.postNotification(e.notifyUrl(), e.apple.notification("REFUND", refunded)),
          () -> e.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), refunded),
          () -> e.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(),
              purchase.transactionId()));

      assertThat(e.refunded).hasValue(1);
      assertThat(e.hostRows(order.outTradeNo())).isZero(); // granted, then taken back once
      assertThat(e.pay.getOrder(order.outTradeNo()).status())
          .isEqualTo(OrderStatus.FULLY_REFUNDED);
      assertThat(e.pay.refunds(order.outTradeNo())).hasSize(1);
      assertThat(e.pay.ledger().events(order.outTradeNo()))
          .filteredOn(ev -> ev.kind() == EventKind.REFUND)
          .extracting(ProviderEvent::outcome)
          .containsExactly(EventOutcome.REFUND_APPLIED);
    }
  }

  /** An engine on a fresh database with an Apple client against the simulator. */
  private static final class Engine implements AutoCloseable {
    final AppStoreSimulator apple = new AppStoreSimulator(BUNDLE, "Sandbox");
    final AtomicInteger granted = new AtomicInteger();
    final AtomicInteger refunded = new AtomicInteger();
    final NotifyReceiver receiver = new NotifyReceiver();
    final TestPool pool;
    final Jdbi jdbi;
    final AppleIapClient client;
    final UniPay pay;

    Engine(Kind kind) {
      pool = TestDatabases.open(kind, "unipay_apple", c -> c.setMaximumPoolSize(8));
      jdbi = Jdbi.create(pool);
      JdbiOrderRepository repository = JdbiOrderRepository.create(jdbi).createSchemaIfMissing();
      jdbi.useHandle(h -> h.execute(
          "CREATE TABLE vip_grants (out_trade_no VARCHAR(32) NOT NULL PRIMARY KEY)"));
      client = new AppleIapClient(AppleIapConfig.builder()
          .bundleId(BUNDLE)
          .environment(AppleEnvironment.SANDBOX)
          .rootCertificate(apple.rootCertificate())
          .product("vip", PRODUCT)
          .onlineChecks(false)
          .serverApi(apple.issuerId(), apple.keyId(), apple.privateKeyPem())
          .apiBaseUrls(apple.apiBaseUrl("Production"), apple.apiBaseUrl("Sandbox"))
          .build());
      pay = UniPay.builder()
          .repository(repository)
          .payClient(client)
          .handler("vip", new NotifyHandler() {
            @Override
            public void onPaid(PaidEvent event) {
              event.unwrap(Handle.class).execute(
                  "INSERT INTO vip_grants (out_trade_no) VALUES (?)", event.order().outTradeNo());
              granted.incrementAndGet();
            }

            @Override
            public void onRefunded(RefundEvent event) {
              event.unwrap(Handle.class).execute(
                  "DELETE FROM vip_grants WHERE out_trade_no = ?", event.order().outTradeNo());
              refunded.incrementAndGet();
            }
          })
          .notifyBaseUrl(receiver.baseUrl())
          .build();
      receiver.forwardTo(pay);
    }

    CreateOrderResult order() {
      return pay.createOrder(CreateOrderRequest.builder()
          .type("vip")
          .orderNo("o" + UUID.randomUUID().toString().replace("-", ""))
          .provider(Provider.APPLEIAP)
          .payType(PayType.IAP)
          .totalFee(990)
          .description("VIP month")
          .build());
    }

    AppStoreSimulator.Purchase purchase(CreateOrderResult order) {
      UUID token = ((PrepayResult.AppleInAppPurchase) order.payload()).appAccountToken();
      return apple.purchase(token, PRODUCT, 9900);
    }

    URI notifyUrl() {
      return URI.create(pay.notifyUrl(Provider.APPLEIAP, PayType.IAP));
    }

    int hostRows(String outTradeNo) {
      return Math.toIntExact(jdbi.withHandle(h -> h
          .createQuery("SELECT COUNT(*) FROM vip_grants WHERE out_trade_no = :n")
          .bind("n", outTradeNo).mapTo(Long.class).one()));
    }

    /** 20 notifications and both app reports at once; all acknowledged and recorded. */
    void race(Callable<Integer> notify, Callable<SettlementOutcome> report,
        Callable<SettlementOutcome> reportById) throws Exception {
      ExecutorService threads = Executors.newFixedThreadPool(8);
      CountDownLatch start = new CountDownLatch(1);
      try {
        List<Future<Integer>> notified = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          notified.add(threads.submit(() -> {
            start.await();
            return notify.call();
          }));
        }
        List<Future<SettlementOutcome>> reports = new ArrayList<>();
        for (Callable<SettlementOutcome> r : List.of(report, reportById)) {
          reports.add(threads.submit(() -> {
            start.await();
            return r.call();
          }));
        }
        start.countDown();
        for (Future<Integer> status : notified) {
          assertThat(status.get(120, TimeUnit.SECONDS)).isEqualTo(200);
        }
        for (Future<SettlementOutcome> outcome : reports) {
          assertThat(outcome.get(120, TimeUnit.SECONDS).isRecorded()).isTrue();
        }
      } finally {
        threads.shutdownNow();
      }
    }

    @Override
    public void close() {
      receiver.close();
      client.close();
      apple.close();
      pool.close();
    }
  }
}
