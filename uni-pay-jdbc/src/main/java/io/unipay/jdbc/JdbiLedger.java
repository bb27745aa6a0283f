package io.unipay.jdbc;

import static java.util.Objects.requireNonNull;

import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.sql.SQLException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/**
 * The ledger's statements ({@code uni_pay_events}, design §13) on a given {@link Handle}: the
 * repository passes a fresh handle for reads, a transaction passes its own for writes.
 */
final class JdbiLedger {
  private static final String FIND =
      "SELECT " + EventRows.COLUMNS + " FROM uni_pay_events WHERE id = :id";
  private static final String FIND_BY_KEY =
      "SELECT " + EventRows.COLUMNS + " FROM uni_pay_events WHERE dedupe_key = :dedupe_key";
  private static final String FIND_BY_OUT_TRADE_NO =
      "SELECT "
          + EventRows.COLUMNS
          + " FROM uni_pay_events WHERE out_trade_no = :out_trade_no ORDER BY id";
  private static final String UNRESOLVED_CONDITION =
      "outcome IN (" + EventRows.ATTENTION_OUTCOMES + ") AND resolved_at IS NULL";
  static final String UNRESOLVED =
      "SELECT "
          + EventRows.COLUMNS
          + " FROM uni_pay_events WHERE "
          + UNRESOLVED_CONDITION
          + " AND id > :after_id ORDER BY id LIMIT :limit";
  private static final String RESOLVE =
      "UPDATE uni_pay_events SET resolved_at = :resolved_at, resolution = :resolution"
          + " WHERE dedupe_key = :dedupe_key AND "
          + UNRESOLVED_CONDITION;

  private final Dialect dialect;

  JdbiLedger(Dialect dialect) {
    this.dialect = requireNonNull(dialect, "dialect == null");
  }

  /**
   * Inserts {@code event} unless its dedupe key exists; returns whether it did. Never leaves the
   * transaction unusable: PostgreSQL skips the duplicate with {@code ON CONFLICT DO NOTHING}; H2
   * and MySQL/MariaDB roll back only the failed statement on a duplicate key, which is caught here.
   * (MySQL's {@code INSERT IGNORE} is not used: it also turns truncation and NOT NULL errors into
   * warnings; {@code ON DUPLICATE KEY UPDATE} reports 1 row for a duplicate on connections with
   * {@code CLIENT_FOUND_ROWS}, MariaDB Connector/J's default unless {@code useAffectedRows=true}.)
   */
  boolean append(Handle handle, ProviderEvent event) {
    requireNonNull(event, "event == null");
    EventRows.check(event);
    try {
      return SettlementStatements.append(handle.getConnection(), dialect, event);
    } catch (SQLException e) {
      if (dialect != Dialect.POSTGRESQL && StorageErrors.isUniqueViolation(e)) return false;
      throw StorageErrors.failure("append ledger event " + event.dedupeKey(), e);
    }
  }

  /** Marks the unresolved fact with this key resolved; returns whether a row changed. */
  boolean resolve(Handle handle, String dedupeKey, EventOutcome resolution, Instant at) {
    requireNonNull(dedupeKey, "dedupeKey == null");
    requireNonNull(resolution, "resolution == null");
    requireNonNull(at, "at == null");
    try {
      return handle
              .createUpdate(RESOLVE)
              .bind("resolved_at", Times.arg(at))
              .bind("resolution", resolution.name())
              .bind("dedupe_key", dialect.storable(dedupeKey))
              .execute()
          == 1;
    } catch (JdbiException e) {
      throw StorageErrors.failure("resolve ledger event " + dedupeKey, e);
    }
  }

  Optional<ProviderEvent> find(Handle handle, long id) {
    return handle.createQuery(FIND).bind("id", id).map(EventRows.EVENT).findOne();
  }

  Optional<ProviderEvent> findByKey(Handle handle, String dedupeKey) {
    return handle
        .createQuery(FIND_BY_KEY)
        .bind("dedupe_key", dialect.storable(dedupeKey))
        .map(EventRows.EVENT)
        .findOne();
  }

  List<ProviderEvent> findByOutTradeNo(Handle handle, String outTradeNo) {
    return handle
        .createQuery(FIND_BY_OUT_TRADE_NO)
        .bind("out_trade_no", dialect.storable(outTradeNo))
        .map(EventRows.EVENT)
        .list();
  }

  List<ProviderEvent> unresolved(Handle handle, long afterId, int limit) {
    return handle
        .createQuery(UNRESOLVED)
        .bind("after_id", afterId)
        .bind("limit", limit)
        .map(EventRows.EVENT)
        .list();
  }
}
