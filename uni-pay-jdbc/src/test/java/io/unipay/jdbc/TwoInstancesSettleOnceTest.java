package io.unipay.jdbc;

import static io.unipay.core.spi.TestOrders.T0;
import static io.unipay.core.spi.TestOrders.unpaid;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.unipay.core.order.PayOrder;
import io.unipay.jdbc.TestDatabases.Kind;
import io.unipay.jdbc.TestDatabases.TestPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two application instances (two repositories on two separate pools) against one database: every
 * order is still settled once, and sweeper claims never overlap.
 */
class TwoInstancesSettleOnceTest {
  private static final String AREA = "unipay_two_instances";

  @ParameterizedTest
  @EnumSource(
      value = Kind.class,
      names = {"POSTGRESQL", "MARIADB"})
  void twoInstancesSettlingTheSameOrdersConcurrentlySettleEachExactlyOnce(Kind kind)
      throws Exception {
    try (TestPool first = TestDatabases.open(kind, AREA, c -> c.setMaximumPoolSize(4));
        HikariDataSource second =
            TestDatabases.pool(kind, first.area(), c -> c.setMaximumPoolSize(4))) {
      JdbiOrderRepository a = JdbiOrderRepository.create(first).createSchemaIfMissing();
      JdbiOrderRepository b = JdbiOrderRepository.create(second);
      Jdbi jdbi = Jdbi.create(first);
      jdbi.useHandle(
          h ->
              h.execute(
                  "CREATE TABLE "
                      + JdbiSettlementScenarios.BUSINESS_TABLE
                      + " (out_trade_no VARCHAR(32) NOT NULL, note VARCHAR(64) NOT NULL)"));
      List<String> orders = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        PayOrder order = unpaid().build();
        (i % 2 == 0 ? a : b).insert(order);
        orders.add(order.outTradeNo());
      }
      List<String> deliveries = new ArrayList<>();
      for (int copy = 0; copy < 10; copy++) deliveries.addAll(orders);
      Collections.shuffle(deliveries, new Random(7));
      AtomicInteger next = new AtomicInteger();

      List<Integer> wins =
          JdbiSettlementScenarios.race(
              8,
              () -> {
                int won = 0;
                for (int i = next.getAndIncrement();
                    i < deliveries.size();
                    i = next.getAndIncrement()) {
                  JdbiOrderRepository instance = i % 2 == 0 ? a : b;
                  if (JdbiSettlementScenarios.settleWithBusinessRow(instance, deliveries.get(i)))
                    won++;
                }
                return won;
              });

      assertThat(wins.stream().mapToInt(Integer::intValue).sum()).isEqualTo(100);
      int rows =
          jdbi.withHandle(
              h ->
                  h.createQuery(
                          "SELECT COUNT(DISTINCT out_trade_no) FROM "
                              + JdbiSettlementScenarios.BUSINESS_TABLE)
                      .mapTo(Integer.class)
                      .one());
      int allRows =
          jdbi.withHandle(
              h ->
                  h.createQuery("SELECT COUNT(*) FROM " + JdbiSettlementScenarios.BUSINESS_TABLE)
                      .mapTo(Integer.class)
                      .one());
      assertThat(rows).isEqualTo(100);
      assertThat(allRows).isEqualTo(100);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Kind.class,
      names = {"H2", "POSTGRESQL", "MARIADB"})
  void twoInstancesClaimingTheSameDueOrdersNeverClaimOneTwice(Kind kind) throws Exception {
    try (TestPool first = TestDatabases.open(kind, AREA, c -> c.setMaximumPoolSize(3))) {
      try (HikariDataSource second =
          TestDatabases.pool(kind, first.area(), c -> c.setMaximumPoolSize(3))) {
        JdbiOrderRepository a = JdbiOrderRepository.create(first).createSchemaIfMissing();
        JdbiOrderRepository b = JdbiOrderRepository.create(second);
        for (int i = 0; i < 120; i++) a.insert(unpaid().nextCheckAt(T0.plusMillis(i)).build());
        List<String> claimed = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger turn = new AtomicInteger();

        JdbiSettlementScenarios.race(
            6,
            () -> {
              JdbiOrderRepository instance = turn.getAndIncrement() % 2 == 0 ? a : b;
              List<PayOrder> batch;
              do {
                batch = instance.claimUnpaidDue(T0.plusSeconds(1), Duration.ofMinutes(5), 5);
                batch.forEach(o -> claimed.add(o.outTradeNo()));
              } while (!batch.isEmpty());
              return null;
            });

        assertThat(claimed).hasSize(120).doesNotHaveDuplicates();
      }
    }
  }
}
