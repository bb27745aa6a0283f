package io.unipay.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;

/**
 * The PostgreSQL and MariaDB servers the database benchmarks run on, from {@code
 * UNIPAY_TEST_POSTGRES_URL} / {@code UNIPAY_TEST_MARIADB_URL} (the test suite's variables), else
 * the local servers. Each run works in a uniquely named schema (PostgreSQL) or database (MariaDB),
 * dropped when its pool closes; nothing else on the server is touched.
 */
enum BenchDatabases {
  POSTGRESQL(
      "PostgreSQL",
      "UNIPAY_TEST_POSTGRES_URL",
      "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"),
  MARIADB("MariaDB", "UNIPAY_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root");

  private final String label;
  private final String env;
  private final String defaultUrl;

  BenchDatabases(String label, String env, String defaultUrl) {
    this.label = label;
    this.env = env;
    this.defaultUrl = defaultUrl;
  }

  /** The database for a {@code @Param} value: {@code postgresql} or {@code mariadb}. */
  static BenchDatabases named(String name) {
    return valueOf(name.toUpperCase(java.util.Locale.ROOT));
  }

  String url() {
    String value = System.getenv(env);
    return value == null || value.isBlank() ? defaultUrl : value;
  }

  /** Why this server cannot be used, or empty when it answers. */
  Optional<String> unreachable() {
    DriverManager.setLoginTimeout(3);
    try (Connection ignored = DriverManager.getConnection(url())) {
      return Optional.empty();
    } catch (SQLException e) {
      return Optional.of(
          label + " not reachable at " + url() + " (" + e.getMessage() + "); set " + env);
    }
  }

  /** A pool of {@code size} on a fresh, uniquely named area; closing it drops the area. */
  HikariDataSource open(int size) {
    unreachable()
        .ifPresent(
            why -> {
              throw new IllegalStateException(why);
            });
    String area = "bench_" + UUID.randomUUID().toString().substring(0, 8);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url());
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size);
    if (this == POSTGRESQL) {
      execute("CREATE SCHEMA " + area);
      config.setSchema(area);
    } else {
      execute("CREATE DATABASE " + area + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
      config.setCatalog(area);
    }
    return new HikariDataSource(config) {
      @Override
      public void close() {
        if (isClosed()) return;
        super.close();
        execute(
            BenchDatabases.this == POSTGRESQL
                ? "DROP SCHEMA IF EXISTS " + area + " CASCADE"
                : "DROP DATABASE IF EXISTS " + area);
      }
    };
  }

  private void execute(String sql) {
    try (Connection connection = DriverManager.getConnection(url());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(label + ": " + sql + ": " + e.getMessage(), e);
    }
  }
}
