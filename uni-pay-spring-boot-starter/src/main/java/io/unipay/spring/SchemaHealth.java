package io.unipay.spring;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Checks that the database answers and that the uni-pay tables exist, by selecting nothing from
 * each. Details name tables and SQL states only, never a URL or a driver message (which may carry
 * credentials).
 */
record SchemaHealth(boolean down, Map<String, Object> details) {
  static final List<String> TABLES = List.of("uni_pay_orders", "uni_pay_refunds", "uni_pay_events");

  static SchemaHealth of(DataSource dataSource) {
    Map<String, Object> details = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    try (Connection connection = dataSource.getConnection()) {
      details.put("reachable", true);
      for (String table : TABLES) {
        try (Statement s = connection.createStatement()) {
          s.execute("SELECT 1 FROM " + table + " WHERE 1 = 0");
        } catch (SQLException e) {
          missing.add(table);
        }
      }
    } catch (SQLException e) {
      details.put("reachable", false);
      details.put("error", e.getClass().getSimpleName() + " (SQL state " + e.getSQLState() + ")");
      return new SchemaHealth(true, details);
    }
    if (missing.isEmpty()) {
      details.put("tables", "present");
    } else {
      details.put("missingTables", List.copyOf(missing));
      details.put(
          "fix", "run the DDL io/unipay/jdbc/schema/*.sql, or set unipay.jdbc.create-schema=true");
    }
    return new SchemaHealth(!missing.isEmpty(), details);
  }
}
