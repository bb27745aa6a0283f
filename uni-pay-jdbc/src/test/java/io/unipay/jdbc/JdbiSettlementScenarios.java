package io.unipay.jdbc;

import static io.unipay.core.spi.TestOrders.T0;
import static io.unipay.core.spi.TestOrders.paid;
import static io.unipay.core.spi.TestOrders.unpaid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.TestOrders;
import io.unipay.jdbc.TestDatabases.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TimeZone;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Settlement as the engine runs it, with the host's own SQL in the same transaction, under real
 * concurrency on a real database. One subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbiSettlementScenarios {
  static final String BUSINESS_TABLE = "test_vip_grants";

  private HikariDataSource dataSource;
  private Jdbi jdbi;
  private JdbiOrderRepository repository;

  /** The database this subclass runs on. */
  abstract Kind kind();

  /** SQL that moves a session to UTC+08:00 (any zone other than UTC will do). */
  abstract String sessionTimeZoneSql();

  @BeforeAll
  void openDatabase() {
    dataSource = TestDatabases.open(kind(), "unipay_scenarios");
    jdbi = Jdbi.create(dataSource);
    repository = JdbiOrderRepository.create(dataSource).createSchemaIfMissing();
    jdbi.useHandle(
        h ->
            h.execute(
                "CREATE TABLE "
                    + BUSINESS_TABLE
                    + " (out_trade_no VARCHAR(32) NOT NULL, note VARCHAR(64) NOT NULL)"));
  }

  @AfterAll
  void closeDatabase() {
    if (dataSource != null) dataSource.close();
  }

  @BeforeEach
  void emptyTables() {
    TestDatabases.deleteAll(jdbi, BUSINESS_TABLE);
  }

  @Test
  void concurrentDuplicateSettlementsRunTheHostsSqlExactlyOncePerOrder() throws Exception {
    List<String> orders = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      PayOrder order = unpaid().build();
      repository.insert(order);
      orders.add(order.outTradeNo());
    }
    List<String> deliveries = new ArrayList<>();
    for (int copy = 0; copy < 20; copy++) deliveries.addAll(orders);
    Collections.shuffle(deliveries, new Random(42));
    AtomicInteger next = new AtomicInteger();

    List<Integer> winsPerThread =
        race(
            16,
            () -> {
              int wins = 0;
              for (int i = next.getAndIncrement();
                  i < deliveries.size();
                  i = next.getAndIncrement()) {
                if (settleWithBusinessRow(repository, deliveries.get(i))) wins++;
              }
              return wins;
            });

    assertThat(winsPerThread.stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
    assertThat(count("SELECT COUNT(*) FROM " + BUSINESS_TABLE)).isEqualTo(200);
    assertThat(count("SELECT COUNT(DISTINCT out_trade_no) FROM " + BUSINESS_TABLE)).isEqualTo(200);
    assertThat(
            count(
                "SELECT COUNT(*) FROM uni_pay_orders WHERE status = 1 AND user_order_success ="
                    + " TRUE"))
        .isEqualTo(200);
  }

  @Test
  void concurrentRefundsAndTheirReleasesKeepTheBooksExact() throws Exception {
    PayOrder order = unpaid().totalFee(300).build();
    repository.insert(order);
    assertThat(settleWithBusinessRow(repository, order.outTradeNo())).isTrue();
    List<Refund> reserved = Collections.synchronizedList(new ArrayList<>());

    List<Boolean> results =
        race(
            50,
            () -> {
              Refund refund = TestOrders.refund(order.outTradeNo(), 7, T0);
              boolean ok = repository.reserveRefund(refund, T0);
              if (ok) reserved.add(refund);
              return ok;
            });

    assertThat(results.stream().filter(ok -> ok).count()).isEqualTo(42);
    assertThat(repository.find(order.outTradeNo()).orElseThrow().refundFee()).isEqualTo(294);
    assertThat(count("SELECT COUNT(*) FROM uni_pay_refunds")).isEqualTo(42);

    AtomicInteger next = new AtomicInteger();
    List<Integer> released =
        race(
            8,
            () -> {
              int n = 0;
              for (int i = next.getAndIncrement();
                  i < reserved.size();
                  i = next.getAndIncrement()) {
                Refund r = reserved.get(i);
                if (repository.completeRefund(r.outRefundNo(), RefundStatus.CLOSED, null, T0)) n++;
              }
              return n;
            });

    assertThat(released.stream().mapToInt(Integer::intValue).sum()).isEqualTo(42);
    PayOrder after = repository.find(order.outTradeNo()).orElseThrow();
    assertThat(after.refundFee()).isZero();
    assertThat(after.status()).isEqualTo(OrderStatus.PAID);
  }

  @Test
  void handlerFailureRollsBackTheSettlementAndTheHostsRows() {
    PayOrder order = unpaid().build();
    repository.insert(order);
    IllegalStateException failure = new IllegalStateException("inventory service down");

    assertThatThrownBy(
            () ->
                repository.inTransaction(
                    tx -> {
                      assertThat(tx.markPaid(order.outTradeNo(), OrderStatus.UNPAID, paid("tx1")))
                          .isTrue();
                      tx.unwrap(Handle.class)
                          .orElseThrow()
                          .execute(
                              "INSERT INTO " + BUSINESS_TABLE + " VALUES (?, ?)",
                              order.outTradeNo(),
                              "jdbi");
                      insertWithJdbc(tx.unwrap(Connection.class).orElseThrow(), order.outTradeNo());
                      throw failure;
                    }))
        .isSameAs(failure);

    assertThat(repository.find(order.outTradeNo())).contains(order);
    assertThat(count("SELECT COUNT(*) FROM " + BUSINESS_TABLE)).isZero();

    assertThat(settleWithBusinessRow(repository, order.outTradeNo())).isTrue();
    assertThat(count("SELECT COUNT(*) FROM " + BUSINESS_TABLE)).isEqualTo(1);
  }

  @Test
  void transactionOffersOnlyTheHandleAndTheConnection() {
    repository.inTransaction(
        tx -> {
          Handle handle = tx.unwrap(Handle.class).orElseThrow();
          assertThat(tx.unwrap(Connection.class)).containsSame(handle.getConnection());
          assertThat(handle.isInTransaction()).isTrue();
          assertThat(tx.unwrap(String.class)).isEmpty();
          return null;
        });
  }

  @Test
  void instantsRoundTripWhateverTheJvmAndSessionTimeZones() {
    // 02:30 UTC wall time does not exist in New York on 2026-03-08 (DST gap): conversions through
    // java.sql.Timestamp in the JVM zone would move it by an hour.
    Instant inGap = Instant.parse("2026-03-08T02:30:00.000001Z");
    PayOrder order =
        unpaid().createDate(inGap).expireDate(inGap.plusSeconds(1800)).nextCheckAt(inGap).build();
    TimeZone jvmZone = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
    try (HikariDataSource shifted =
        TestDatabases.open(
            kind(),
            "unipay_scenarios_tz",
            config -> config.setConnectionInitSql(sessionTimeZoneSql()))) {
      JdbiOrderRepository zoned = JdbiOrderRepository.create(shifted).createSchemaIfMissing();

      zoned.insert(order);

      assertThat(zoned.find(order.outTradeNo())).contains(order);
      assertThat(zoned.claimUnpaidDue(inGap, java.time.Duration.ofMinutes(1), 10)).hasSize(1);
      int storedAsUtcWallClock =
          Jdbi.create(shifted)
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT COUNT(*) FROM uni_pay_orders WHERE create_date = TIMESTAMP"
                                  + " '2026-03-08 02:30:00.000001'")
                          .mapTo(Integer.class)
                          .one());
      assertThat(storedAsUtcWallClock).isEqualTo(1);
    } finally {
      TimeZone.setDefault(jvmZone);
    }
  }

  /**
   * The engine's settlement shape: CAS, then the host's INSERT on the same transaction, then the
   * flag.
   */
  static boolean settleWithBusinessRow(OrderRepository repository, String outTradeNo) {
    return repository.inTransaction(
        tx -> {
          if (!tx.markPaid(outTradeNo, OrderStatus.UNPAID, paid("tx-" + outTradeNo))) return false;
          tx.unwrap(Handle.class)
              .orElseThrow()
              .execute(
                  "INSERT INTO " + BUSINESS_TABLE + " (out_trade_no, note) VALUES (?, ?)",
                  outTradeNo,
                  "vip+30d");
          return true;
        });
  }

  int count(String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
  }

  private static void insertWithJdbc(Connection connection, String outTradeNo) {
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO " + BUSINESS_TABLE + " VALUES (?, ?)")) {
      insert.setString(1, outTradeNo);
      insert.setString(2, "jdbc");
      insert.executeUpdate();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code task} on {@code threads} threads released together; returns every result. */
  static <T> List<T> race(int threads, Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) results.add(future.get(60, TimeUnit.SECONDS));
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
