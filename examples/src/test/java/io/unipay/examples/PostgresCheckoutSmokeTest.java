package io.unipay.examples;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The checkout scenarios on PostgreSQL, the code path of a real deployment: the library's tables
 * and the app's own ({@code app-schema.sql}) in a dedicated schema, {@value #SCHEMA}, dropped and
 * recreated first.
 *
 * <p>The server comes from {@code UNIPAY_TEST_POSTGRES_URL} (default {@value #DEFAULT_URL}), {@code
 * UNIPAY_TEST_POSTGRES_USER} (default {@code postgres}) and {@code UNIPAY_TEST_POSTGRES_PASSWORD}.
 * When it is unreachable the class is skipped, unless {@code UNIPAY_REQUIRE_DBS=true} (as in CI),
 * which makes it a failure.
 */
class PostgresCheckoutSmokeTest extends CheckoutScenarios {
  static final String SCHEMA = "examples_smoke";
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";

  @Override
  Map<String, String> appSettings() {
    String url = env("UNIPAY_TEST_POSTGRES_URL", DEFAULT_URL);
    String user = env("UNIPAY_TEST_POSTGRES_USER", "postgres");
    String password = env("UNIPAY_TEST_POSTGRES_PASSWORD", "");
    recreateSchema(url, user, password);
    String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
    return Map.of("db.url", schemaUrl, "db.user", user, "db.password", password);
  }

  private static void recreateSchema(String url, String user, String password) {
    DriverManager.setLoginTimeout(5);
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
      statement.execute("CREATE SCHEMA " + SCHEMA);
    } catch (SQLException e) {
      String message =
          "PostgreSQL not reachable at "
              + url
              + " ("
              + e.getMessage()
              + "); set UNIPAY_TEST_POSTGRES_URL to point at a server";
      if (Boolean.parseBoolean(System.getenv("UNIPAY_REQUIRE_DBS"))) {
        Assertions.fail(message + ". UNIPAY_REQUIRE_DBS=true makes this a failure.", e);
      }
      Assumptions.abort(message + ", or set UNIPAY_REQUIRE_DBS=true to make this a failure");
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
