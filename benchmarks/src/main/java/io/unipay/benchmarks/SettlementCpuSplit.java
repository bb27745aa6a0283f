package io.unipay.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.unipay.core.NotifyRequest;
import io.unipay.core.NotifyResponse;
import io.unipay.core.UniPay;
import io.unipay.core.order.PayOrder;
import io.unipay.jdbc.JdbiOrderRepository;
import io.unipay.testkit.wechat.WechatPaySimulator;
import io.unipay.wechat.WechatPayClient;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;

/**
 * Where a settlement's CPU goes: the client JVM or the database server. Runs the same first
 * settlements as {@link DbSettlementBenchmarks} (ours through {@code handleNotify}, and the
 * bare-JDBC floor) and prints, per settlement, the wall time, the JVM's CPU time and the CPU time
 * of the database server's processes (PostgreSQL: the pool's own backends and the whole cluster;
 * MariaDB: the server process). On two cores shared by both, the sum bounds the throughput.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.unipay.benchmarks.SettlementCpuSplit
 * postgresql 16 5} (database, threads, rounds of 640 calls each). Linux only ({@code /proc}).
 */
public final class SettlementCpuSplit {
  private static final int CALLS = DbSettlementBenchmarks.CALLS;
  private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

  private SettlementCpuSplit() {}

  public static void main(String[] args) throws Exception {
    String db = args.length > 0 ? args[0] : "postgresql";
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    BenchDatabases database = BenchDatabases.named(db);
    try (WechatPaySimulator sim = WechatPaySimulator.start();
        WechatPayClient client = Notifications.wechatClient(sim, JcaChoice.named("jdk"));
        HikariDataSource pool = database.open(16)) {
      JdbiOrderRepository repository = JdbiOrderRepository.create(pool).createSchemaIfMissing();
      Jdbi jdbi = Jdbi.create(pool);
      jdbi.useHandle(
          h ->
              h.execute(
                  "CREATE TABLE grants (out_trade_no VARCHAR(32) PRIMARY KEY,"
                      + " user_id VARCHAR(64) NOT NULL)"));
      UniPay uniPay =
          UniPay.builder()
              .repository(repository)
              .payClient(client)
              .handler("vip", DbSettlementBenchmarks::grant)
              .notifyBaseUrl("https://shop.example.com/pay/notify")
              .build();
      List<Integer> backends = database == BenchDatabases.POSTGRESQL ? backendPids(pool) : List.of();
      Instant now = Instant.now();
      List<PayOrder> orders = new ArrayList<>();
      List<NotifyRequest> notifications = new ArrayList<>();
      for (int i = 0; i < CALLS * (2 * rounds + 10); i++) {
        String outTradeNo = String.format("C%s%030d", db.charAt(0), i);
        PayOrder order = DbSettlementBenchmarks.order(sim, outTradeNo, 100 + i % 7, "u" + i, now);
        repository.insert(order);
        orders.add(order);
        notifications.add(Notifications.wechat(sim, outTradeNo, order.totalFee()));
      }
      System.out.printf("%s, %d threads, %d rounds of %d first settlements%n", db, threads,
          rounds, CALLS);
      int next = 0;
      // Warm-up: 5 rounds of each, then the measured rounds alternate floor / ours, each on
      // orders of its own.
      for (int r = 0; r < 5; r++, next += 2 * CALLS) {
        int base = next;
        run(threads, i -> DbSettlementBenchmarks.floorOnce(pool, orders.get(base + i)));
        run(threads, i -> ours(uniPay, notifications.get(base + CALLS + i)));
      }
      Sample floor = Sample.ZERO;
      Sample ours = Sample.ZERO;
      for (int r = 0; r < rounds; r++, next += 2 * CALLS) {
        int base = next;
        floor = floor.plus(measure(database, backends, threads,
            i -> DbSettlementBenchmarks.floorOnce(pool, orders.get(base + i))));
        ours = ours.plus(measure(database, backends, threads,
            i -> ours(uniPay, notifications.get(base + CALLS + i))));
      }
      print("floor", floor, rounds);
      print("ours", ours, rounds);
    }
  }

  private static void ours(UniPay uniPay, NotifyRequest n) {
    NotifyResponse response = uniPay.handleNotify(n);
    if (!response.success()) throw new IllegalStateException("not settled: " + response);
  }

  static void print(String what, Sample s, int rounds) {
    double calls = (double) CALLS * rounds;
    System.out.printf(
        "%-13s %6.0f /s   per settlement: wall %6.0f µs, client CPU %6.0f µs, server backends"
            + " %6.0f µs, server total %6.0f µs%n",
        what, calls / (s.wallNanos / 1e9), s.wallNanos / 1e3 / calls, s.clientNanos / 1e3 / calls,
        s.backendTicks * 1e6 / TICKS_PER_SECOND / calls,
        s.serverTicks * 1e6 / TICKS_PER_SECOND / calls);
  }

  static Sample measure(
      BenchDatabases database, List<Integer> backends, int threads, IntConsumer call)
      throws Exception {
    long backend0 = ticks(backends);
    long server0 = serverTicks(database);
    long client0 = processCpuNanos();
    long wall0 = System.nanoTime();
    run(threads, call);
    long wall = System.nanoTime() - wall0;
    return new Sample(wall, processCpuNanos() - client0, ticks(backends) - backend0,
        serverTicks(database) - server0);
  }

  private static void run(int threads, IntConsumer call) throws InterruptedException {
    int per = CALLS / threads;
    CountDownLatch done = new CountDownLatch(threads);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int t = 0; t < threads; t++) {
      int from = t * per;
      Thread thread = new Thread(() -> {
        try {
          for (int i = from; i < from + per; i++) call.accept(i);
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        } finally {
          done.countDown();
        }
      });
      thread.start();
    }
    done.await();
    if (failure.get() != null) throw new IllegalStateException(failure.get());
  }

  private static List<Integer> backendPids(HikariDataSource pool) throws SQLException {
    List<Connection> held = new ArrayList<>();
    List<Integer> pids = new ArrayList<>();
    try {
      for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
        Connection c = pool.getConnection();
        held.add(c);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
          rs.next();
          pids.add(rs.getInt(1));
        }
      }
    } finally {
      for (Connection c : held) c.close();
    }
    return pids;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long serverTicks(BenchDatabases database) throws IOException {
    String name = database == BenchDatabases.POSTGRESQL ? "postgres" : "mariadbd";
    List<Integer> pids = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .forEach(p -> {
            try {
              if (Files.readString(p.resolve("comm")).trim().equals(name)) {
                pids.add(Integer.parseInt(p.getFileName().toString()));
              }
            } catch (IOException | RuntimeException gone) {
              // the process ended
            }
          });
    }
    return ticks(pids);
  }

  /** utime + stime of the processes, in clock ticks. */
  private static long ticks(List<Integer> pids) {
    long sum = 0;
    for (int pid : pids) {
      try {
        String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
      } catch (IOException | RuntimeException gone) {
        // the process ended
      }
    }
    return sum;
  }

  record Sample(long wallNanos, long clientNanos, long backendTicks, long serverTicks) {
    static final Sample ZERO = new Sample(0, 0, 0, 0);

    Sample plus(Sample o) {
      return new Sample(wallNanos + o.wallNanos, clientNanos + o.clientNanos,
          backendTicks + o.backendTicks, serverTicks + o.serverTicks);
    }
  }
}
