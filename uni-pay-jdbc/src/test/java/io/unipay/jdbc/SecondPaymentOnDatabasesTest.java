package io.unipay.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.SettlementOutcome;
import io.unipay.core.UniPay;
import io.unipay.core.fake.FakePayClient;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Provider;
import io.unipay.core.order.SettlementFlag;
import io.unipay.core.spi.PaidEvent;
import io.unipay.jdbc.TestDatabases.Kind;
import io.unipay.jdbc.TestDatabases.TestPool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A business order paid twice (WeChat, then Alipay) runs the host's handler once (design §6.5),
 * through {@code handleNotify} on every database, in sequence and in a race. On PostgreSQL a
 * first settlement takes no lock on the business order's other payment orders (one statement,
 * issue 19), so there the race is decided by the unique index on handled orders.
 */
class SecondPaymentOnDatabasesTest {
  private final FakePayClient wechat = new FakePayClient(Provider.WXPAY);
  private final FakePayClient alipay = new FakePayClient(Provider.ALIPAY);
  private final Map<String, SettlementOutcome> outcomes = new ConcurrentHashMap<>();
  private final AtomicInteger handlerRuns = new AtomicInteger();
  private volatile CountDownLatch holdFirstHandler;
  private volatile CountDownLatch firstHandlerEntered;
  private volatile boolean failFirstHandler;
  private TestPool pool;
  private Jdbi jdbi;
  private JdbiOrderRepository repository;
  private UniPay pay;

