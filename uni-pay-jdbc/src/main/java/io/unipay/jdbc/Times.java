package io.unipay.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Instants in the database: UTC wall-clock {@code TIMESTAMP(6)} / {@code DATETIME(6)} values,
 * converted here so that neither the JVM's nor the session's time zone is ever involved (no {@code
 * java.sql.Timestamp}, whose conversions go through the JVM zone and break in DST gaps).
 */
final class Times {
  private Times() {}

  /** An argument binding {@code instant}, truncated to microseconds, as a UTC LocalDateTime. */
  static Argument arg(Instant instant) {
    return new UtcArgument(utc(instant));
  }

  /** Sets parameter {@code index} to {@code instant} as {@link #arg} binds it. */
  static void set(PreparedStatement statement, int index, Instant instant) throws SQLException {
    new UtcArgument(utc(instant)).apply(index, statement, null);
  }

  private static LocalDateTime utc(Instant instant) {
    return instant == null
        ? null
        : LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
  }

  /** The instant stored in {@code column}, or null. */
  static Instant read(ResultSet rs, String column) throws SQLException {
    return read(rs, rs.findColumn(column));
  }

  /** The instant stored in the column at {@code index}, or null. */
  static Instant read(ResultSet rs, int index) throws SQLException {
    LocalDateTime utc = rs.getObject(index, LocalDateTime.class);
    return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
  }

  /** A UTC wall-clock value (or SQL NULL), shown by its toString in Jdbi's error messages. */
  private record UtcArgument(LocalDateTime utc) implements Argument {
    @Override
    public void apply(int position, PreparedStatement statement, StatementContext ctx)
        throws SQLException {
      if (utc == null) statement.setNull(position, Types.TIMESTAMP);
      else statement.setObject(position, utc);
    }

    @Override
    public String toString() {
      return utc == null ? "NULL" : utc + "Z";
    }
  }
}
