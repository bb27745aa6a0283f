package io.unipay.examples;

import com.zaxxer.hikari.HikariDataSource;
import io.unipay.core.Sweeper;
import io.unipay.core.UniPay;
import io.unipay.core.spi.PayClient;
import io.unipay.jdbc.JdbcSettings;
import io.unipay.jdbc.JdbiOrderRepository;
import io.unipay.jdbc.UniPayDataSources;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VIP-recharge example: a host app with its own business tables, one {@link UniPay} engine,
 * the sweeper, a JSON API and a checkout page. Sandbox mode (the default) needs nothing: embedded
 * H2 and the WeChat Pay / Alipay simulators in-process. Live mode takes a database URL and real
 * credentials from a properties file or environment variables.
 *
 * <pre>
 *   java -jar uni-pay-examples.jar                 # sandbox web app on http://127.0.0.1:8080
 *   java -jar uni-pay-examples.jar --demo          # scripted flow, prints each step, exits 0
 *   java -jar uni-pay-examples.jar --config app.properties
 *   java -jar uni-pay-examples.jar reconcile --date 2026-12-01 [--provider wxpay] [--config app.properties]
 * </pre>
 */
public final class VipRechargeApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VipRechargeApp.class);

  final UniPay pay;
  final VipStore store;
  final Providers providers;
  final HikariDataSource dataSource;
  final Sweeper sweeper;
  final ApiServer server;
  final String adminToken;
  /** The engine's clock, and in sandbox mode the WeChat Pay and Alipay simulators' and clients'. */
  final Clock clock;

  private VipRechargeApp(AppConfig config, Clock clock) throws Exception {
    this.clock = clock;
    boolean sandbox = config.sandbox();
    String host = config.get("http.host", "127.0.0.1");
    int port = Integer.parseInt(config.get("http.port", "8080"));
    this.adminToken = config.get("admin.token", sandbox ? "sandbox-admin" : null);
    if (adminToken == null || adminToken.length() < 12 && !sandbox) {
      throw new IllegalArgumentException("live mode needs admin.token (at least 12 chars) for refunds");
    }
    this.dataSource = UniPayDataSources.create(JdbcSettings.builder()
        .jdbcUrl(config.get("db.url", "jdbc:h2:file:./data/unipay-demo"))
        .username(config.get("db.user", "sa"))
        .password(config.get("db.password", ""))
        .build());
    Jdbi jdbi = Jdbi.create(dataSource);
    JdbiOrderRepository repository = JdbiOrderRepository.create(jdbi).createSchemaIfMissing();
    this.store = new VipStore(jdbi, Clock.systemUTC());
    store.createSchemaAndSeed();
    this.providers =
        sandbox ? Providers.sandbox(store.packages(), clock) : Providers.live(config);

    // The server must be bound before the engine knows its notify URL (port 0 picks a free one).
    String configuredBase = sandbox ? null : config.require("public.base.url");
    ApiServer.Options options =
        new ApiServer.Options(
            adminToken,
            sandbox || Boolean.parseBoolean(config.get("auth.name.signin", "false")),
            configuredBase != null && configuredBase.startsWith("https://"),
            positive(config, "http.longpoll.max", 128),
            positive(config, "http.longpoll.per.user", 4));
    this.server = new ApiServer(store, providers.sandbox, options, host, port);
    String publicBase =
        (sandbox ? "http://" + host + ":" + server.port() : configuredBase).replaceAll("/+$", "");
    UniPay.Builder builder = UniPay.builder()
        .repository(repository)
        .clock(clock)
        .handler("vip", new VipNotifyHandler(store))
        .notifyBaseUrl(publicBase + ApiServer.NOTIFY_PREFIX)
        .defaultExpiry(Duration.parse(config.get("order.expiry", "PT30M")))
        .firstCheckDelay(duration(config, "sweeper.first.check.delay", "PT60S"));
    // The console's timeline shows the provider calls this instance makes (in memory).
    ProviderCalls calls = new ProviderCalls(Clock.systemUTC());
    for (PayClient client : providers.clients) builder.payClient(calls.recording(client));
    // Apple sells one product per business type: each package is its own type (AppleRoutes).
    for (VipPackage p : store.packages()) {
      builder.handler(AppleRoutes.type(p.id()), new VipNotifyHandler(store));
    }
    this.pay = builder.build();
    SweepHistory sweeps = new SweepHistory(Clock.systemUTC());
    this.sweeper = pay.sweeper()
        .interval(duration(config, "sweeper.interval", "PT30S"))
        .purgeClosedAfter(Duration.ofDays(3))
        .listener(sweeps)
        .build();
    // Alipay sends the payer back to the checkout page: chosen here, never by the client.
    server.start(
        pay,
        config.get("alipay.return.url", publicBase + "/"),
        new ConsoleSources(repository, calls, sweeps, sweeper, clock),
        providers.logins,
        publicBase);
    sweeper.start();
  }

  private static Duration duration(AppConfig config, String key, String fallback) {
    String value = config.get(key, fallback);
    try {
      Duration d = Duration.parse(value);
      if (d.isNegative()) throw new IllegalArgumentException(key + " must not be negative: " + value);
      return d;
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          key + " must be an ISO-8601 duration such as PT60S, was '" + value + "'");
    }
  }

  private static int positive(AppConfig config, String key, int fallback) {
    String value = config.get(key, Integer.toString(fallback));
    try {
      int n = Integer.parseInt(value);
      if (n >= 1) return n;
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException(key + " must be a positive number, was '" + value + "'");
  }

  /** Starts the app with {@code config}. */
  public static VipRechargeApp start(AppConfig config) throws Exception {
    return start(config, Clock.systemUTC());
  }

  /**
   * Starts the app with {@code config} on {@code clock}: the engine's time (orders, settlement,
   * the sweeper's due dates, which day the console calls yesterday) and, in sandbox mode, the
   * simulated providers' (payment times, bills); tests move it to reconcile a day that has ended.
   * Sessions and the app's own tables keep the system clock.
   */
  static VipRechargeApp start(AppConfig config, Clock clock) throws Exception {
    return new VipRechargeApp(config, java.util.Objects.requireNonNull(clock, "clock == null"));
  }

  /** The base URL of the running app, e.g. {@code http://127.0.0.1:8080}. */
  public String url() {
    return "http://" + server.host() + ":" + server.port();
  }

  @Override
  public void close() {
    sweeper.close();
    server.close();
    providers.close();
    dataSource.close();
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("reconcile")) {
      String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
      System.exit(ReconcileCommand.main(rest, System.out, System.err));
    }
    Path configFile = null;
    boolean demo = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--demo" -> demo = true;
        case "--config" -> configFile = Path.of(args[++i]);
        case "--help", "-h" -> {
          System.out.println("usage: [--demo] [--config app.properties]  (see README)");
          System.out.println("       " + ReconcileCommand.USAGE);
          return;
        }
        default -> {
          System.err.println("unknown argument '" + args[i] + "'; try --help");
          System.exit(2);
        }
      }
    }
    AppConfig config = AppConfig.load(configFile);
    if (demo) {
      System.exit(Demo.run(config, System.out) ? 0 : 1);
    }
    VipRechargeApp app = start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "vip-app-shutdown"));
    System.out.println();
    System.out.println("  VIP-recharge example is running (" + (config.sandbox() ? "sandbox" : "live")
        + " mode). Open " + app.url() + "/ in a browser. Ctrl+C stops it.");
    System.out.println();
    log.info("notify URL base: {}", app.pay.notifyUrl(io.unipay.core.order.Provider.WXPAY,
        io.unipay.core.order.PayType.NATIVE));
    Thread.currentThread().join();
  }
}
