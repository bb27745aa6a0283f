package io.unipay.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.unipay.core.NotifyRequest;
import io.unipay.core.NotifyResponse;
import io.unipay.core.UniPay;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.jdbc.JdbiOrderRepository;
import io.unipay.testkit.wechat.WechatPaySimulator;
import io.unipay.wechat.WechatPayClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Full {@code UniPay.handleNotify} of WeChat payment notifications through settlement on H2
 * (in-memory, Hikari pool), with a handler doing one SQL update in the settlement transaction.
 *
 * <p>Every measured call is a real first settlement: each thread owns {@link #BATCH} orders and
 * their notifications, signed once per trial; before every iteration the orders are deleted and
 * inserted again UNPAID, the iteration settles each exactly once ({@code SingleShotTime} with
 * {@code batchSize} = {@link #BATCH}), and the teardown checks that all of them are PAID.
 * Throughput = threads × BATCH ÷ score.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 8, batchSize = SettlementBenchmarks.BATCH)
@Measurement(iterations = 5, batchSize = SettlementBenchmarks.BATCH)
@Fork(1)
public class SettlementBenchmarks {
  /** Notifications settled per thread per iteration. */
  public static final int BATCH = 2000;

  /** The engine, the database and the simulator, shared by the threads. */
  @State(Scope.Benchmark)
  public static class Engine {
    @Param({"jdk", "corretto"})
    public String provider;

    WechatPaySimulator sim;
    WechatPayClient client;
    HikariDataSource dataSource;
    JdbiOrderRepository repository;
    Jdbi jdbi;
    UniPay uniPay;
    final AtomicInteger threads = new AtomicInteger();

    @Setup(Level.Trial)
    public void setUp() {
      sim = WechatPaySimulator.start();
      client = Notifications.wechatClient(sim, JcaChoice.named(provider));
      HikariConfig pool = new HikariConfig();
      pool.setJdbcUrl("jdbc:h2:mem:settle;DB_CLOSE_DELAY=-1;QUERY_CACHE_SIZE=64");
      pool.setMaximumPoolSize(4);
      dataSource = new HikariDataSource(pool);
      repository = JdbiOrderRepository.create(dataSource).createSchemaIfMissing();
      jdbi = Jdbi.create(dataSource);
      jdbi.useHandle(
          h -> h.execute("CREATE TABLE member(id BIGINT PRIMARY KEY, paid_count INT NOT NULL)"));
      uniPay =
          UniPay.builder()
              .repository(repository)
              .payClient(client)
              .handler(
                  "vip",
                  event ->
                      event
                          .unwrap(Handle.class)
                          .createUpdate(
                              "UPDATE member SET paid_count = paid_count + 1 WHERE id = :id")
                          .bind("id", Long.parseLong(event.order().userId()))
                          .execute())
              .notifyBaseUrl("https://shop.example.com/pay/notify")
              .build();
    }

    /**
     * Closes the client and the simulator. The pool stays open: JMH may run a thread's iteration
     * teardown ({@link Batch#check}) after this, and the in-memory database ends with the fork.
     */
    @TearDown(Level.Trial)
    public void tearDown() {
      client.close();
      sim.close();
    }
  }

  /** One thread's orders and their signed notifications. */
  @State(Scope.Thread)
  public static class Batch {
    final List<PayOrder> orders = new ArrayList<>(BATCH);
    final List<NotifyRequest> notifications = new ArrayList<>(BATCH);
    String prefix;
    int next;

    @Setup(Level.Trial)
    public void sign(Engine engine) {
      int thread = engine.threads.getAndIncrement();
      prefix = "S" + engine.provider.charAt(0) + thread + "T";
      Instant now = Instant.now();
      engine.jdbi.useHandle(
          h -> {
            for (int i = 0; i < 100; i++) {
              h.execute("INSERT INTO member VALUES (?, 0)", thread * 1000L + i);
            }
          });
      for (int i = 0; i < BATCH; i++) {
        String outTradeNo = prefix + String.format("%0" + (32 - prefix.length()) + "d", i);
        orders.add(
            PayOrder.builder()
                .outTradeNo(outTradeNo)
                .orderNo("order-" + outTradeNo)
                .type("vip")
                .provider(Provider.WXPAY)
                .payType(PayType.NATIVE)
                .status(OrderStatus.UNPAID)
                .totalFee(100 + i % 7)
                .currency("CNY")
                .description("VIP 30 days")
                .userId(Long.toString(thread * 1000L + i % 100))
                .providerAppId(engine.sim.appId())
                .mchId(engine.sim.mchid())
                .createDate(now)
                .expireDate(now.plusSeconds(7200))
                .nextCheckAt(now.plusSeconds(7200))
                .build());
        notifications.add(Notifications.wechat(engine.sim, outTradeNo, 100 + i % 7));
      }
    }

    /**
     * Back to UNPAID: delete this thread's orders and their ledger rows, and insert the orders
     * again. (Keeping the ledger rows would make every settlement after the first iteration meet
     * its own recorded fact: a duplicate-key error caught inside the transaction, then a resolve.)
     */
    @Setup(Level.Iteration)
    public void reset(Engine engine) {
      engine.jdbi.useHandle(
          h -> {
            h.createUpdate("DELETE FROM uni_pay_events WHERE out_trade_no LIKE :p")
                .bind("p", prefix + "%")
                .execute();
            h.createUpdate("DELETE FROM uni_pay_orders WHERE out_trade_no LIKE :p")
                .bind("p", prefix + "%")
                .execute();
          });
      for (PayOrder order : orders) engine.repository.insert(order);
      next = 0;
    }

    @TearDown(Level.Iteration)
    public void check(Engine engine) {
      if (next != BATCH) throw new IllegalStateException(next + " of " + BATCH + " settled");
      for (PayOrder order : orders) {
        if (!engine.repository.find(order.outTradeNo()).orElseThrow().status().isPaid()) {
          throw new IllegalStateException(order.outTradeNo() + " was not settled");
        }
      }
    }
  }

  @Benchmark
  @Threads(1)
  public NotifyResponse settle1Thread(Engine engine, Batch batch) {
    return settle(engine, batch);
  }

  @Benchmark
  @Threads(2)
  public NotifyResponse settle2Threads(Engine engine, Batch batch) {
    return settle(engine, batch);
  }

  private static NotifyResponse settle(Engine engine, Batch batch) {
    NotifyResponse response = engine.uniPay.handleNotify(batch.notifications.get(batch.next++));
    if (!response.success()) throw new IllegalStateException("not settled: " + response);
    return response;
  }
}
