package io.unipay.jdbc;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import java.util.Locale;

/**
 * The SQL dialects {@link JdbiOrderRepository} supports. Usually detected from the JDBC metadata's
 * product name; pass one explicitly when a proxy or driver reports something else.
 */
public enum Dialect {
  /** H2 2.x. Sweeper leases are claimed with conditional updates. */
  H2("h2.sql", false),
  /** PostgreSQL 9.5+. Sweeper leases use {@code FOR UPDATE SKIP LOCKED}. */
  POSTGRESQL("postgresql.sql", true),
  /** MySQL 8+ and MariaDB 10.6+ (InnoDB). Sweeper leases use {@code FOR UPDATE SKIP LOCKED}. */
  MYSQL("mysql.sql", true);

  private static final char NUL = 0;
  private static final char REPLACEMENT_CHARACTER = 0xFFFD;

  private final String schemaFile;
  private final boolean skipLocked;

  Dialect(String schemaFile, boolean skipLocked) {
    this.schemaFile = schemaFile;
    this.skipLocked = skipLocked;
  }

  /** The classpath resource holding this dialect's {@code CREATE TABLE IF NOT EXISTS} script. */
  public String schemaResource() {
    return "/io/unipay/jdbc/schema/" + schemaFile;
  }

  boolean supportsSkipLocked() {
    return skipLocked;
  }

  /**
   * {@code value} as this database can store it in a text column. PostgreSQL rejects U+0000 in
   * text (SQLState 22021), which would make a verified provider fact unstorable and its payment
   * unsettleable: there it becomes U+FFFD (one char for one, so length checks still hold). Other
   * databases store it as is.
   */
  String storable(String value) {
    if (this != POSTGRESQL || value == null || value.indexOf(NUL) < 0) return value;
    return value.replace(NUL, REPLACEMENT_CHARACTER);
  }

  /**
   * The dialect of a database, from {@link java.sql.DatabaseMetaData#getDatabaseProductName()}.
   *
   * @throws UniPayException {@code CONFIGURATION_INVALID} for any other database
   */
  public static Dialect fromProductName(String productName) {
    String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
    if (name.startsWith("h2")) return H2;
    if (name.contains("postgresql")) return POSTGRESQL;
    if (name.contains("mariadb") || name.contains("mysql")) return MYSQL;
    throw new UniPayException(
        ErrorCode.CONFIGURATION_INVALID,
        "unsupported database '"
            + productName
            + "': uni-pay-jdbc supports H2, PostgreSQL and MySQL/MariaDB; pass a Dialect"
            + " explicitly if this database is compatible with one of them");
  }
}
