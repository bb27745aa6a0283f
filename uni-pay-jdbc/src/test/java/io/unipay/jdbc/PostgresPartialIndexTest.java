package io.unipay.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.order.SettlementFlag;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL the sweeper's work lists and the unresolved ledger facts are partial indexes, so a
 * settled order and its SETTLED fact add no entries to them (issue 19). These tests keep the
 * queries and the indexes' predicates in step: with sequential scans disabled, each query must be
 * planned on its partial index, which PostgreSQL only does when the query implies the predicate.
 */
class PostgresPartialIndexTest {
  private static TestDatabases.TestPool pool;
  private static Jdbi jdbi;

  @BeforeAll
  static void createSchema() {
    pool = TestDatabases.open(TestDatabases.Kind.POSTGRESQL, "partial_index");
    JdbiOrderRepository.create(pool).createSchemaIfMissing();
    jdbi = Jdbi.create(pool);
  }

  @AfterAll
  static void close() {
    if (pool != null) pool.close();
  }

  @Test
  void theUnpaidOrdersClaimIsPlannedOnThePartialIndexOfUnpaidOrders() {
    assertThat(plan(Claim.UNPAID_ORDERS.selectDue() + " FOR UPDATE SKIP LOCKED"))
        .contains("ix_uni_pay_orders_unpaid_check");
  }

  @Test
  void theClosedWatchClaimIsPlannedOnThePartialIndexOfClosedOrders() {
    assertThat(plan(Claim.CLOSED_WATCH.selectDue() + " FOR UPDATE SKIP LOCKED"))
        .contains("ix_uni_pay_orders_closed_final_check");
  }

  @Test
  void theFlaggedPaymentsClaimIsPlannedOnThePartialIndexOfFlaggedPayments() {
    Set<SettlementFlag> flags = EnumSet.complementOf(EnumSet.of(SettlementFlag.NONE));
    assertThat(plan(Claim.unrefundedFlagged(flags).selectDue() + " FOR UPDATE SKIP LOCKED"))
        .contains("ix_uni_pay_orders_flagged_check");
  }

  @Test
  void thePurgeCandidatesArePlannedOnThePartialIndexOfClosedOrdersByExpiry() {
    assertThat(plan(JdbiOrderRepository.PURGE_CANDIDATES))
        .contains("ix_uni_pay_orders_closed_expire");
  }

  @Test
  void theTransfersClaimIsPlannedOnThePartialIndexOfOpenTransfers() {
    assertThat(plan(TransferRows.DUE.selectDue() + " FOR UPDATE SKIP LOCKED"))
        .contains("ix_uni_pay_transfers_open_check");
  }

  @Test
  void theUnresolvedFactsArePlannedOnThePartialIndexOfOpenFacts() {
    assertThat(plan(JdbiLedger.UNRESOLVED)).contains("ix_uni_pay_events_unresolved_open");
  }

  @Test
  void thePartialIndexOfOpenFactsListsExactlyTheOutcomesThatNeedAttention() throws IOException {
    String ddl;
    try (InputStream in =
        Schema.class.getResourceAsStream(Dialect.POSTGRESQL.schemaResource())) {
      ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Matcher m =
        Pattern.compile("ix_uni_pay_events_unresolved_open[^;]*WHERE outcome IN \\(([^)]*)\\)")
            .matcher(ddl);
    assertThat(m.find()).as("the partial index in postgresql.sql").isTrue();
    assertThat(literals(m.group(1))).isEqualTo(literals(EventRows.ATTENTION_OUTCOMES));
  }

  private static Set<String> literals(String list) {
    return Arrays.stream(list.split(","))
        .map(s -> s.trim().replace("'", ""))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String plan(String sql) {
    return jdbi.withHandle(
        h -> {
          h.execute("SET enable_seqscan = off");
          List<String> lines = explain(h, sql);
          h.execute("RESET enable_seqscan");
          return String.join("\n", lines);
        });
  }

  private static List<String> explain(Handle h, String sql) {
    Timestamp now = Timestamp.from(Instant.parse("2026-12-03T00:00:00Z"));
    var query = h.createQuery("EXPLAIN " + sql);
    if (sql.contains(":now")) query.bind("now", now);
    if (sql.contains(":before")) query.bind("before", now);
    if (sql.contains(":after_id")) query.bind("after_id", 0L);
    if (sql.contains(":limit")) query.bind("limit", 10);
    return query.mapTo(String.class).list();
  }
}
