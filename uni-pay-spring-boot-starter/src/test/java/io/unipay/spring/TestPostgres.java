package io.unipay.spring;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A uniquely named PostgreSQL database for one test class, on the server that {@code
 * UNIPAY_TEST_POSTGRES_URL} names (e.g. {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}).
 * Unset, the tests are skipped, unless {@code UNIPAY_REQUIRE_DBS=true} makes that a failure.
 */
final class TestPostgres {
  static final String URL_VARIABLE = "UNIPAY_TEST_POSTGRES_URL";

  private final String serverUrl;
  private final String database;

  private TestPostgres(String serverUrl, String database) {
    this.serverUrl = serverUrl;
    this.database = database;
  }

  /** Creates a fresh database, or skips (or fails) the calling test class. */
  static TestPostgres create() {
    String url = System.getenv(URL_VARIABLE);
    if (url == null || url.isBlank()) {
      String message = URL_VARIABLE + " is not set (e.g. jdbc:postgresql://127.0.0.1:5432/test"
          + "?user=postgres): PostgreSQL tests skipped";
      if (Boolean.parseBoolean(System.getenv("UNIPAY_REQUIRE_DBS"))) {
        Assertions.fail(message + "; UNIPAY_REQUIRE_DBS=true makes this a failure");
      }
      Assumptions.abort(message);
    }
    TestPostgres db = new TestPostgres(url, "unipay_boot_" + UUID.randomUUID().toString()
        .replace("-", "").substring(0, 12));
    db.execute("CREATE DATABASE " + db.database);
    return db;
  }

  /** The JDBC URL of the fresh database (the server URL with its database name replaced). */
  String url() {
    return serverUrl.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + database);
  }

  void drop() {
    execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
  }

  private void execute(String sql) {
    try (Connection c = DriverManager.getConnection(serverUrl);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at " + URL_VARIABLE + ": " + e.getMessage(), e);
    }
  }
}
