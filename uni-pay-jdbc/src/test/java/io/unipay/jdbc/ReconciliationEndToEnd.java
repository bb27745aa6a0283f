package io.unipay.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.unipay.core.ledger.EventKind;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.reconcile.BillState;
import io.unipay.core.reconcile.Discrepancy;
import io.unipay.core.reconcile.DiscrepancyType;
import io.unipay.core.reconcile.ReconciliationReport;
import io.unipay.core.reconcile.Remedy;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 17's acceptance, end to end: the real client of one provider against its simulator over
 * loopback HTTP (real signatures, real bill downloads and parsing), the engine on the JDBC
 * repository of a fresh H2 or PostgreSQL database per test. Payments go the real way (order,
 * the simulator pays, its notification reaches the host's endpoint), refunds through {@code
 * pay.refund}; every discrepancy comes from a real fault: a notification the simulator drops, a
 * refund in the provider's console, a row edited or deleted with SQL, a line missing from the
 * provider's bill. A subclass per provider supplies how its simulator does these things ({@link
 * ReconcileSimulatorHooks}).
 */
abstract class ReconciliationEndToEnd extends ReconcileSimulatorHooks {
  @ParameterizedTest(name = "{0}")
  @EnumSource(value = TestDatabases.Kind.class, names = {"H2", "POSTGRESQL"})
  void aDayOfTwelvePaymentsAndThreeRefundsReconcilesCleanWithEqualTotalsOnBothSides(
      TestDatabases.Kind kind) {
    bench(kind);
    long payments = 0, refunds = 0, fees = 0;
    long[] refundFen = {250, 333, 417};
    for (int i = 1; i <= 12; i++) {
      long fen = 1_000 + 137L * i;
      String no = paid(fen);
      payments += fen;
      fees += fee(fen);
      if (i % 4 == 0) {
        long r = refundFen[i / 4 - 1];
        refund(no, r);
        refunds += r;
        fees -= fee(r); // the refunded share of the fee is returned
      }
    }
    b.nextMorning();

    ReconciliationReport report = reconcile();

    assertThat(report.isClean()).as(report.discrepancies().toString()).isTrue();
    assertThat(report.bill()).isEqualTo(BillState.RECEIVED);
    assertThat(report.run()).isEqualTo(1);
    assertThat(report.repaired()).isZero();
    assertThat(report.providerTotals().payments()).isEqualTo(12);
    assertThat(report.providerTotals().paymentTotal()).isEqualTo(payments);
    assertThat(report.providerTotals().refunds()).isEqualTo(3);
    assertThat(report.providerTotals().refundTotal()).isEqualTo(refunds);
    assertThat(report.providerTotals().fees()).isEqualTo(fees);
    assertThat(report.localTotals().payments()).isEqualTo(12);
    assertThat(report.localTotals().paymentTotal()).isEqualTo(payments);
    assertThat(report.localTotals().refunds()).isEqualTo(3);
    assertThat(report.localTotals().refundTotal()).isEqualTo(refunds);
    assertThat(b.pay.ledger().unresolved(100)).isEmpty();
    assertThat(b.paid.values()).hasSize(12).allSatisfy(n -> assertThat(n).hasValue(1));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = TestDatabases.Kind.class, names = {"H2", "POSTGRESQL"})
  void aLostNotificationNeverRecoveredIsRepairedThroughTheSettlementPathWithItsHandlerOnce(
      TestDatabases.Kind kind) {
    bench(kind);
    String other = paid(300);
    String lost = b.order(880);
    payLosingTheNotification(lost);
    assertThat(b.pay.getOrder(lost).status()).as("no sweeper ran").isEqualTo(OrderStatus.UNPAID);
    b.nextMorning();

    ReconciliationReport report = reconcile();

    Discrepancy d = only(report, DiscrepancyType.PAID_AT_PROVIDER_MISSING_LOCALLY);
    assertThat(report.discrepancyCount()).isEqualTo(1);
    assertThat(report.repaired()).isEqualTo(1);
    assertThat(d.outTradeNo()).isEqualTo(lost);
    assertThat(d.remedy()).isEqualTo(Remedy.REPAIRED);
    assertThat(d.providerAmount()).isEqualTo(880);
    assertThat(d.localAmount()).isEqualTo(880);
    assertThat(b.pay.getOrder(lost).status()).isEqualTo(OrderStatus.PAID);
    assertThat(b.pay.getOrder(lost).transactionId()).as("from the verified query")
        .isNotNull().isEqualTo(d.providerId());
    assertThat(b.paidRuns(lost)).isEqualTo(1);
    assertThat(b.paidRuns(other)).isEqualTo(1);
    assertThat(report.localTotals().payments()).as("the repaired payment counts").isEqualTo(2);
    assertThat(attention(lost)).singleElement().satisfies(x -> {
      assertThat(x.outcome()).isEqualTo(EventOutcome.BILL_DISCREPANCY);
      assertThat(x.providerState()).isEqualTo("PAID_AT_PROVIDER_MISSING_LOCALLY");
      assertThat(x.isUnresolved()).as("repaired: resolved").isFalse();
      assertThat(x.resolution()).isEqualTo(EventOutcome.SETTLED);
    });
    assertThat(b.pay.ledger().unresolved(100)).isEmpty();
    long events = b.rows("uni_pay_events");
    int downloads = billDownloads();

    ReconciliationReport stored = reconcile();
    assertThat(stored).as("the stored report, not a new run").isEqualTo(report);
    assertThat(billDownloads()).as("nothing downloaded").isEqualTo(downloads);

    ReconciliationReport forced = reconcileForced();
    assertThat(forced.run()).isEqualTo(2);
    assertThat(forced.isClean()).as("the repaired payment now matches: %s", forced).isTrue();
    assertThat(billDownloads()).isEqualTo(downloads + 1);
    b.pay.sweeper().build().runOnce();
    assertThat(b.paidRuns(lost)).as("never again").isEqualTo(1);
    assertThat(b.rows("uni_pay_events")).as("no ledger fact twice").isEqualTo(events);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = TestDatabases.Kind.class, names = {"H2", "POSTGRESQL"})
  void aRefundMadeInTheProvidersConsoleIsReportedMissingLocallyAndLeftToAPerson(
      TestDatabases.Kind kind) {
    bench(kind);
    String no = paid(800);
    consoleRefund(no, "CONSOLE7001", 300);
    b.nextMorning();

    ReconciliationReport report = reconcile();

    Discrepancy d = only(report, DiscrepancyType.REFUND_MISSING_LOCALLY);
    assertThat(report.discrepancyCount()).isEqualTo(1);
    assertThat(d.outTradeNo()).isEqualTo(no);
    assertThat(d.outRefundNo()).isEqualTo("CONSOLE7001");
    assertThat(d.providerAmount()).isEqualTo(300);
    assertThat(d.localAmount()).isEqualTo(-1);
    assertThat(d.remedy()).isEqualTo(Remedy.LEFT_TO_OPERATOR);
    assertThat(b.pay.refunds(no)).as("nothing written from the bill").isEmpty();
    assertThat(b.pay.getOrder(no).status()).isEqualTo(OrderStatus.PAID);
    assertThat(b.refunded).isEmpty();
    assertThat(b.pay.ledger().unresolved(100)).singleElement().satisfies(x -> {
      assertThat(x.outcome()).isEqualTo(EventOutcome.BILL_DISCREPANCY);
      assertThat(x.providerState()).isEqualTo("REFUND_MISSING_LOCALLY");
      assertThat(x.outRefundNo()).isEqualTo("CONSOLE7001");
    });
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = TestDatabases.Kind.class, names = {"H2", "POSTGRESQL"})
  void aPaymentOfAPurgedOrderIsReportedAndNothingIsWrittenFromTheBill(TestDatabases.Kind kind) {
    bench(kind);
    paid(100);
    String purged = b.order(650);
    payLosingTheNotification(purged);
    b.deleteOrderRow(purged);
    b.nextMorning();

    for (ReconciliationReport report : List.of(reconcile(), reconcileForced())) {
      Discrepancy d = only(report, DiscrepancyType.PAID_AT_PROVIDER_MISSING_LOCALLY);
      assertThat(report.discrepancyCount()).isEqualTo(1);
      assertThat(report.repaired()).isZero();
      assertThat(d.outTradeNo()).isEqualTo(purged);
      assertThat(d.providerAmount()).isEqualTo(650);
      assertThat(d.localAmount()).isEqualTo(-1);
      assertThat(d.remedy()).isEqualTo(Remedy.LEFT_TO_OPERATOR);
      assertThat(b.rows("uni_pay_orders")).as("not recreated").isEqualTo(1);
      assertThat(b.paidRuns(purged)).isZero();
      assertThat(b.pay.ledger().events(purged)).as("one fact, kept once").singleElement()
          .satisfies(x -> {
            assertThat(x.kind()).isEqualTo(EventKind.ATTENTION);
            assertThat(x.outcome()).isEqualTo(EventOutcome.BILL_DISCREPANCY);
            assertThat(x.isUnresolved()).isTrue();
          });
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = TestDatabases.Kind.class, names = {"H2", "POSTGRESQL"})
  void anAmountTamperedInTheDatabaseIsAnAmountMismatch(TestDatabases.Kind kind) {
    bench(kind);
    paid(100);
    String no = paid(1_000);
    b.tamperTotalFee(no, 10);
    b.nextMorning();

    ReconciliationReport report = reconcile();

    Discrepancy d = only(report, DiscrepancyType.AMOUNT_MISMATCH);
    assertThat(report.discrepancyCount()).isEqualTo(1);
    assertThat(d.outTradeNo()).isEqualTo(no);
    assertThat(d.providerAmount()).isEqualTo(1_000);
    assertThat(d.localAmount()).isEqualTo(10);
    assertThat(d.remedy()).isEqualTo(Remedy.LEFT_TO_OPERATOR);
    assertThat(report.providerTotals().paymentTotal()).isEqualTo(1_100);
    assertThat(report.localTotals().paymentTotal()).isEqualTo(110);
    assertThat(b.pay.getOrder(no).totalFee()).as("left to a person").isEqualTo(10);
    assertThat(b.paidRuns(no)).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = TestDatabases.Kind.class, names = {"H2", "POSTGRESQL"})
  void aPaymentTheBillLacksAndAStatusEditedByHandArePaidLocallyMissingAtTheProvider(
      TestDatabases.Kind kind) {
    bench(kind);
    paid(100);
    String unbilled = paid(700);
    billOmitsPayment(unbilled);
    String byHand = b.order(500);
    b.markPaidByHand(byHand);
    b.nextMorning();

    ReconciliationReport report = reconcile();

    assertThat(report.discrepancyCount()).isEqualTo(2);
    assertThat(report.count(DiscrepancyType.PAID_LOCALLY_MISSING_AT_PROVIDER)).isEqualTo(2);
    assertThat(report.discrepancies())
        .extracting(Discrepancy::outTradeNo, Discrepancy::localAmount, Discrepancy::providerAmount,
            Discrepancy::remedy)
        .containsExactlyInAnyOrder(
            tuple(unbilled, 700L, -1L, Remedy.LEFT_TO_OPERATOR),
            tuple(byHand, 500L, -1L, Remedy.LEFT_TO_OPERATOR));
    assertThat(report.providerTotals().payments()).isEqualTo(1);
    assertThat(report.localTotals().payments()).isEqualTo(3);
    assertThat(b.pay.ledger().unresolved(100)).hasSize(2);
    assertThat(b.paidRuns(byHand)).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = TestDatabases.Kind.class, names = {"H2", "POSTGRESQL"})
  void aRefundTheBillLacksIsRefundMissingAtTheProvider(TestDatabases.Kind kind) {
    bench(kind);
    String no = paid(900);
    Refund kept = refund(no, 100);
    Refund unbilled = refund(no, 200);
    billOmitsRefund(unbilled.outRefundNo());
    b.nextMorning();

    ReconciliationReport report = reconcile();

    Discrepancy d = only(report, DiscrepancyType.REFUND_MISSING_AT_PROVIDER);
    assertThat(report.discrepancyCount()).isEqualTo(1);
    assertThat(d.outTradeNo()).isEqualTo(no);
    assertThat(d.outRefundNo()).isEqualTo(unbilled.outRefundNo()).isNotEqualTo(kept.outRefundNo());
    assertThat(d.localAmount()).isEqualTo(200);
    assertThat(d.providerAmount()).isEqualTo(-1);
    assertThat(d.remedy()).isEqualTo(Remedy.LEFT_TO_OPERATOR);
    assertThat(report.providerTotals().refunds()).isEqualTo(1);
    assertThat(report.localTotals().refunds()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = TestDatabases.Kind.class, names = {"H2", "POSTGRESQL"})
  void aRefundAmountTamperedInTheDatabaseIsARefundAmountMismatch(TestDatabases.Kind kind) {
    bench(kind);
    String no = paid(900);
    Refund refund = refund(no, 200);
    b.tamperRefundFee(refund.outRefundNo(), 150);
    b.nextMorning();

    ReconciliationReport report = reconcile();

    Discrepancy d = only(report, DiscrepancyType.REFUND_AMOUNT_MISMATCH);
    assertThat(report.discrepancyCount()).isEqualTo(1);
    assertThat(d.outRefundNo()).isEqualTo(refund.outRefundNo());
    assertThat(d.providerAmount()).isEqualTo(200);
    assertThat(d.localAmount()).isEqualTo(150);
    assertThat(d.remedy()).isEqualTo(Remedy.LEFT_TO_OPERATOR);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = TestDatabases.Kind.class, names = {"H2", "POSTGRESQL"})
  void aRefundWhoseAnswerWasLostIsRepairedByTheRefundQueryWithItsHookOnce(TestDatabases.Kind kind) {
    bench(kind);
    String no = paid(900);
    Refund lost = refundLosingTheAnswer(no, 400);
    assertThat(b.pay.getRefund(lost.outRefundNo(), false).status())
        .isEqualTo(RefundStatus.PROCESSING);
    b.nextMorning();

    ReconciliationReport report = reconcile();

    Discrepancy d = only(report, DiscrepancyType.REFUND_MISSING_LOCALLY);
    assertThat(report.discrepancyCount()).isEqualTo(1);
    assertThat(d.outRefundNo()).isEqualTo(lost.outRefundNo());
    assertThat(d.remedy()).isEqualTo(Remedy.REPAIRED);
    assertThat(b.pay.getRefund(lost.outRefundNo(), false).status()).isEqualTo(RefundStatus.SUCCESS);
    assertThat(b.refundRuns(lost.outRefundNo())).isEqualTo(1);
    assertThat(b.pay.ledger().unresolved(100)).isEmpty();

    assertThat(reconcileForced().isClean()).isTrue();
    assertThat(b.refundRuns(lost.outRefundNo())).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = TestDatabases.Kind.class, names = {"H2", "POSTGRESQL"})
  void reRunningADayChangesNothingAndAForcedRunAfterTheRepairDropsOnlyTheRepairedCase(
      TestDatabases.Kind kind) {
    bench(kind);
    String lost = b.order(880);
    payLosingTheNotification(lost);
    String tampered = paid(1_000);
    b.tamperTotalFee(tampered, 999);
    String console = paid(600);
    consoleRefund(console, "CONSOLE7002", 100);
    String unbilled = paid(700);
    billOmitsPayment(unbilled);
    b.nextMorning();

    ReconciliationReport first = reconcile();

    assertThat(first.discrepancyCount()).isEqualTo(4);
    assertThat(first.repaired()).isEqualTo(1);
    assertThat(first.discrepancies())
        .extracting(Discrepancy::type, Discrepancy::outTradeNo, Discrepancy::remedy)
        .containsExactlyInAnyOrder(
            tuple(
                DiscrepancyType.PAID_AT_PROVIDER_MISSING_LOCALLY, lost, Remedy.REPAIRED),
            tuple(
                DiscrepancyType.AMOUNT_MISMATCH, tampered, Remedy.LEFT_TO_OPERATOR),
            tuple(
                DiscrepancyType.REFUND_MISSING_LOCALLY, console, Remedy.LEFT_TO_OPERATOR),
            tuple(
                DiscrepancyType.PAID_LOCALLY_MISSING_AT_PROVIDER, unbilled,
                Remedy.LEFT_TO_OPERATOR));
    long events = b.rows("uni_pay_events");
    long orders = b.rows("uni_pay_orders");
    long refunds = b.rows("uni_pay_refunds");
    int downloads = billDownloads();
    List<ProviderEvent> unresolved = b.pay.ledger().unresolved(100);
    assertThat(unresolved).hasSize(3);
    assertThat(b.paid).containsOnlyKeys(lost, tampered, console, unbilled);
    assertThat(b.paid.values()).allSatisfy(n -> assertThat(n).hasValue(1));

    ReconciliationReport again = reconcile();

    assertThat(again).as("the stored report").isEqualTo(first);
    assertThat(billDownloads()).isEqualTo(downloads);
    assertThat(b.rows("uni_pay_events")).isEqualTo(events);
    assertThat(b.paid.values()).allSatisfy(n -> assertThat(n).hasValue(1));

    ReconciliationReport forced = reconcileForced();

    assertThat(forced.run()).isEqualTo(2);
    assertThat(forced.repaired()).isZero();
    assertThat(forced.discrepancies())
        .extracting(Discrepancy::type, Discrepancy::outTradeNo)
        .containsExactlyInAnyOrder(
            tuple(DiscrepancyType.AMOUNT_MISMATCH, tampered),
            tuple(DiscrepancyType.REFUND_MISSING_LOCALLY, console),
            tuple(
                DiscrepancyType.PAID_LOCALLY_MISSING_AT_PROVIDER, unbilled));
    assertThat(billDownloads()).isEqualTo(downloads + 1);
    assertThat(b.rows("uni_pay_events")).as("no ledger fact twice").isEqualTo(events);
    assertThat(b.rows("uni_pay_orders")).isEqualTo(orders);
    assertThat(b.rows("uni_pay_refunds")).isEqualTo(refunds);
    assertThat(b.pay.ledger().unresolved(100)).isEqualTo(unresolved);
    assertThat(b.paid.values()).allSatisfy(n -> assertThat(n).hasValue(1));
  }
}
