package io.unipay.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases the JDBC tests run on, and the gate that decides what happens when one is down.
 *
 * <p>URLs come from {@code UNIPAY_TEST_POSTGRES_URL} / {@code UNIPAY_TEST_MARIADB_URL} (users and
 * passwords from {@code ..._USER} / {@code ..._PASSWORD}), defaulting to local servers. An
 * unreachable database skips its tests, unless {@code UNIPAY_REQUIRE_DBS=true} (as in CI), which
 * makes it a failure. Each test class works in its own, uniquely named schema (PostgreSQL) or
 * database (MariaDB), dropped when its pool closes, so classes never see each other's rows and
 * nothing else on a shared server (fixed names of other users, other builds) is ever dropped.
 */
final class TestDatabases {
  static final String REQUIRE_DBS = "UNIPAY_REQUIRE_DBS";

  /** One kind of test database. */
  enum Kind {
    H2(null, null, null, null),
    POSTGRESQL(
        "PostgreSQL", "UNIPAY_TEST_POSTGRES", "jdbc:postgresql://127.0.0.1:5432/test", "postgres"),
    MARIADB("MariaDB", "UNIPAY_TEST_MARIADB", "jdbc:mariadb://127.0.0.1:3306/test", "root");

    private final String label;
    private final String envPrefix;
    private final String defaultUrl;
    private final String defaultUser;

    Kind(String label, String envPrefix, String defaultUrl, String defaultUser) {
      this.label = label;
      this.envPrefix = envPrefix;
      this.defaultUrl = defaultUrl;
      this.defaultUser = defaultUser;
    }

    String url() {
      return env(envPrefix + "_URL", defaultUrl);
    }

    /** The user, or null when the URL names one itself ({@code ?user=...}). */
    String user() {
      String fallback = url().contains("user=") ? null : defaultUser;
      return env(envPrefix + "_USER", fallback);
    }

    String password() {
      return env(envPrefix + "_PASSWORD", user() == null ? null : "");
    }

    Connection connect() throws SQLException {
      return user() == null
          ? DriverManager.getConnection(url())
          : DriverManager.getConnection(url(), user(), password());
    }
  }

  private TestDatabases() {}

  /**
   * A pool on a fresh, empty area of {@code kind} (an H2 in-memory database, a PostgreSQL schema,
   * a MariaDB database) named {@code prefix} plus a random suffix, or a skipped/failed test when
   * the server is down. Closing the pool drops the area.
   */
  static TestPool open(Kind kind, String prefix, Consumer<HikariConfig> customizer) {
    String area = prefix.replace('-', '_') + "_" + UUID.randomUUID().toString().substring(0, 8);
    switch (kind) {
      case H2 -> {}
      case POSTGRESQL -> {
        requireReachable(kind);
        execute(kind, "CREATE SCHEMA " + area);
      }
      case MARIADB -> {
        requireReachable(kind);
        execute(kind, "CREATE DATABASE " + area + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
      }
      default -> throw new AssertionError(kind);
    }
    return new TestPool(kind, area, config(kind, area, customizer));
  }

  /**
   * One more pool on an area {@link #open} prepared ({@link TestPool#area()}), as a second
   * application instance would have. Closing it leaves the area alone.
   */
  static HikariDataSource pool(Kind kind, String area, Consumer<HikariConfig> customizer) {
    return new HikariDataSource(config(kind, area, customizer));
  }

  private static HikariConfig config(Kind kind, String area, Consumer<HikariConfig> customizer) {
    HikariConfig config;
    switch (kind) {
      case H2 ->
          config =
              settings("jdbc:h2:mem:" + area + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000", null, null);
      case POSTGRESQL -> {
        config = settings(kind.url(), kind.user(), kind.password());
        config.setSchema(area);
      }
      case MARIADB -> {
        config = settings(kind.url(), kind.user(), kind.password());
        config.setCatalog(area);
      }
      default -> throw new AssertionError(kind);
    }
    customizer.accept(config);
    return config;
  }

  static TestPool open(Kind kind, String prefix) {
    return open(kind, prefix, config -> {});
  }

  /** A pool on the area {@link #open} created; closing it also drops the area. */
  static final class TestPool extends HikariDataSource {
    private final Kind kind;
    private final String area;

    private TestPool(Kind kind, String area, HikariConfig config) {
      super(config);
      this.kind = kind;
      this.area = area;
    }

    /** The area's unique name, for {@link TestDatabases#pool}. */
    String area() {
      return area;
    }

    /** Closes the pool, then drops the area this pool's {@link TestDatabases#open} created. */
    @Override
    public void close() {
      if (isClosed()) return;
      super.close();
      switch (kind) {
        case H2 -> {} // an in-memory database of this JVM only, under a unique name
        case POSTGRESQL -> execute(kind, "DROP SCHEMA IF EXISTS " + area + " CASCADE");
        case MARIADB -> execute(kind, "DROP DATABASE IF EXISTS " + area);
        default -> throw new AssertionError(kind);
      }
    }
  }

  /** Deletes every row of the payment tables (and of {@code extraTables}). */
  static void deleteAll(Jdbi jdbi, String... extraTables) {
    jdbi.useHandle(
        h -> {
          for (String table : extraTables) h.execute("DELETE FROM " + table);
          h.execute("DELETE FROM uni_pay_events");
          h.execute("DELETE FROM uni_pay_refunds");
          h.execute("DELETE FROM uni_pay_orders");
        });
  }

  private static HikariConfig settings(String url, String user, String password) {
    JdbcSettings.Builder builder =
        JdbcSettings.builder()
            .jdbcUrl(url)
            .maximumPoolSize(8)
            .minimumIdle(1)
            .connectionTimeout(Duration.ofSeconds(30))
            .poolName("uni-pay-test");
    if (user != null) builder.username(user);
    if (password != null) builder.password(password);
    return UniPayDataSources.hikariConfig(builder.build());
  }

  private static void requireReachable(Kind kind) {
    DriverManager.setLoginTimeout(5);
    try (Connection ignored = kind.connect()) {
      return;
    } catch (SQLException e) {
      String message =
          kind.label
              + " not reachable at "
              + kind.url()
              + " ("
              + e.getMessage()
              + "); set "
              + kind.envPrefix
              + "_URL to point at a server";
      if (Boolean.parseBoolean(System.getenv(REQUIRE_DBS))) {
        Assertions.fail(message + ". " + REQUIRE_DBS + "=true makes this a failure.", e);
      }
      Assumptions.abort(message + ", or set " + REQUIRE_DBS + "=true to make this a failure");
    }
  }

  private static void execute(Kind kind, String... statements) {
    try (Connection connection = kind.connect();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot prepare " + kind.label + " test area: " + e.getMessage(), e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
