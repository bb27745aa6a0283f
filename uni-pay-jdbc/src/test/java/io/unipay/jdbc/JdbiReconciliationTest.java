package io.unipay.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.bill.BillRow;
import io.unipay.core.order.Provider;
import io.unipay.core.reconcile.DayClaim;
import io.unipay.core.reconcile.ReconciliationReport;
import io.unipay.core.scenarios.ReconcileFixture;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.ReconciliationRepository;
import io.unipay.jdbc.TestDatabases.Kind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The JDBC reconciliation storage itself: leases between owners, scratch keys, ids that fit. */
class JdbiReconciliationTest {
  private static final LocalDate DAY = LocalDate.of(2026, 3, 1);
  private static final Instant NOW = Instant.parse("2026-03-02T03:00:00Z");
  private EdgeRepositories repositories;

  private OrderRepository repository(Kind kind) {
    repositories = new EdgeRepositories(kind);
    return repositories.next();
  }

  @AfterEach
  void close() {
    if (repositories != null) repositories.close();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aLeasedDayIsTakenByNoOtherOwnerUntilTheLeaseRunsOut(Kind kind) {
    ReconciliationRepository store = repository(kind).reconciliation().orElseThrow();
    DayClaim first =
        store.claimDay(Provider.WXPAY, DAY, "owner-a", NOW, Duration.ofMinutes(10), false).orElseThrow();

    assertThat(store.claimDay(Provider.WXPAY, DAY, "owner-b", NOW.plusSeconds(599),
        Duration.ofMinutes(10), true)).as("held, even when forced").isEmpty();
    assertThat(store.claimDay(Provider.ALIPAY, DAY, "owner-b", NOW, Duration.ofMinutes(10), false))
        .as("another provider's day is free").isPresent();
    DayClaim second = store.claimDay(Provider.WXPAY, DAY, "owner-b", NOW.plusSeconds(601),
        Duration.ofMinutes(10), false).orElseThrow();

    assertThat(second.run()).isEqualTo(first.run() + 1);
    assertThat(store.renewClaim(first, NOW.plusSeconds(602), Duration.ofMinutes(10)))
        .as("the first owner lost it").isEmpty();
    assertThat(store.renewClaim(second, NOW.plusSeconds(602), Duration.ofMinutes(10))).isPresent();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void billKeysAreScratchDeletedWhenTheRunFinishesAndUnusableKeysAreSkipped(Kind kind) {
    OrderRepository repository = repository(kind);
    ReconciliationRepository store = repository.reconciliation().orElseThrow();
    DayClaim claim =
        store.claimDay(Provider.WXPAY, DAY, "owner-a", NOW, Duration.ofMinutes(10), false).orElseThrow();
    String tooLong = "x".repeat(65);
    store.recordBillKeys(claim, BillRow.Kind.PAYMENT, List.of("A1", "A2", tooLong, "nul\u0000"));
    store.recordBillKeys(claim, BillRow.Kind.PAYMENT, List.of("A2", "A3")); // A2 again: kept once
    store.recordBillKeys(claim, BillRow.Kind.REFUND, List.of("A1"));

    assertThat(store.billKeysPresent(claim, BillRow.Kind.PAYMENT, List.of("A1", "A2", "A3", "A4", tooLong)))
        .isEqualTo(Set.of("A1", "A2", "A3"));
    assertThat(store.billKeysPresent(claim, BillRow.Kind.REFUND, List.of("A1", "A2")))
        .isEqualTo(Set.of("A1"));
    Jdbi jdbi = repositories.jdbi(repository);
    assertThat(count(jdbi)).isEqualTo(4);

    ReconciliationReport report =
        new ReconcileFixture(repository).reconciler().report(Provider.WXPAY, DAY).orElse(null);
    assertThat(report).as("nothing final yet").isNull();
    assertThat(store.finish(claim, emptyReport(claim))).isTrue();

    assertThat(count(jdbi)).isZero();
    assertThat(store.findReport(Provider.WXPAY, DAY)).get()
        .satisfies(r -> assertThat(r.run()).isEqualTo(claim.run()));
    assertThat(store.finish(claim, emptyReport(claim))).as("the lease ended with the report").isFalse();
  }

  private static long count(Jdbi jdbi) {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM uni_pay_reconciliation_keys")
        .mapTo(Long.class).one());
  }

  private static ReconciliationReport emptyReport(DayClaim claim) {
    return new ReconciliationReport(
        claim.provider(), claim.day(), claim.run(), io.unipay.core.reconcile.BillState.RECEIVED,
        io.unipay.core.reconcile.ProviderTotals.NONE, io.unipay.core.reconcile.LocalTotals.NONE,
        java.util.Map.of(), 0, 0, NOW, NOW, List.of());
  }
}
