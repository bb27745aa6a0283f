package io.unipay.jdbc;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import java.sql.SQLException;

/** Translates database failures into {@link UniPayException}s, always keeping the cause. */
final class StorageErrors {
  private StorageErrors() {}

  /** {@code STORAGE_FAILURE} for {@code action}, with the SQL state when there is one. */
  static UniPayException failure(String action, Throwable cause) {
    SQLException sql = sqlException(cause);
    String detail =
        sql == null
            ? String.valueOf(cause.getMessage())
            : "SQLState "
                + sql.getSQLState()
                + ", error "
                + sql.getErrorCode()
                + ": "
                + sql.getMessage();
    return new UniPayException(ErrorCode.STORAGE_FAILURE, action + " failed: " + detail, cause);
  }

  /** Whether {@code failure} is a unique-key violation (SQLState 23505, or MySQL error 1062). */
  /**
   * Whether the database chose this statement as a deadlock or serialization victim (SQLState
   * 40001 / 40P01, MySQL error 1213): it was rolled back whole and may simply be run again.
   */
  static boolean isTransientConflict(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        for (SQLException e = sql; e != null; e = e.getNextException()) {
          String state = e.getSQLState();
          if ("40001".equals(state) || "40P01".equals(state) || e.getErrorCode() == 1213) {
            return true;
          }
        }
      }
    }
    return false;
  }

  static boolean isUniqueViolation(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        for (SQLException e = sql; e != null; e = e.getNextException()) {
          String state = e.getSQLState();
          if ("23505".equals(state)) return true;
          boolean mysqlDuplicate = e.getErrorCode() == 1062 || e.getErrorCode() == 1586;
          if (state != null && state.startsWith("23") && mysqlDuplicate) return true;
        }
      }
    }
    return false;
  }

  private static SQLException sqlException(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) return sql;
    }
    return null;
  }
}
