package io.unipay.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.argument.Argument;

/**
 * Instants in the database: UTC wall-clock {@code TIMESTAMP(6)} / {@code DATETIME(6)} values,
 * converted here so that neither the JVM's nor the session's time zone is ever involved (no
 * {@code java.sql.Timestamp}, whose conversions go through the JVM zone and break in DST gaps).
 */
final class Times {
  private Times() {}

  /** An argument binding {@code instant}, truncated to microseconds, as a UTC LocalDateTime. */
  static Argument arg(Instant instant) {
    if (instant == null) return (position, statement, ctx) -> statement.setNull(position, Types.TIMESTAMP);
    LocalDateTime utc = LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    return (position, statement, ctx) -> statement.setObject(position, utc);
  }

  /** The instant stored in {@code column}, or null. */
  static Instant read(ResultSet rs, String column) throws SQLException {
    LocalDateTime utc = rs.getObject(column, LocalDateTime.class);
    return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
  }
}
