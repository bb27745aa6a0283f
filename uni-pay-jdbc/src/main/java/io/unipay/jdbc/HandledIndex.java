package io.unipay.jdbc;

import static java.util.Objects.requireNonNull;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether PostgreSQL's one-statement settlement may run: it takes no lock on a business order's
 * other payment orders, so it is safe only with the unique index {@link
 * SettlementStatements#HANDLED_INDEX} in place. A schema migrated by the host's own tool from an
 * older file lacks it; then every settlement goes the general way (read, lock, CAS), with a
 * warning once. Checked on first use, again by {@link #recheck()} once the schema is created, and
 * by the one statement itself on every settlement ({@link #lost()}).
 */
final class HandledIndex {
  private static final Logger log = LoggerFactory.getLogger(HandledIndex.class);

  private final Jdbi jdbi;
  private final Dialect dialect;
  private volatile Boolean present;

  HandledIndex(Jdbi jdbi, Dialect dialect) {
    this.jdbi = requireNonNull(jdbi, "jdbi == null");
    this.dialect = requireNonNull(dialect, "dialect == null");
  }

  /** True on PostgreSQL with the index in place; false elsewhere or when it cannot be told. */
  boolean present() {
    if (dialect != Dialect.POSTGRESQL) return false;
    Boolean known = present;
    if (known != null) return known;
    try {
      long found =
          jdbi.withHandle(
              h -> h.createQuery(SettlementStatements.HANDLED_INDEX_PRESENT).mapTo(Long.class).one());
      known = found == 1;
    } catch (JdbiException e) {
      // Not cached: the database may be down, and then the general path fails the same way.
      log.debug("could not check for index {}: {}", SettlementStatements.HANDLED_INDEX, e.toString());
      return false;
    }
    if (!known) {
      log.warn(
          "unique index {} on uni_pay_orders (order_no) WHERE user_order_success is missing:"
              + " settlements lock each business order's payment orders (one statement more);"
              + " create it from the schema file ({})",
          SettlementStatements.HANDLED_INDEX, dialect.schemaResource());
    }
    present = known;
    return known;
  }

  /**
   * The one statement found the index gone (dropped while the application runs): from now on
   * every settlement takes the lock, until {@link #recheck()} finds it again.
   */
  void lost() {
    if (Boolean.FALSE.equals(present)) return;
    present = false;
    log.warn(
        "unique index {} on uni_pay_orders (order_no) WHERE user_order_success is gone: from now"
            + " on settlements lock each business order's payment orders; create it from the"
            + " schema file ({}) and call createSchemaIfMissing()",
        SettlementStatements.HANDLED_INDEX, dialect.schemaResource());
  }

  /** Checks again now (after the schema was created). */
  void recheck() {
    present = null;
    present();
  }
}
