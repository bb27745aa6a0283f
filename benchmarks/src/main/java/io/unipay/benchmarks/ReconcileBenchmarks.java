package io.unipay.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.unipay.core.Reconciler;
import io.unipay.core.UniPay;
import io.unipay.core.order.Provider;
import io.unipay.core.reconcile.ReconciliationReport;
import io.unipay.jdbc.JdbiOrderRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code pay.reconciler().reconcile(provider, day, force)} of a synthetic bill of {@code rows}
 * lines (95 % payments, 5 % refunds) against as many local orders and refunds, on H2 (a file
 * database, so its rows are not on the heap being measured) or PostgreSQL (skipped with a message
 * when it does not answer). {@code source} is where the bill comes from: {@code rows} hands the
 * reconciler generated {@code BillRow}s (no parsing); {@code wechat-file} is a WeChat Pay trade
 * bill file (gzip'd CSV with backtick fields, as the testkit's simulator serves it) and {@code
 * alipay-file} an Alipay one (ZIP of two GBK CSVs), both written streaming to a temporary file
 * before the trial and read in every iteration through the clients' strict parsers ({@code
 * WechatTradeBillParser} after a {@code GZIPInputStream}, {@code AlipayTradeBillParser}) — the
 * download itself and WeChat's SHA1 over it are not in the figures. Every iteration is a full
 * forced run that must come out clean.
 * Prints, per iteration, rows/s and the heap: the live set during the run (the largest heap right
 * after a full GC, asked for every 2 s; it must not grow with {@code rows}), the largest heap
 * after any GC and the pools' peak (both count garbage). The fork runs with {@code -Xmx256m}: a
 * run holding the day would not fit. On H2 the database runs in the same heap.
 *
 * <p>Not in RunAll's default suite (it takes minutes): {@code java -jar benchmarks.jar
 * ReconcileBenchmarks}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx256m"})
@Warmup(iterations = 1)
@Measurement(iterations = 2)
@State(Scope.Benchmark)
public class ReconcileBenchmarks {
  static final LocalDate DAY = LocalDate.of(2026, 12, 1);
  static final Instant DAY_START = DAY.atStartOfDay(Reconciler.BILL_ZONE).toInstant();

  @Param({"h2", "postgresql"})
  public String store;

  @Param({"100000", "1000000"})
  public int rows;

  @Param({"rows", "wechat-file", "alipay-file"})
  public String source;

  HikariDataSource pool;
  Path h2Dir;
  Path billFile;
  Provider provider;
  Reconciler reconciler;
  PeakHeap heap;
  int payments;
  int refunds;
  long started;
  long baseline;

  @Setup(Level.Trial)
  public void load() throws IOException {
    refunds = rows / 20;
    payments = rows - refunds;
    provider = source.equals("alipay-file") ? Provider.ALIPAY : Provider.WXPAY;
    if (store.equals("h2")) {
      h2Dir = Files.createTempDirectory("unipay-recon-bench");
      HikariConfig config = new HikariConfig();
      // -Dunipay.bench.h2=";CACHE_SIZE=16384" etc.: H2 runs in this heap, its cache with it.
      config.setJdbcUrl("jdbc:h2:file:" + h2Dir.resolve("recon") + ";LOCK_TIMEOUT=20000"
          + System.getProperty("unipay.bench.h2", ""));
      config.setUsername("sa");
      config.setMaximumPoolSize(4);
      pool = new HikariDataSource(config);
    } else {
      BenchDatabases.POSTGRESQL.unreachable().ifPresent(why -> {
        System.out.println("SKIPPED ReconcileBenchmarks on POSTGRESQL: " + why);
        throw new IllegalStateException(why);
      });
      pool = BenchDatabases.POSTGRESQL.open(4);
    }
    JdbiOrderRepository repository = JdbiOrderRepository.create(pool).createSchemaIfMissing();
    long t0 = System.nanoTime();
    Jdbi.create(pool).useHandle(h -> {
      h.execute(insertOrders());
      h.execute(insertRefunds());
      if (!store.equals("h2")) h.execute("ANALYZE");
    });
    System.out.printf(Locale.ROOT, "%nloaded %,d orders and %,d refunds into %s in %.1f s%n",
        payments, refunds, store, (System.nanoTime() - t0) / 1e9);
    BillClient client = switch (source) {
      case "rows" -> new BillClient(Provider.WXPAY, SyntheticBill.MCHID, SyntheticBill.APPID,
          day -> new SyntheticBill(day, DAY_START, payments, refunds));
      case "wechat-file" -> {
        billFile = BillFiles.writeWechat(DAY_START, payments, refunds);
        yield new BillClient(Provider.WXPAY, SyntheticBill.MCHID, SyntheticBill.APPID,
            day -> BillFiles.openWechat(billFile, day));
      }
      case "alipay-file" -> {
        billFile = BillFiles.writeAlipay(DAY, DAY_START, payments, refunds);
        yield new BillClient(Provider.ALIPAY, SyntheticBill.ALIPAY_SELLER,
            SyntheticBill.ALIPAY_APPID, day -> BillFiles.openAlipay(billFile, day));
      }
      default -> throw new IllegalArgumentException(
          "source must be rows, wechat-file or alipay-file, was " + source);
    };
    UniPay pay =
        UniPay.builder()
            .repository(repository)
            .payClient(client)
            .handler("vip", event -> {
              throw new IllegalStateException("a clean day settles nothing");
            })
            .notifyBaseUrl("https://bench.example.com/notify")
            .clock(Clock.fixed(Instant.parse("2026-12-02T04:00:00Z"), ZoneOffset.UTC))
            .build();
    reconciler = pay.reconciler();
    heap = new PeakHeap();
  }

