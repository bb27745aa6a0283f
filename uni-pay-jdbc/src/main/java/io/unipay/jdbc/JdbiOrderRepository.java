package io.unipay.jdbc;

import static java.util.Objects.requireNonNull;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.order.SettlementFlag;
import io.unipay.core.spi.OrderBrowser;
import io.unipay.core.spi.OrderCursor;
import io.unipay.core.spi.OrderFilter;
import io.unipay.core.spi.OrderPage;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.ReconciliationRepository;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The {@link OrderRepository} on a relational database through Jdbi 3: H2, PostgreSQL and
 * MySQL/MariaDB (see {@link Dialect}). Thread-safe; share one instance per database.
 *
 * <p>Every state change is one conditional {@code UPDATE ... WHERE out_trade_no = ? AND status = ?}
 * whose row count decides the winner, so several application instances may share the database
 * without any Java locking. {@link #inTransaction} is a real database transaction; its {@link
 * Transaction#unwrap} offers the Jdbi {@link Handle} and the JDBC {@link java.sql.Connection}, so
 * the host's handler SQL commits or rolls back with the settlement. Calls on this repository made
 * from inside {@code work} run on other connections, outside that transaction. Ledger facts
 * appended in a transaction are deduplicated without ever aborting it (see {@link JdbiLedger}).
 * It is also an {@link OrderBrowser} for operator tools (see {@link JdbiOrderBrowser} on indexes).
 *
 * <p>Instants are stored as UTC {@code TIMESTAMP(6)}/{@code DATETIME(6)} values, truncated to
 * microseconds; neither the JVM nor the session time zone affects them. Identifiers and texts are
 * validated before any SQL runs ({@code INVALID_ARGUMENT} naming the field); database failures are
 * thrown as {@code STORAGE_FAILURE} with the cause, unique-key violations as {@code DUPLICATE_KEY}.
 *
 * <pre>{@code
 * HikariDataSource pool = UniPayDataSources.create(JdbcSettings.builder()
 *     .jdbcUrl("jdbc:postgresql://db/pay").username("pay").password(secret).build());
 * OrderRepository orders = JdbiOrderRepository.create(pool).createSchemaIfMissing();
 * }</pre>
 */
public final class JdbiOrderRepository implements OrderRepository, OrderBrowser {
  private static final String FIND_BY_ORDER_NO =
      "SELECT "
          + OrderRows.ORDER_COLUMNS
          + " FROM uni_pay_orders WHERE order_no = :order_no ORDER BY create_date, out_trade_no";
  private static final String MARK_CLOSED =
      "UPDATE uni_pay_orders SET status = -1, cancel_date = :cancel_date,"
          + " final_check_at = :final_check_at WHERE out_trade_no = :out_trade_no AND status = 0";
  private static final String SCHEDULE_FINAL_CHECK =
      "UPDATE uni_pay_orders SET final_check_at = :final_check_at"
          + " WHERE out_trade_no = :out_trade_no AND status = -1";
  private static final String SCHEDULE_CHECK =
      "UPDATE uni_pay_orders SET next_check_at = :next_check_at, check_count = :check_count"
          + " WHERE out_trade_no = :out_trade_no";
  static final String PURGE_CANDIDATES =
      "SELECT out_trade_no FROM uni_pay_orders WHERE status = -1 AND expire_date < :before"
          + " AND final_check_at IS NULL ORDER BY expire_date, out_trade_no LIMIT :limit";
  private static final String PURGE =
      "DELETE FROM uni_pay_orders WHERE out_trade_no IN (<keys>) AND status = -1"
          + " AND final_check_at IS NULL";

  private final Jdbi jdbi;
  private final Dialect dialect;
  private final JdbiLedger ledger;
  private final Claims claims;
  private final JdbiRefunds refunds;
  private final JdbiOrderBrowser browser;
  private final JdbiReconciliation reconciliation;
  private final HandledIndex handledIndex;

  /** A repository on {@code jdbi} speaking {@code dialect}. Does not touch the database. */
  public JdbiOrderRepository(Jdbi jdbi, Dialect dialect) {
    this.jdbi = requireNonNull(jdbi, "jdbi == null");
    this.dialect = requireNonNull(dialect, "dialect == null");
    this.ledger = new JdbiLedger(dialect);
    this.claims = new Claims(jdbi, dialect);
    this.refunds = new JdbiRefunds(jdbi, dialect);
    this.browser = new JdbiOrderBrowser(jdbi);
    this.reconciliation = new JdbiReconciliation(jdbi, dialect);
    this.handledIndex = new HandledIndex(jdbi, dialect);
  }

  /**
   * A repository on a host-provided data source (typically a pool), detecting the dialect from the
   * database's product name. The host keeps owning and closing the data source.
   */
  public static JdbiOrderRepository create(DataSource dataSource) {
    return create(Jdbi.create(requireNonNull(dataSource, "dataSource == null")));
  }

  /** A repository on a host-provided data source speaking {@code dialect}. */
  public static JdbiOrderRepository create(DataSource dataSource, Dialect dialect) {
    requireNonNull(dataSource, "dataSource == null");
    return new JdbiOrderRepository(Jdbi.create(dataSource), dialect);
  }

  /** A repository on a host-configured {@link Jdbi}, detecting the dialect. */
  public static JdbiOrderRepository create(Jdbi jdbi) {
    requireNonNull(jdbi, "jdbi == null");
    try {
      String product =
          jdbi.withHandle(h -> h.getConnection().getMetaData().getDatabaseProductName());
      return new JdbiOrderRepository(jdbi, Dialect.fromProductName(product));
    } catch (JdbiException | SQLException e) {
      throw StorageErrors.failure("detect the database dialect", e);
    }
  }

  /** The dialect this repository speaks. */
  public Dialect dialect() {
    return dialect;
  }

  /** The Jdbi this repository runs on, shared by {@link JdbiTransferRepository#of}. */
  Jdbi jdbi() {
    return jdbi;
  }

  /**
   * Creates the tables and indexes when they do not exist yet, from {@link
   * Dialect#schemaResource()}. Opt-in: production databases are usually migrated by the host's own
   * tool (Flyway, Liquibase) from the same file. Returns this repository.
   */
  public JdbiOrderRepository createSchemaIfMissing() {
    List<String> statements = Schema.statements(dialect);
    withHandle(
        "create the uni-pay schema",
        h -> {
          statements.forEach(h::execute);
          return null;
        });
    handledIndex.recheck();
    return this;
  }

  /**
   * On PostgreSQL with the schema's unique index on the order_no of handled orders, a first
   * settlement is one statement (read, CAS and ledger row) before the handler; see {@link
   * SettlementStatements#SETTLE_UNPAID_POSTGRES}.
   */
  @Override
  public boolean settlesUnpaidInOneStatement() {
    return handledIndex.present();
  }

  @Override
  public void insert(PayOrder order) {
    requireNonNull(order, "order == null");
    Checks.order(order);
    try {
      jdbi.useHandle(
          h -> OrderRows.bindOrder(h.createUpdate(OrderRows.INSERT_ORDER), order, dialect)
                  .execute());
    } catch (JdbiException e) {
      if (StorageErrors.isUniqueViolation(e)) {
        throw new UniPayException(
            ErrorCode.DUPLICATE_KEY, "out_trade_no already exists: " + order.outTradeNo(), e);
      }
      throw StorageErrors.failure("insert order " + order.outTradeNo(), e);
    }
  }

  @Override
  public Optional<PayOrder> find(String outTradeNo) {
    requireNonNull(outTradeNo, "outTradeNo == null");
    if (!Checks.possible(Checks.OUT_TRADE_NO, outTradeNo)) return Optional.empty();
    return withHandle(
        "find order " + outTradeNo,
        h -> {
          try {
            return SettlementStatements.find(h.getConnection(), outTradeNo);
          } catch (SQLException e) {
            throw StorageErrors.failure("find order " + outTradeNo, e);
          }
        });
  }

  @Override
  public List<PayOrder> findByOrderNo(String orderNo) {
    requireNonNull(orderNo, "orderNo == null");
    if (!Checks.possible(Checks.ORDER_NO, orderNo)) return List.of();
    return withHandle(
        "find orders of order_no " + orderNo,
        h -> h.createQuery(FIND_BY_ORDER_NO).bind("order_no", orderNo).map(OrderRows.ORDER).list());
  }

  @Override
  public boolean markClosed(String outTradeNo, Instant cancelDate, Instant finalCheckAt) {
    Checks.outTradeNo(outTradeNo);
    requireNonNull(cancelDate, "cancelDate == null");
    return withHandle(
        "close order " + outTradeNo,
        h ->
            h.createUpdate(MARK_CLOSED)
                    .bind("cancel_date", Times.arg(cancelDate))
                    .bind("final_check_at", Times.arg(finalCheckAt))
                    .bind("out_trade_no", outTradeNo)
                    .execute()
                == 1);
  }

  @Override
  public List<PayOrder> claimClosedWatchDue(Instant now, Duration lease, int limit) {
    return claims.claim(Claim.CLOSED_WATCH, now, lease, limit);
  }

  @Override
  public void scheduleFinalCheck(String outTradeNo, Instant finalCheckAt) {
    Checks.outTradeNo(outTradeNo);
    withHandle(
        "schedule the final check of order " + outTradeNo,
        h ->
            h.createUpdate(SCHEDULE_FINAL_CHECK)
                .bind("final_check_at", Times.arg(finalCheckAt))
                .bind("out_trade_no", outTradeNo)
                .execute());
  }

  @Override
  public <T> T inTransaction(Function<Transaction, T> work) {
    requireNonNull(work, "work == null");
    try {
      return jdbi.inTransaction(
          handle -> {
            try {
              return work.apply(new JdbiTransaction(handle, dialect, ledger, handledIndex));
            } catch (RuntimeException | Error e) {
              throw new WorkFailed(e);
            }
          });
    } catch (WorkFailed e) {
      throw e.original();
    } catch (JdbiException e) {
      throw StorageErrors.failure("transaction", e);
    }
  }

  @Override
  public boolean reserveRefund(Refund refund, Instant now) {
    return refunds.reserve(refund, now);
  }

  @Override
  public Optional<Refund> findRefund(String outRefundNo) {
    return refunds.find(outRefundNo);
  }

  @Override
  public List<Refund> findRefunds(String outTradeNo) {
    return refunds.findAll(outTradeNo);
  }

  @Override
  public void scheduleRefundCheck(String outRefundNo, Instant nextCheckAt, int checkCount) {
    refunds.scheduleCheck(outRefundNo, nextCheckAt, checkCount);
  }

  /** Validates before any SQL, then completes in a transaction of its own (the SPI default). */
  @Override
  public boolean completeRefund(
      String outRefundNo, RefundStatus outcome, String refundId, Instant successDate) {
    Checks.refundCompletion(outRefundNo, outcome, refundId);
    return OrderRepository.super.completeRefund(outRefundNo, outcome, refundId, successDate);
  }

  @Override
  public List<PayOrder> claimUnpaidDue(Instant now, Duration lease, int limit) {
    return claims.claim(Claim.UNPAID_ORDERS, now, lease, limit);
  }

  @Override
  public void scheduleCheck(String outTradeNo, Instant nextCheckAt, int checkCount) {
    Checks.outTradeNo(outTradeNo);
    requireNonNull(nextCheckAt, "nextCheckAt == null");
    withHandle(
        "schedule check of order " + outTradeNo,
        h ->
            h.createUpdate(SCHEDULE_CHECK)
                .bind("next_check_at", Times.arg(nextCheckAt))
                .bind("check_count", checkCount)
                .bind("out_trade_no", outTradeNo)
                .execute());
  }

  @Override
  public List<PayOrder> claimUnrefundedFlaggedDue(
      Set<SettlementFlag> flags, Instant now, Duration lease, int limit) {
    requireNonNull(flags, "flags == null");
    if (flags.isEmpty()) {
      Checks.positive("limit", limit);
      return List.of();
    }
    return claims.claim(Claim.unrefundedFlagged(flags), now, lease, limit);
  }

  @Override
  public List<Refund> claimProcessingRefundsDue(Instant now, Duration lease, int limit) {
    return claims.claim(Claim.PROCESSING_REFUNDS, now, lease, limit);
  }

  @Override
  public int purgeClosed(Instant expiredBefore, int limit) {
    requireNonNull(expiredBefore, "expiredBefore == null");
    Checks.positive("limit", limit);
    return withHandle(
        "purge closed orders",
        h -> {
          // Portable "DELETE ... LIMIT": PostgreSQL has no DELETE LIMIT and MySQL cannot delete
          // from a table it selects in a subquery. The conditions are repeated, so an order
          // settled (-1 → 1) or put under watch in between is never deleted.
          List<String> keys =
              h.createQuery(PURGE_CANDIDATES)
                  .bind("before", Times.arg(expiredBefore))
                  .bind("limit", limit)
                  .mapTo(String.class)
                  .list();
          if (keys.isEmpty()) return 0;
          return h.createUpdate(PURGE).bindList("keys", keys).execute();
        });
  }

  // ---------------------------------------------------------------- the ledger (design §13)

  @Override
  public Optional<ProviderEvent> findEvent(long id) {
    return withHandle("find ledger event " + id, h -> ledger.find(h, id));
  }

  @Override
  public Optional<ProviderEvent> findEventByKey(String dedupeKey) {
    requireNonNull(dedupeKey, "dedupeKey == null");
    if (dedupeKey.isEmpty() || dedupeKey.length() > EventRows.MAX_ID) return Optional.empty();
    return withHandle("find ledger event " + dedupeKey, h -> ledger.findByKey(h, dedupeKey));
  }

  @Override
  public List<ProviderEvent> findEvents(String outTradeNo) {
    requireNonNull(outTradeNo, "outTradeNo == null");
    if (outTradeNo.isEmpty() || outTradeNo.length() > 64) return List.of();
    return withHandle(
        "find ledger events of order " + outTradeNo, h -> ledger.findByOutTradeNo(h, outTradeNo));
  }

  @Override
  public List<ProviderEvent> unresolvedEvents(long afterId, int limit) {
    Checks.positive("limit", limit);
    return withHandle("list unresolved ledger events", h -> ledger.unresolved(h, afterId, limit));
  }

  /** Bill reconciliation on the same database ({@code uni_pay_reconciliation*} tables). */
  @Override
  public Optional<ReconciliationRepository> reconciliation() {
    return Optional.of(reconciliation);
  }

  @Override
  public OrderPage browse(OrderFilter filter, OrderCursor after, int limit) {
    return browser.browse(filter, after, limit);
  }

  @Override
  public String toString() {
    return "JdbiOrderRepository{dialect=" + dialect + "}";
  }

  /**
   * Runs one auto-committed unit of work. Every caller's work is a single statement or re-runnable
   * (a compare-and-set, a read, a lease claim, an idempotent DDL), so a deadlock victim — which
   * InnoDB rolls back whole, e.g. a close racing a settlement's locks — is run again, up to three
   * times, instead of failing the caller.
   */
  private <T> T withHandle(String action, HandleCallback<T, RuntimeException> callback) {
    for (int attempt = 1; ; attempt++) {
      try {
        return jdbi.withHandle(callback);
      } catch (JdbiException e) {
        if (attempt >= 3 || !StorageErrors.isTransientConflict(e)) {
          throw StorageErrors.failure(action, e);
        }
        try {
          Thread.sleep(attempt * 5L);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw StorageErrors.failure(action, e);
        }
      }
    }
  }

  /** Carries an exception thrown by the caller's work through Jdbi's rollback, unchanged. */
  private static final class WorkFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WorkFailed(Throwable original) {
      super(original.toString(), original, false, false);
    }

    RuntimeException original() {
      if (getCause() instanceof Error error) throw error;
      return (RuntimeException) getCause();
    }
  }
}
