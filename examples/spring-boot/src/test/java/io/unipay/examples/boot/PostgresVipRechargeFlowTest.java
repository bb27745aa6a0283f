package io.unipay.examples.boot;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link VipRechargeFlowTest} with the sandbox on PostgreSQL instead of H2, in a database of its
 * own on the server that {@code UNIPAY_TEST_POSTGRES_URL} names: the application's SQL and the
 * settlement transaction on a real database. Skipped when the variable is unset, unless {@code
 * UNIPAY_REQUIRE_DBS=true}.
 */
@DirtiesContext
class PostgresVipRechargeFlowTest extends VipRechargeFlowTest {
  private static String serverUrl;
  private static String database;

  @BeforeAll
  static void createDatabase() {
    serverUrl = System.getenv("UNIPAY_TEST_POSTGRES_URL");
    if (serverUrl == null || serverUrl.isBlank()) {
      String message = "UNIPAY_TEST_POSTGRES_URL is not set: PostgreSQL tests skipped";
      if (Boolean.parseBoolean(System.getenv("UNIPAY_REQUIRE_DBS"))) Assertions.fail(message);
      Assumptions.abort(message);
    }
    database = "unipay_bootex_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute("CREATE DATABASE " + database);
  }

  @AfterAll
  static void dropDatabase() {
    if (database != null) execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
  }

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    registry.add(
        "spring.datasource.url",
        () -> serverUrl.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + database));
  }

  private static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(serverUrl);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL at UNIPAY_TEST_POSTGRES_URL: " + e.getMessage(), e);
    }
  }
}
