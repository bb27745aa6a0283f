package io.unipay.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.unipay.core.NotifyRequest;
import io.unipay.core.NotifyResponse;
import io.unipay.core.UniPay;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.PayClient;
import io.unipay.jdbc.JdbiOrderRepository;
import io.unipay.testkit.wechat.WechatPaySimulator;
import io.unipay.wechat.WechatPayClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * {@code UniPay.handleNotify} of real WeChat notifications (signed by the testkit simulator, JDK
 * crypto) through settlement on PostgreSQL and MariaDB, at 1, 2 and 16 threads, next to the
 * bare-JDBC floor on the same pool and threads: {@code UPDATE ... SET status = 1 WHERE
 * out_trade_no = ? AND status = 0}, the handler's {@code INSERT}, commit.
 *
 * <p>Every iteration makes {@link #CALLS} calls in all, split over the threads ({@code
 * SingleShotTime}, batch = CALLS ÷ threads). {@code first*} and {@code floor*} start every
 * iteration from {@link #CALLS} UNPAID orders (ledger and grants emptied) and check after it that
 * each was paid once, its grant and (ours) its ledger row written. {@code duplicate*} sends
 * notifications of orders settled before the trial and checks that no grant or ledger row was
 * added. The handler inserts one grant row in the settlement transaction. RunAll skips a database
 * that does not answer, saying so.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
public class DbSettlementBenchmarks {
  /** Calls per iteration over all threads (divisible by 1, 2 and 16). */
  public static final int CALLS = 640;

  /**
   * Calls on other orders before the trial, so the JIT has compiled the measured path: the
   * iterations are short ({@link #CALLS}), and ours runs far more code than the floor (crypto,
   * JSON, the engine), so without this the first iterations measured the interpreter.
   */
  public static final int JIT_WARMUP_CALLS = 3_000;

  static final String FLOOR_UPDATE =
      "UPDATE uni_pay_orders SET status = 1 WHERE out_trade_no = ? AND status = 0";
  static final String GRANT = "INSERT INTO grants (out_trade_no, user_id) VALUES (?, ?)";

  /** The engine on one database, its orders and their notifications. */
  @State(Scope.Benchmark)
  public static class Db {
    @Param({"postgresql", "mariadb"})
    public String db;

    WechatPaySimulator sim;
    WechatPayClient client;
    HikariDataSource pool;
    Jdbi jdbi;
    UniPay uniPay;
    JdbiOrderRepository repository;
    final List<PayOrder> orders = new ArrayList<>(CALLS);
    final List<NotifyRequest> notifications = new ArrayList<>(CALLS);
    final AtomicInteger threadIndex = new AtomicInteger();
    boolean duplicates;
    boolean floor;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
      duplicates = params.getBenchmark().contains(".duplicate");
      floor = params.getBenchmark().contains(".floor");
      sim = WechatPaySimulator.start();
      client = Notifications.wechatClient(sim, JcaChoice.named("jdk"));
      pool = BenchDatabases.named(db).open(16);
      repository = JdbiOrderRepository.create(pool).createSchemaIfMissing();
      jdbi = Jdbi.create(pool);
      jdbi.useHandle(
          h ->
              h.execute(
                  "CREATE TABLE grants (out_trade_no VARCHAR(32) PRIMARY KEY,"
                      + " user_id VARCHAR(64) NOT NULL)"));
      uniPay = engine(repository, client);
      Instant now = Instant.now();
      for (int i = 0; i < CALLS; i++) {
        String outTradeNo = String.format("D%s%030d", db.charAt(0), i);
        PayOrder order = order(sim, outTradeNo, 100 + i % 7, "u" + i % 100, now);
        repository.insert(order);
        orders.add(order);
        notifications.add(Notifications.wechat(sim, outTradeNo, order.totalFee()));
      }
      warmUp(repository, now);
      if (duplicates) {
        for (NotifyRequest n : notifications) settleOnce(uniPay, n);
      }
    }

    /** Runs the measured path on {@link #JIT_WARMUP_CALLS} other orders, then removes them. */
    private void warmUp(JdbiOrderRepository repository, Instant now) {
      for (int i = 0; i < JIT_WARMUP_CALLS; i++) {
        String outTradeNo = String.format("W%s%030d", db.charAt(0), i);
        PayOrder order = order(sim, outTradeNo, 100 + i % 7, "u" + i % 100, now);
        repository.insert(order);
        if (floor) {
          floorOnce(pool, order);
        } else {
          NotifyRequest notification = Notifications.wechat(sim, outTradeNo, order.totalFee());
          settleOnce(uniPay, notification);
          if (duplicates) settleOnce(uniPay, notification);
        }
      }
      jdbi.useHandle(
          h -> {
            h.execute("DELETE FROM uni_pay_events");
            h.execute("DELETE FROM grants");
            h.execute("DELETE FROM uni_pay_orders WHERE out_trade_no LIKE 'W%'");
          });
    }

    /**
     * Back to UNPAID with no ledger rows and no grants (not for duplicates: they stay paid). On
     * PostgreSQL the tables are then vacuumed, so that no iteration (ours or the floor's) meets
     * the previous ones' dead rows, or autovacuum at a random moment. First settlements get a new
     * engine: a PAID order never goes back to UNPAID outside this reset, and the engine's hint of
     * orders it saw PAID would send them to the read-first path, measuring duplicates' path.
     */
    @Setup(Level.Iteration)
    public void reset() {
      if (duplicates) return;
      if (!floor) uniPay = engine(repository, client);
      jdbi.useHandle(
          h -> {
            h.execute(
                "UPDATE uni_pay_orders SET status = 0, transaction_id = NULL, pay_date = NULL,"
                    + " notify_date = NULL, original_data = NULL, user_order_success = FALSE,"
                    + " settle_flag = 'NONE'");
            h.execute("DELETE FROM uni_pay_events");
            h.execute("DELETE FROM grants");
            if (db.equals("postgresql")) {
              h.execute("VACUUM ANALYZE uni_pay_orders");
              h.execute("VACUUM ANALYZE uni_pay_events");
              h.execute("VACUUM ANALYZE grants");
            }
          });
    }

    /** Every order paid once, with one grant and (ours) one ledger row; duplicates added none. */
    @TearDown(Level.Iteration)
    public void check() {
      jdbi.useHandle(
          h -> {
            int paid = count(h, "SELECT COUNT(*) FROM uni_pay_orders WHERE status = 1");
            int grants = count(h, "SELECT COUNT(*) FROM grants");
            int events = count(h, "SELECT COUNT(*) FROM uni_pay_events");
            int expectedEvents = floor ? 0 : CALLS;
            if (paid != CALLS || grants != CALLS || events != expectedEvents) {
              throw new IllegalStateException(
                  "after the iteration: paid " + paid + ", grants " + grants + ", ledger rows "
                      + events + "; expected " + CALLS + ", " + CALLS + ", " + expectedEvents);
            }
          });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      client.close();
      sim.close();
      pool.close();
    }
  }

  /** One thread's share of the orders. */
  @State(Scope.Thread)
  public static class Slice {
    int from;
    int to;
    int next;

    @Setup(Level.Trial)
    public void claim(Db db, BenchmarkParams params) {
      int per = CALLS / params.getThreads();
      from = db.threadIndex.getAndIncrement() * per;
      to = from + per;
    }

    @Setup(Level.Iteration)
    public void rewind() {
      next = from;
    }

    @TearDown(Level.Iteration)
    public void check() {
      if (next != to) throw new IllegalStateException((next - from) + " calls, not " + (to - from));
    }
  }

  @Benchmark
  @Threads(1)
  @Warmup(iterations = 2, batchSize = CALLS)
  @Measurement(iterations = 3, batchSize = CALLS)
  public NotifyResponse first1(Db db, Slice slice) {
    return ours(db, slice);
  }

  @Benchmark
  @Threads(2)
  @Warmup(iterations = 2, batchSize = CALLS / 2)
  @Measurement(iterations = 3, batchSize = CALLS / 2)
  public NotifyResponse first2(Db db, Slice slice) {
    return ours(db, slice);
  }

  @Benchmark
  @Threads(16)
  @Warmup(iterations = 2, batchSize = CALLS / 16)
  @Measurement(iterations = 3, batchSize = CALLS / 16)
  public NotifyResponse first16(Db db, Slice slice) {
    return ours(db, slice);
  }

  @Benchmark
  @Threads(1)
  @Warmup(iterations = 2, batchSize = CALLS)
  @Measurement(iterations = 3, batchSize = CALLS)
  public NotifyResponse duplicate1(Db db, Slice slice) {
    return ours(db, slice);
  }

  @Benchmark
  @Threads(2)
  @Warmup(iterations = 2, batchSize = CALLS / 2)
  @Measurement(iterations = 3, batchSize = CALLS / 2)
  public NotifyResponse duplicate2(Db db, Slice slice) {
    return ours(db, slice);
  }

  @Benchmark
  @Threads(16)
  @Warmup(iterations = 2, batchSize = CALLS / 16)
  @Measurement(iterations = 3, batchSize = CALLS / 16)
  public NotifyResponse duplicate16(Db db, Slice slice) {
    return ours(db, slice);
  }

  @Benchmark
  @Threads(1)
  @Warmup(iterations = 2, batchSize = CALLS)
  @Measurement(iterations = 3, batchSize = CALLS)
  public int floor1(Db db, Slice slice) {
    return floor(db, slice);
  }

  @Benchmark
  @Threads(2)
  @Warmup(iterations = 2, batchSize = CALLS / 2)
  @Measurement(iterations = 3, batchSize = CALLS / 2)
  public int floor2(Db db, Slice slice) {
    return floor(db, slice);
  }

  @Benchmark
  @Threads(16)
  @Warmup(iterations = 2, batchSize = CALLS / 16)
  @Measurement(iterations = 3, batchSize = CALLS / 16)
  public int floor16(Db db, Slice slice) {
    return floor(db, slice);
  }

  private static NotifyResponse ours(Db db, Slice slice) {
    return settleOnce(db.uniPay, db.notifications.get(slice.next++));
  }

  /** The bare-JDBC floor: the CAS, the handler's insert, commit; no crypto, no reads. */
  private static int floor(Db db, Slice slice) {
    return floorOnce(db.pool, db.orders.get(slice.next++));
  }

  static int floorOnce(HikariDataSource pool, PayOrder order) {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      int changed;
      try (PreparedStatement cas = c.prepareStatement(FLOOR_UPDATE);
          PreparedStatement grant = c.prepareStatement(GRANT)) {
        cas.setString(1, order.outTradeNo());
        changed = cas.executeUpdate();
        grant.setString(1, order.outTradeNo());
        grant.setString(2, order.userId());
        grant.executeUpdate();
      }
      c.commit();
      if (changed != 1) throw new IllegalStateException(order.outTradeNo() + " not unpaid");
      return changed;
    } catch (SQLException e) {
      throw new IllegalStateException("floor settlement of " + order.outTradeNo(), e);
    }
  }

  /** The engine every settlement benchmark runs: the one client, the grant as the handler. */
  static UniPay engine(OrderRepository repository, PayClient client) {
    return UniPay.builder()
        .repository(repository)
        .payClient(client)
        .handler("vip", DbSettlementBenchmarks::grant)
        .notifyBaseUrl("https://shop.example.com/pay/notify")
        .build();
  }

  /**
   * The handler: the floor's own grant {@code INSERT}, as plain JDBC on the settlement
   * transaction's connection, so that ours and the floor run the same host statement the same way.
   */
  static void grant(io.unipay.core.spi.PaidEvent event) {
    try (PreparedStatement grant = event.unwrap(Connection.class).prepareStatement(GRANT)) {
      grant.setString(1, event.order().outTradeNo());
      grant.setString(2, event.order().userId());
      grant.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("grant for " + event.order().outTradeNo(), e);
    }
  }

  private static NotifyResponse settleOnce(UniPay uniPay, NotifyRequest notification) {
    NotifyResponse response = uniPay.handleNotify(notification);
    if (!response.success()) throw new IllegalStateException("not settled: " + response);
    return response;
  }

  private static int count(Handle h, String sql) {
    return h.createQuery(sql).mapTo(Integer.class).one();
  }

  static PayOrder order(
      WechatPaySimulator sim, String outTradeNo, long fee, String userId, Instant now) {
    return PayOrder.builder()
        .outTradeNo(outTradeNo)
        .orderNo("order-" + outTradeNo)
        .type("vip")
        .provider(Provider.WXPAY)
        .payType(PayType.NATIVE)
        .status(OrderStatus.UNPAID)
        .totalFee(fee)
        .currency("CNY")
        .description("VIP 30 days")
        .userId(userId)
        .providerAppId(sim.appId())
        .mchId(sim.mchid())
        .createDate(now)
        .expireDate(now.plusSeconds(7200))
        .nextCheckAt(now.plusSeconds(7200))
        .build();
  }
}
