package io.unipay.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.unipay.alipay.AlipayClient;
import io.unipay.alipay.AlipayConfig;
import io.unipay.core.CreateOrderRequest;
import io.unipay.core.CreateOrderResult;
import io.unipay.core.RefundRequest;
import io.unipay.core.SweepReport;
import io.unipay.core.Sweeper;
import io.unipay.core.UniPay;
import io.unipay.core.fake.MutableClock;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.spi.PaidEvent;
import io.unipay.testkit.alipay.AlipaySimulator;
import io.unipay.testkit.wechat.Fault;
import io.unipay.testkit.wechat.WechatPaySimulator;
import io.unipay.wechat.WechatPayClient;
import io.unipay.wechat.WechatPayConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The order lifecycle (design §8) end to end: the engine on PostgreSQL with the real WeChat Pay and
 * Alipay clients against the simulators over loopback HTTP, one controllable clock for all.
 */
class LifecycleOnPostgresTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T02:00:00Z"));
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final AtomicInteger handlerRuns = new AtomicInteger();
  private TestDatabases.TestPool pool;
  private WechatPaySimulator wechatSim;
  private AlipaySimulator alipaySim;
  private NotifyReceiver receiver;

  @BeforeEach
  void start() {
    pool = TestDatabases.open(TestDatabases.Kind.POSTGRESQL, "lifecycle_it");
    closeables.add(pool);
    JdbiOrderRepository.create(pool).createSchemaIfMissing();
    Jdbi.create(pool).useHandle(h ->
        h.execute("CREATE TABLE grants (out_trade_no VARCHAR(32) PRIMARY KEY)"));
    wechatSim = WechatPaySimulator.builder().clock(clock).redeliveryCompression(1000).start();
    alipaySim = AlipaySimulator.builder().clock(clock).notifyRetryCompression(1000).start();
    receiver = new NotifyReceiver();
    closeables.add(wechatSim);
    closeables.add(alipaySim);
    closeables.add(receiver);
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) closeables.get(i).close();
  }

  /** One application instance: its own pool, clients and engine, sharing the database. */
  private UniPay instance() {
    HikariDataSource ownPool =
        TestDatabases.pool(TestDatabases.Kind.POSTGRESQL, pool.area(), config -> {});
    closeables.add(ownPool);
    WechatPayClient wechat = new WechatPayClient(WechatPayConfig.builder()
        .mchid(wechatSim.mchid())
        .privateKey(wechatSim.merchantPrivateKeyPem())
        .merchantSerialNumber(wechatSim.merchantSerialNumber())
        .apiV3Key(wechatSim.apiV3Key())
        .defaultAppId(wechatSim.appId())
        .wechatPayPublicKey(wechatSim.platformPublicKeyPem(), wechatSim.publicKeyId())
        .baseUrl(wechatSim.baseUrl())
        .clock(clock)
        .build());
    AlipayClient alipay = new AlipayClient(AlipayConfig.builder()
        .appId(alipaySim.appId())
        .appPrivateKey(alipaySim.appPrivateKeyPem())
        .alipayPublicKey(alipaySim.alipayPublicKeyPem())
        .sellerId(alipaySim.sellerId())
        .gatewayUrl(alipaySim.gatewayUrl())
        .clock(clock)
        .build());
    closeables.add(wechat);
    closeables.add(alipay);
    UniPay pay = UniPay.builder()
        .repository(JdbiOrderRepository.create(ownPool))
        .payClient(wechat)
        .payClient(alipay)
        .handler("vip", this::grant)
        .notifyBaseUrl(receiver.baseUrl())
        .clock(clock)
        .build();
    receiver.forwardTo(pay);
    return pay;
  }

  /** The host's handler: one business row per payment, in the settlement transaction. */
  private void grant(PaidEvent event) {
    event.unwrap(Handle.class)
        .createUpdate("INSERT INTO grants (out_trade_no) VALUES (:no)")
        .bind("no", event.order().outTradeNo())
        .execute();
    handlerRuns.incrementAndGet();
  }

  private CreateOrderResult order(UniPay pay, String orderNo, Provider provider) {
    return pay.createOrder(CreateOrderRequest.builder()
        .type("vip").orderNo(orderNo).provider(provider).payType(PayType.NATIVE)
        .totalFee(990).description("VIP").build());
  }

  private OrderStatus status(UniPay pay, String outTradeNo) {
    return pay.getOrder(outTradeNo).status();
  }

  private int grants() {
    return Jdbi.create(pool).withHandle(h ->
        h.createQuery("SELECT COUNT(*) FROM grants").mapTo(Integer.class).one());
  }

  @Test
  void aDroppedNotificationIsRecoveredByTheSweeperAndTheLateOneChangesNothing() throws Exception {
    UniPay pay = instance();
    CreateOrderResult created = order(pay, "L1", Provider.WXPAY);
    wechatSim.inject(Fault.DROP_NOTIFICATION, 1);
    wechatSim.pay(created.outTradeNo());
    Thread.sleep(200);
    assertThat(status(pay, created.outTradeNo())).isEqualTo(OrderStatus.UNPAID);

    clock.advance(Duration.ofMinutes(1));
    SweepReport report = pay.sweeper().build().runOnce();

    assertThat(report.settled()).isEqualTo(1);
    assertThat(status(pay, created.outTradeNo())).isEqualTo(OrderStatus.PAID);
    assertThat(grants()).isEqualTo(1);

    wechatSim.duplicateNotify(created.outTradeNo());
    assertThat(wechatSim.awaitAcknowledged(created.outTradeNo(), Duration.ofSeconds(10)))
        .isNotNull();
    assertThat(grants()).isEqualTo(1);
    assertThat(handlerRuns).hasValue(1);
  }

  @Test
  void anExpiredOrderIsClosedAtTheProviderAndLocally() {
    UniPay pay = instance();
    CreateOrderResult created = order(pay, "L2", Provider.WXPAY);
    clock.advance(Duration.ofHours(2).plusMinutes(1));

    SweepReport report = pay.sweeper().build().runOnce();

    assertThat(report.closed()).isEqualTo(1);
    assertThat(status(pay, created.outTradeNo())).isEqualTo(OrderStatus.CLOSED);
    assertThat(wechatSim.trade(created.outTradeNo()).orElseThrow().tradeState()).isEqualTo("CLOSED");
  }

  @Test
  void aPaymentTheProviderTookJustBeforeExpiryIsSettledNotClosed() {
    UniPay pay = instance();
    CreateOrderResult created = order(pay, "L3", Provider.ALIPAY);
    alipaySim.faults().dropNextNotifications(1);
    alipaySim.pay(created.outTradeNo());
    clock.advance(Duration.ofHours(3));

    SweepReport report = pay.sweeper().build().runOnce();

    assertThat(report.settled()).isEqualTo(1);
    assertThat(report.closed()).isZero();
    assertThat(status(pay, created.outTradeNo())).isEqualTo(OrderStatus.PAID);
    assertThat(alipaySim.truth().calls()).doesNotContain("alipay.trade.close");
    assertThat(grants()).isEqualTo(1);
  }

  @Test
  void providerFailuresDuringExpiryCloseNothingAndTheNextPassRetries() {
    UniPay pay = instance();
    CreateOrderResult created = order(pay, "L4", Provider.WXPAY);
    clock.advance(Duration.ofHours(3));
    wechatSim.inject(Fault.SERVER_ERROR, 1); // the query fails
    Sweeper sweeper = pay.sweeper().build();

    SweepReport failedQuery = sweeper.runOnce();
    assertThat(failedQuery.errors()).isEqualTo(1);
    assertThat(status(pay, created.outTradeNo())).isEqualTo(OrderStatus.UNPAID);

    clock.advance(Duration.ofMinutes(5));
    // The query's answer is lost this time, on every attempt (OkHttp retries a reset by itself).
    wechatSim.inject(Fault.CONNECTION_RESET, 3);
    SweepReport failedAgain = sweeper.runOnce();
    assertThat(failedAgain.errors()).isEqualTo(1);
    assertThat(status(pay, created.outTradeNo())).isEqualTo(OrderStatus.UNPAID);

    clock.advance(Duration.ofMinutes(15));
    SweepReport ok = sweeper.runOnce();
    assertThat(ok.closed()).isEqualTo(1);
    assertThat(status(pay, created.outTradeNo())).isEqualTo(OrderStatus.CLOSED);
  }

  @Test
  void aPaymentAfterCloseIsSettledAndFlagged() throws Exception {
    UniPay pay = instance();
    CreateOrderResult created = order(pay, "L5", Provider.ALIPAY);
    clock.advance(Duration.ofHours(3));
    pay.sweeper().build().runOnce();
    assertThat(status(pay, created.outTradeNo())).isEqualTo(OrderStatus.CLOSED);

    // A verified notification for the closed trade still arrives (money was taken).
    var late = alipaySim.paymentNotification(created.outTradeNo(), 990);
    var answer = pay.handleNotify(io.unipay.core.NotifyRequest.post(
        "/notify/alipay/native", java.util.Map.of("Content-Type", late.contentType()), late.body()));

    assertThat(answer.success()).isTrue();
    assertThat(pay.getOrder(created.outTradeNo()).status()).isEqualTo(OrderStatus.PAID);
    assertThat(pay.getOrder(created.outTradeNo()).settleFlag())
        .isEqualTo(io.unipay.core.order.SettlementFlag.LATE_AFTER_CLOSE);
    assertThat(grants()).isEqualTo(1);
  }

  @Test
  void aStuckProcessingRefundIsReconciledAndTheOrderRecomputed() throws Exception {
    UniPay pay = instance();
    CreateOrderResult created = order(pay, "L6", Provider.WXPAY);
    wechatSim.pay(created.outTradeNo());
    wechatSim.awaitAcknowledged(created.outTradeNo(), Duration.ofSeconds(10));
    assertThat(status(pay, created.outTradeNo())).isEqualTo(OrderStatus.PAID);

    var refund = pay.refund(RefundRequest.of(created.outTradeNo(), 990, "test"));
    assertThat(refund.status()).isEqualTo(RefundStatus.PROCESSING);
    assertThat(status(pay, created.outTradeNo())).isEqualTo(OrderStatus.FULLY_REFUNDED);

    wechatSim.inject(Fault.DROP_NOTIFICATION, 1); // the refund notification is lost
    wechatSim.completeRefund(refund.outRefundNo(), "CLOSED");
    clock.advance(Duration.ofMinutes(2));
    SweepReport report = pay.sweeper().build().runOnce();

    assertThat(report.refundsReconciled()).isEqualTo(1);
    assertThat(pay.getRefund(refund.outRefundNo(), false).status()).isEqualTo(RefundStatus.CLOSED);
    assertThat(status(pay, created.outTradeNo())).isEqualTo(OrderStatus.PAID);
  }

  @Test
  void twoInstancesSweepingFiveHundredExpiringOrdersCloseEachExactlyOnce() throws Exception {
    UniPay first = instance();
    UniPay second = instance();
    List<String> outTradeNos = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      outTradeNos.add(order(i % 2 == 0 ? first : second, "M" + i, Provider.ALIPAY).outTradeNo());
    }
    clock.advance(Duration.ofHours(3));
    int callsBefore = alipaySim.truth().calls().size();

    ExecutorService nodes = Executors.newFixedThreadPool(2);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<int[]>> results = new ArrayList<>();
    for (UniPay node : List.of(first, second)) {
      results.add(nodes.submit(() -> {
        go.await();
        Sweeper sweeper = node.sweeper().batchSize(20).build();
        int closed = 0;
        int errors = 0;
        for (SweepReport r = sweeper.runOnce(); r.claimed() > 0; r = sweeper.runOnce()) {
          closed += r.closed();
          errors += r.errors();
        }
        return new int[] {closed, errors};
      }));
    }
    go.countDown();
    int closed = 0;
    int errors = 0;
    for (Future<int[]> r : results) {
      int[] counts = r.get(5, TimeUnit.MINUTES);
      closed += counts[0];
      errors += counts[1];
    }
    nodes.shutdown();

    assertThat(errors).isZero();
    assertThat(closed).isEqualTo(500);
    for (String no : outTradeNos) assertThat(status(first, no)).isEqualTo(OrderStatus.CLOSED);
    List<String> calls = alipaySim.truth().calls().subList(callsBefore, alipaySim.truth().calls().size());
    assertThat(calls.stream().filter("alipay.trade.close"::equals).count()).isEqualTo(500);
    assertThat(calls.stream().filter("alipay.trade.query"::equals).count()).isEqualTo(500);
  }

  @Test
  void twoInstancesSettlingTheSameNotificationsConcurrentlyRunTheHandlerOnceEach() throws Exception {
    UniPay first = instance();
    UniPay second = instance();
    List<CreateOrderResult> orders = new ArrayList<>();
    for (int i = 0; i < 20; i++) orders.add(order(first, "D" + i, Provider.WXPAY));
    List<io.unipay.testkit.wechat.SignedNotification> notifications = new ArrayList<>();
    for (CreateOrderResult o : orders) {
      wechatSim.inject(Fault.DROP_NOTIFICATION, 1);
      wechatSim.pay(o.outTradeNo());
      notifications.add(wechatSim.paymentNotification(o.outTradeNo()));
    }
    ExecutorService threads = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> answers = new ArrayList<>();
    for (int copy = 0; copy < 5; copy++) {
      for (var n : notifications) {
        for (UniPay node : List.of(first, second)) {
          answers.add(threads.submit(() -> {
            go.await();
            return node.handleNotify(io.unipay.core.NotifyRequest.post(
                "/notify/wxpay/native", n.headers(), n.body())).success();
          }));
        }
      }
    }
    go.countDown();
    for (Future<Boolean> a : answers) assertThat(a.get(2, TimeUnit.MINUTES)).isTrue();
    threads.shutdown();

    assertThat(handlerRuns).hasValue(20);
    assertThat(grants()).isEqualTo(20);
  }
}