  @Setup(Level.Iteration)
  public void measureFromHere() {
    baseline = heap.reset(2000);
    started = System.nanoTime();
  }

  @Benchmark
  public ReconciliationReport reconcile() {
    ReconciliationReport report = reconciler.reconcile(provider, DAY, true);
    if (!report.isClean()
        || report.providerTotals().payments() != payments
        || report.localTotals().payments() != payments
        || report.localTotals().refunds() != refunds) {
      throw new IllegalStateException("not a clean day: " + report + " " + report.discrepancies());
    }
    return report;
  }

  @TearDown(Level.Iteration)
  public void report() {
    double seconds = (System.nanoTime() - started) / 1e9;
    heap.stopSampling();
    System.out.printf(Locale.ROOT,
        "%n%s %s %,d rows: %.1f s, %,.0f rows/s; live heap before %.1f MiB, during the run %.1f MiB"
            + " (max after a full GC, every 2 s), max after any GC %.1f MiB, pools' peak %.1f MiB"
            + " (-Xmx %d MiB)%n",
        store, source, rows, seconds, rows / seconds, baseline / 1048576.0,
        heap.maxLive() / 1048576.0,
        heap.maxLiveAfterGc() / 1048576.0, heap.peakUsed() / 1048576.0,
        Runtime.getRuntime().maxMemory() / 1048576);
  }

  @TearDown(Level.Trial)
  public void drop() throws IOException {
    if (heap != null) heap.close();
    if (pool != null) pool.close();
    if (billFile != null) Files.deleteIfExists(billFile);
    if (h2Dir != null) {
      try (Stream<Path> files = Files.walk(h2Dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Orders 0..payments-1, paid on the day; the first {@code refunds} of them refunded 1 fen. */
  private String insertOrders() {
    boolean h2 = store.equals("h2");
    String n = h2 ? "X" : "g";
    String no = h2 ? "'20261201B' || LPAD(CAST(X AS VARCHAR), 23, '0')"
        : "'20261201B' || lpad(g::text, 23, '0')";
    String paid = h2
        ? "DATEADD(MILLISECOND, 1000 + X * 72000000 / " + payments + ", TIMESTAMP '2026-11-30 16:00:00')"
        : "TIMESTAMP '2026-11-30 16:00:00' + (1000 + g::bigint * 72000000 / " + payments
            + ") * INTERVAL '1 millisecond'";
    String created = "TIMESTAMP '2026-11-30 15:00:00'";
    String from = h2 ? " FROM SYSTEM_RANGE(0, " + (payments - 1) + ")"
        : " FROM generate_series(0, " + (payments - 1) + ") AS g";
    return "INSERT INTO uni_pay_orders (out_trade_no, order_no, type, provider, provider_pay_type,"
        + " status, total_fee, refund_fee, refund_count, currency, description, provider_appid,"
        + " mch_id, transaction_id, user_order_success, create_date, expire_date, pay_date,"
        + " notify_date, next_check_at) SELECT " + no + ", " + no + ", 'vip', '" + provider.code()
        + "', 'native',"
        + " CASE WHEN " + n + " < " + refunds + " THEN 2 ELSE 1 END, 100 + MOD(" + n + ", 1000),"
        + " CASE WHEN " + n + " < " + refunds + " THEN 1 ELSE 0 END,"
        + " CASE WHEN " + n + " < " + refunds + " THEN 1 ELSE 0 END, 'CNY', 'VIP',"
        + " '" + appId() + "', '" + merchantId() + "', 'T' || CAST(" + n
        + " AS VARCHAR(12)), TRUE, " + created + ", " + created + ", " + paid + ", " + paid + ", "
        + created + from;
  }

  private String appId() {
    return provider == Provider.ALIPAY ? SyntheticBill.ALIPAY_APPID : SyntheticBill.APPID;
  }

  private String merchantId() {
    return provider == Provider.ALIPAY ? SyntheticBill.ALIPAY_SELLER : SyntheticBill.MCHID;
  }

  private String insertRefunds() {
    boolean h2 = store.equals("h2");
    String n = h2 ? "X" : "g";
    String no = h2 ? "LPAD(CAST(X AS VARCHAR), 23, '0')" : "lpad(g::text, 23, '0')";
    String refundNo = h2 ? "'RF' || LPAD(CAST(X AS VARCHAR), 30, '0')"
        : "'RF' || lpad(g::text, 30, '0')";
    String done = h2
        ? "DATEADD(MILLISECOND, 61000 + X * 72000000 / " + payments + ", TIMESTAMP '2026-11-30 16:00:00')"
        : "TIMESTAMP '2026-11-30 16:00:00' + (61000 + g::bigint * 72000000 / " + payments
            + ") * INTERVAL '1 millisecond'";
    String from = h2 ? " FROM SYSTEM_RANGE(0, " + (refunds - 1) + ")"
        : " FROM generate_series(0, " + (refunds - 1) + ") AS g";
    return "INSERT INTO uni_pay_refunds (out_refund_no, out_trade_no, refund_fee, reason, status,"
        + " refund_id, create_date, success_date, next_check_at) SELECT " + refundNo
        + ", '20261201B' || " + no + ", 1, 'bench', 'SUCCESS', 'R' || CAST(" + n
        + " AS VARCHAR(12)), " + done + ", " + done + ", " + done + from;
  }
}
