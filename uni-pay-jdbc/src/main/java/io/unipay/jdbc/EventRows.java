package io.unipay.jdbc;

import io.unipay.core.UniPayException;
import io.unipay.core.ledger.EventKind;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.Provider;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

/** Rows of {@code uni_pay_events} (the ledger): column lists, validation, binding, mapping. */
final class EventRows {
  /** Longest dedupe key, provider id, app id and merchant id. */
  static final int MAX_ID = 64;

  /** Every column but the database-assigned id. */
  static final String INSERT_COLUMNS =
      "dedupe_key, provider, kind, source, out_trade_no, out_refund_no, provider_id, amount,"
          + " currency, provider_state, app_id, merchant_id, payer_id, occurred_at, outcome,"
          + " detail, data, received_at, resolved_at, resolution";

  static final String COLUMNS = "id, " + INSERT_COLUMNS;

  /** The outcomes that need attention, as SQL literals (enum names are [A-Z_]). */
  static final String ATTENTION_OUTCOMES =
      Arrays.stream(EventOutcome.values())
          .filter(EventOutcome::needsAttention)
          .map(outcome -> "'" + outcome.name() + "'")
          .collect(Collectors.joining(", "));

  static final RowMapper<ProviderEvent> EVENT = EventRows::event;

  private EventRows() {}

  /** Rejects values the columns cannot hold, naming the field, before any SQL runs. */
  static void check(ProviderEvent e) {
    if (e.dedupeKey().isEmpty()) throw UniPayException.invalid("dedupe_key is empty");
    Checks.text("dedupe_key", e.dedupeKey(), MAX_ID);
    Checks.text("source", e.source(), 32);
    Checks.text("out_trade_no", e.outTradeNo(), 64);
    Checks.text("out_refund_no", e.outRefundNo(), 64);
    Checks.text("provider_id", e.providerId(), MAX_ID);
    Checks.text("currency", e.currency(), 16);
    Checks.text("provider_state", e.providerState(), 64);
    Checks.text("app_id", e.appId(), MAX_ID);
    Checks.text("merchant_id", e.merchantId(), MAX_ID);
    Checks.text("payer_id", e.payerId(), 128);
    Checks.text("detail", e.detail(), ProviderEvent.MAX_DETAIL_CHARS);
    Checks.text("data", e.data(), ProviderEvent.MAX_DATA_CHARS);
  }

  /** The PostgreSQL type a parameter for {@code column} is cast to in a select list. */
  static String postgresType(String column) {
    if (column.equals("amount")) return "BIGINT";
    if (column.endsWith("_at")) return "TIMESTAMP(6)";
    return "VARCHAR";
  }

  /** Binds every column but the id; provider-supplied texts go through {@link Dialect#storable}. */
  static <S extends SqlStatement<S>> S bind(S statement, ProviderEvent e, Dialect dialect) {
    return bind(statement, e, dialect, "");
  }

  /** As {@link #bind(SqlStatement, ProviderEvent, Dialect)}, names prefixed by {@code p}. */
  static <S extends SqlStatement<S>> S bind(
      S statement, ProviderEvent e, Dialect dialect, String p) {
    return statement
        .bind(p + "dedupe_key", dialect.storable(e.dedupeKey()))
        .bind(p + "provider", e.provider().code())
        .bind(p + "kind", e.kind().name())
        .bind(p + "source", dialect.storable(e.source()))
        .bind(p + "out_trade_no", dialect.storable(e.outTradeNo()))
        .bind(p + "out_refund_no", dialect.storable(e.outRefundNo()))
        .bind(p + "provider_id", dialect.storable(e.providerId()))
        .bind(p + "amount", e.amount())
        .bind(p + "currency", dialect.storable(e.currency()))
        .bind(p + "provider_state", dialect.storable(e.providerState()))
        .bind(p + "app_id", dialect.storable(e.appId()))
        .bind(p + "merchant_id", dialect.storable(e.merchantId()))
        .bind(p + "payer_id", dialect.storable(e.payerId()))
        .bind(p + "occurred_at", Times.arg(e.occurredAt()))
        .bind(p + "outcome", e.outcome().name())
        .bind(p + "detail", dialect.storable(e.detail()))
        .bind(p + "data", dialect.storable(e.data()))
        .bind(p + "received_at", Times.arg(e.receivedAt()))
        .bind(p + "resolved_at", Times.arg(e.resolvedAt()))
        .bind(p + "resolution", e.resolution() == null ? null : e.resolution().name());
  }

  private static ProviderEvent event(ResultSet rs, StatementContext ctx) throws SQLException {
    String resolution = rs.getString("resolution");
    return new ProviderEvent(
        rs.getLong("id"),
        rs.getString("dedupe_key"),
        Provider.ofCode(rs.getString("provider")),
        EventKind.valueOf(rs.getString("kind")),
        rs.getString("source"),
        rs.getString("out_trade_no"),
        rs.getString("out_refund_no"),
        rs.getString("provider_id"),
        rs.getLong("amount"),
        rs.getString("currency"),
        rs.getString("provider_state"),
        rs.getString("app_id"),
        rs.getString("merchant_id"),
        rs.getString("payer_id"),
        Times.read(rs, "occurred_at"),
        EventOutcome.valueOf(rs.getString("outcome")),
        rs.getString("detail"),
        rs.getString("data"),
        Times.read(rs, "received_at"),
        Times.read(rs, "resolved_at"),
        resolution == null ? null : EventOutcome.valueOf(resolution));
  }
}