  @AfterEach
  void close() {
    if (pool != null) pool.close();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aSecondPaymentOfABusinessOrderIsFlaggedAndDoesNotRunTheHandlerAgain(Kind kind) {
    start(kind);
    String first = order("B1", Provider.WXPAY);
    String second = order("B1", Provider.ALIPAY);

    assertThat(pay.handleNotify(wechat.pay(first)).success()).isTrue();
    assertThat(pay.handleNotify(alipay.pay(second)).success()).isTrue();

    assertThat(outcomes).containsEntry(first, SettlementOutcome.SETTLED)
        .containsEntry(second, SettlementOutcome.DUPLICATE_PAYMENT);
    assertThat(grants()).containsExactly(first);
    PayOrder duplicate = pay.getOrder(second);
    assertThat(duplicate.settleFlag()).isEqualTo(SettlementFlag.DUPLICATE_PAYMENT);
    assertThat(duplicate.userOrderSuccess()).isFalse();
    assertThat(pay.getOrder(first).userOrderSuccess()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void twoPaymentsSettledAtOnceRunTheHandlerOnceAndFlagTheLater(Kind kind) throws Exception {
    start(kind);
    String first = order("B2", Provider.WXPAY);
    String second = order("B2", Provider.ALIPAY);

    List<Boolean> answers = raceWithTheFirstHandlerHeld(kind, first, pay, second);

    assertThat(answers).containsExactly(true, true);
    assertThat(outcomes).containsEntry(first, SettlementOutcome.SETTLED)
        .containsEntry(second, SettlementOutcome.DUPLICATE_PAYMENT);
    assertThat(grants()).containsExactly(first);
    assertThat(handlerRuns).hasValue(1);
  }

  @Test
  void onPostgresTheIndexDroppedWhileTwoInstancesRunMakesEachSettlementTakeTheLock()
      throws Exception {
    start(Kind.POSTGRESQL);
    JdbiOrderRepository otherRepository = JdbiOrderRepository.create(pool);
    UniPay otherInstance = engine(otherRepository);
    assertThat(repository.settlesUnpaidInOneStatement()).as("checked once, and cached").isTrue();
    assertThat(otherRepository.settlesUnpaidInOneStatement()).isTrue();
    jdbi.useHandle(h -> h.execute("DROP INDEX " + SettlementStatements.HANDLED_INDEX));
    String first = order("B5", Provider.WXPAY);
    String second = order("B5", Provider.ALIPAY);

    // The other instance has not seen the index go: its one statement must not pay the order, so
    // it waits on the lock of the business order (there is no index to wait on).
    List<Boolean> answers =
        raceWithTheFirstHandlerHeld(Kind.POSTGRESQL, first, otherInstance, second);

    assertThat(answers).containsExactly(true, true);
    assertThat(outcomes).containsEntry(first, SettlementOutcome.SETTLED)
        .containsEntry(second, SettlementOutcome.DUPLICATE_PAYMENT);
    assertThat(grants()).containsExactly(first);
    assertThat(repository.settlesUnpaidInOneStatement()).as("the statement noticed").isFalse();
    assertThat(otherRepository.settlesUnpaidInOneStatement()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void whenTheFirstPaymentsHandlerFailsTheWaitingSecondPaymentRunsIt(Kind kind) throws Exception {
    start(kind);
    String first = order("B3", Provider.WXPAY);
    String second = order("B3", Provider.ALIPAY);
    failFirstHandler = true;

    List<Boolean> answers = raceWithTheFirstHandlerHeld(kind, first, pay, second);

    assertThat(answers).as("a failed handler answers failure").containsExactly(false, true);
    assertThat(outcomes).containsEntry(first, SettlementOutcome.HANDLER_FAILED)
        .containsEntry(second, SettlementOutcome.SETTLED);
    assertThat(grants()).containsExactly(second);
    assertThat(pay.getOrder(first).status().isPaid()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aStormOfPaymentsThroughBothProvidersRunsTheHandlerOncePerBusinessOrder(Kind kind)
      throws Exception {
    start(kind);
    int businessOrders = 60;
    List<Runnable> deliveries = new ArrayList<>();
    for (int i = 0; i < businessOrders; i++) {
      String orderNo = "S" + i;
      String viaWechat = order(orderNo, Provider.WXPAY);
      String viaAlipay = order(orderNo, Provider.ALIPAY);
      var w = wechat.pay(viaWechat);
      var a = alipay.pay(viaAlipay);
      for (int copy = 0; copy < 3; copy++) {
        deliveries.add(() -> pay.handleNotify(w));
        deliveries.add(() -> pay.handleNotify(a));
      }
    }
    Collections.shuffle(deliveries, new Random(19));
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    for (int t = 0; t < 8; t++) {
      threads.submit(() -> {
        try {
          for (int i = next.getAndIncrement(); i < deliveries.size(); i = next.getAndIncrement()) {
            deliveries.get(i).run();
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      });
    }
    threads.shutdown();
    assertThat(threads.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
    assertThat(failure.get()).isNull();

    assertThat(grants()).hasSize(businessOrders);
    assertThat(handlerRuns).hasValue(businessOrders);
    jdbi.useHandle(h -> {
      assertThat(count(h, "SELECT COUNT(*) FROM uni_pay_orders WHERE status = 1"))
          .isEqualTo(2 * businessOrders);
      assertThat(count(h, "SELECT COUNT(DISTINCT order_no) FROM uni_pay_orders"
          + " WHERE user_order_success = TRUE")).isEqualTo(businessOrders);
      assertThat(count(h, "SELECT COUNT(*) FROM uni_pay_orders WHERE user_order_success = TRUE"))
          .isEqualTo(businessOrders);
      assertThat(count(h, "SELECT COUNT(*) FROM uni_pay_orders"
          + " WHERE settle_flag = 'DUPLICATE_PAYMENT' AND user_order_success = FALSE"))
          .isEqualTo(businessOrders);
      assertThat(count(h, "SELECT COUNT(*) FROM test_grants g JOIN uni_pay_orders o"
          + " ON o.out_trade_no = g.out_trade_no WHERE o.user_order_success = TRUE"))
          .as("each grant belongs to the payment that ran the handler").isEqualTo(businessOrders);
    });
  }

  private void start(Kind kind) {
    pool = TestDatabases.open(kind, "unipay_second_payment", c -> c.setMaximumPoolSize(8));
    jdbi = Jdbi.create(pool);
    repository = JdbiOrderRepository.create(pool).createSchemaIfMissing();
    jdbi.useHandle(h -> h.execute(
        "CREATE TABLE test_grants (out_trade_no VARCHAR(32) PRIMARY KEY, order_no VARCHAR(64))"));
    pay = engine(repository);
  }

  /** An engine on {@code repo}, as another instance of the application would run it. */
  private UniPay engine(JdbiOrderRepository repo) {
    return UniPay.builder()
        .repository(repo)
        .payClient(wechat)
        .payClient(alipay)
        .handler("vip", this::grant)
        .refundDuplicatePayments(false)
        .settlementListener((provider, outTradeNo, outcome, source) ->
            outcomes.merge(outTradeNo, outcome, (was, now) ->
                was == SettlementOutcome.ALREADY_SETTLED ? now
                    : now == SettlementOutcome.ALREADY_SETTLED ? was : now))
        .notifyBaseUrl("https://shop.example.com/notify")
        .build();
  }

  private void grant(PaidEvent event) {
    CountDownLatch hold = holdFirstHandler;
    if (hold != null && event.order().provider() == Provider.WXPAY) {
      firstHandlerEntered.countDown();
      try {
        hold.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failFirstHandler) throw new IllegalStateException("the host's grant failed");
    }
    event.unwrap(Handle.class)
        .execute("INSERT INTO test_grants (out_trade_no, order_no) VALUES (?, ?)",
            event.order().outTradeNo(), event.order().orderNo());
    handlerRuns.incrementAndGet();
  }

  private String order(String orderNo, Provider provider) {
    return VipOrders.create(pay, orderNo, provider);
  }

  private List<String> grants() {
    return VipOrders.grants(jdbi);
  }

  /**
   * Settles {@code first} (WeChat) through {@link #pay} and holds its handler, its transaction
   * open; then settles {@code second} (Alipay) through {@code secondEngine}, waits until that one
   * waits in the database, and lets the first go. Returns both answers' success, in that order.
   */
  private List<Boolean> raceWithTheFirstHandlerHeld(
      Kind kind, String first, UniPay secondEngine, String second) throws Exception {
    holdFirstHandler = new CountDownLatch(1);
    firstHandlerEntered = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<Boolean> a = threads.submit(() -> pay.handleNotify(wechat.pay(first)).success());
      assertThat(firstHandlerEntered.await(10, TimeUnit.SECONDS)).isTrue();
      Future<Boolean> b =
          threads.submit(() -> secondEngine.handleNotify(alipay.pay(second)).success());
      awaitBlocked(kind);
      holdFirstHandler.countDown();
      return List.of(a.get(20, TimeUnit.SECONDS), b.get(20, TimeUnit.SECONDS));
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * Gives the second settlement time to reach the database and wait there. On PostgreSQL it waits
   * on a lock (the first's row in the unique index of handled orders), which is checked.
   */
  private void awaitBlocked(Kind kind) throws InterruptedException {
    if (kind != Kind.POSTGRESQL) {
      Thread.sleep(300);
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      long waiting = jdbi.withHandle(h -> h.createQuery(
          "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
              + " AND datname = current_database() AND query LIKE '%uni_pay_orders%'")
          .mapTo(Long.class).one());
      if (waiting > 0) return;
      Thread.sleep(20);
    }
    throw new AssertionError("the second settlement never waited on the first");
  }

  private static long count(Handle h, String sql) {
    return h.createQuery(sql).mapTo(Long.class).one();
  }
}
