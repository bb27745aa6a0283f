package io.unipay.examples;

import com.zaxxer.hikari.HikariDataSource;
import io.unipay.core.Reconciler;
import io.unipay.core.UniPay;
import io.unipay.core.UniPayException;
import io.unipay.core.order.Provider;
import io.unipay.core.reconcile.Discrepancy;
import io.unipay.core.reconcile.DiscrepancyType;
import io.unipay.core.reconcile.ReconciliationReport;
import io.unipay.core.spi.PayClient;
import io.unipay.jdbc.JdbcSettings;
import io.unipay.jdbc.JdbiOrderRepository;
import io.unipay.jdbc.UniPayDataSources;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code java -jar uni-pay-examples.jar reconcile --date 2026-12-01 [--provider wxpay|alipay]
 * [--force] [--config app.properties]}: reconciles a day's bills with the app's database (the
 * same settings as the web app) and prints the report. A payment the bill has and the database
 * missed is settled through the engine (the VIP is granted once); everything else is printed for
 * a person. Exit code 0 when every report is clean, 1 when one has discrepancies, 2 for a usage
 * error, 3 when a day could not be reconciled (bill not ready, provider failure).
 */
final class ReconcileCommand {
  static final String USAGE =
      "usage: reconcile --date YYYY-MM-DD [--provider wxpay|alipay] [--force] [--config file]";

  private ReconcileCommand() {}

  /** Runs the command with its arguments (after {@code reconcile}); returns the exit code. */
  static int main(String[] args, PrintStream out, PrintStream err) throws Exception {
    LocalDate day = null;
    Provider provider = null;
    boolean force = false;
    Path configFile = null;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--date" -> day = LocalDate.parse(value(args, ++i, "--date"));
          case "--provider" -> provider = Provider.ofCode(value(args, ++i, "--provider"));
          case "--force" -> force = true;
          case "--config" -> configFile = Path.of(value(args, ++i, "--config"));
          default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
        }
      }
      if (day == null) throw new IllegalArgumentException("--date is required");
    } catch (IllegalArgumentException | DateTimeParseException | UniPayException e) {
      err.println(e.getMessage());
      err.println(USAGE);
      return 2;
    }
    AppConfig config = AppConfig.load(configFile);
    try (Engine engine = Engine.open(config)) {
      List<Provider> providers = new ArrayList<>();
      for (PayClient client : engine.providers.clients) {
        if (provider == null || client.provider() == provider) providers.add(client.provider());
      }
      if (providers.isEmpty()) {
        err.println("provider " + provider.code() + " is not configured");
        return 2;
      }
      return run(engine.pay, providers, day, force, out, err);
    }
  }

  /** Reconciles {@code day} for each provider and prints the reports; returns the exit code. */
  static int run(
      UniPay pay, List<Provider> providers, LocalDate day, boolean force, PrintStream out,
      PrintStream err) {
    Reconciler reconciler = pay.reconciler();
    int code = 0;
    for (Provider provider : providers) {
      try {
        ReconciliationReport report = reconciler.reconcile(provider, day, force);
        print(report, reconciler, out);
        if (!report.isClean()) code = Math.max(code, 1);
      } catch (UniPayException e) {
        err.println(provider.code() + " " + day + ": not reconciled: " + e.code() + " - "
            + e.getMessage());
        code = 3;
      }
    }
    return code;
  }

  /** Prints a report with every one of its discrepancies (paged from the store). */
  static void print(ReconciliationReport r, Reconciler reconciler, PrintStream out) {
    out.printf("Reconciliation %s %s (run %d, bill %s, %s .. %s)%n", r.provider().code(), r.day(),
        r.run(), r.bill(), r.startedAt(), r.finishedAt());
    out.printf("  %-10s %10s %16s %10s %16s %12s%n",
        "", "payments", "amount (fen)", "refunds", "amount (fen)", "fees (fen)");
    out.printf("  %-10s %10d %16d %10d %16d %12d%n", "provider", r.providerTotals().payments(),
        r.providerTotals().paymentTotal(), r.providerTotals().refunds(),
        r.providerTotals().refundTotal(), r.providerTotals().fees());
    out.printf("  %-10s %10d %16d %10d %16d %12s%n", "local", r.localTotals().payments(),
        r.localTotals().paymentTotal(), r.localTotals().refunds(), r.localTotals().refundTotal(),
        "-");
    if (r.confirmedByQuery() > 0) {
      out.printf("  %d near midnight confirmed by query (booked on the neighbouring day)%n",
          r.confirmedByQuery());
    }
    if (r.isClean()) {
      out.println("  clean: both sides agree");
      return;
    }
    out.printf("  %d discrepancies, %d repaired automatically:%n", r.discrepancyCount(),
        r.repaired());
    for (DiscrepancyType type : DiscrepancyType.values()) {
      if (r.count(type) > 0) out.printf("    %-34s %d%n", type, r.count(type));
    }
    long after = 0;
    List<Discrepancy> page = r.discrepancies();
    while (!page.isEmpty()) {
      for (Discrepancy d : page) {
        out.printf("  #%d %s %s%s provider %s / local %s fen: %s - %s%n", d.seq(), d.type(),
            printable(d.outTradeNo()),
            d.outRefundNo() != null ? " refund " + printable(d.outRefundNo()) : "",
            amount(d.providerAmount()), amount(d.localAmount()), d.remedy(),
            printable(d.detail()));
        after = d.seq();
      }
      page = reconciler.discrepancies(r.provider(), r.day(), after, 500);
    }
  }

  /** Ids and details may come from the bill: no control characters reach the terminal. */
  private static String printable(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (Character.isISOControl(c)) sb.append(String.format("\\u%04x", c));
      else sb.appendCodePoint(c);
    });
    return sb.toString();
  }

  private static String amount(long fen) {
    return fen < 0 ? "-" : Long.toString(fen);
  }

  private static String value(String[] args, int i, String name) {
    if (i >= args.length) throw new IllegalArgumentException(name + " needs a value");
    return args[i];
  }

  /** The app's engine without its web server: database, providers, handler. */
  private record Engine(HikariDataSource dataSource, Providers providers, UniPay pay)
      implements AutoCloseable {

    static Engine open(AppConfig config) {
      boolean sandbox = config.sandbox();
      HikariDataSource dataSource = UniPayDataSources.create(JdbcSettings.builder()
          .jdbcUrl(config.get("db.url", "jdbc:h2:file:./data/unipay-demo"))
          .username(config.get("db.user", "sa"))
          .password(config.get("db.password", ""))
          .build());
      try {
        Jdbi jdbi = Jdbi.create(dataSource);
        JdbiOrderRepository repository = JdbiOrderRepository.create(jdbi).createSchemaIfMissing();
        VipStore store = new VipStore(jdbi, Clock.systemUTC());
        store.createSchemaAndSeed();
        Providers providers = sandbox
            ? Providers.sandbox(store.packages(), Clock.systemUTC())
            : Providers.live(config);
        String base = sandbox ? "http://127.0.0.1:8080" : config.require("public.base.url");
        UniPay.Builder builder = UniPay.builder()
            .repository(repository)
            .handler("vip", new VipNotifyHandler(store))
            .notifyBaseUrl(base.replaceAll("/+$", "") + ApiServer.NOTIFY_PREFIX);
        for (PayClient client : providers.clients) builder.payClient(client);
        return new Engine(dataSource, providers, builder.build());
      } catch (RuntimeException e) {
        dataSource.close();
        throw e;
      }
    }

    @Override
    public void close() {
      providers.close();
      dataSource.close();
    }
  }
}
