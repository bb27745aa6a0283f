package io.unipay.core.scenarios;

import static io.unipay.core.scenarios.ReconcileFixture.DAY;
import static io.unipay.core.scenarios.ReconcileFixture.of;
import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.UniPayException;
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
import io.unipay.core.spi.OrderRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: reconciliation of a day's bill, each discrepancy kind produced by a real fault, and
 * the repair of a lost payment through the settlement path. Runs on every repository; subclasses
 * give a fresh, empty one per test and, where they have a database, tamper with it for real.
 */
public abstract class ReconciliationScenarios extends ErrorLogAudit {

  /** A repository with no orders, refunds, events or reports. */
  protected abstract OrderRepository emptyRepository();

  /**
   * Changes the order's amount behind the engine's back (a database edit). Without a database
   * the provider's bill line says another amount instead, which the comparison cannot tell apart.
   */
  protected void tamperTotalFee(ReconcileFixture f, String outTradeNo, long fee) {
    f.e.wechat.bills().amount(outTradeNo, fee);
  }

  /**
   * Makes an unpaid order PAID behind the engine's back (a status edited by hand). Without a
   * database: it is paid and the provider then reverses it, leaving it out of the bill.
   */
  protected void markPaidBehindTheEngine(ReconcileFixture f, String outTradeNo) {
    f.e.pay.handleNotify(f.e.wechat.pay(outTradeNo));
    f.e.wechat.bills().omit(outTradeNo);
    f.e.wechat.setTradeState(outTradeNo, io.unipay.core.spi.TradeState.CLOSED);
  }

  protected ReconcileFixture fixture() {
    return new ReconcileFixture(emptyRepository());
  }

  @Test
  void aDayWithPaymentsAndRefundsReconcilesCleanWithBothSidesTotals() {
    ReconcileFixture f = fixture();
    long total = 0;
    for (int i = 1; i <= 12; i++) {
      String no = f.paid("R" + i, 100L * i);
      total += 100L * i;
      if (i % 4 == 0) f.refund(no, 50);
    }
    f.nextMorning();

    ReconciliationReport report = f.reconcile();

    assertThat(report.isClean()).as(report.discrepancies().toString()).isTrue();
    assertThat(report.bill()).isEqualTo(BillState.RECEIVED);
    assertThat(report.run()).isEqualTo(1);
    assertThat(report.providerTotals().payments()).isEqualTo(12);
    assertThat(report.providerTotals().paymentTotal()).isEqualTo(total);
    assertThat(report.providerTotals().refunds()).isEqualTo(3);
    assertThat(report.providerTotals().refundTotal()).isEqualTo(150);
    assertThat(report.providerTotals().fees()).isEqualTo(expectedFees(f));
    assertThat(report.localTotals().payments()).isEqualTo(12);
    assertThat(report.localTotals().paymentTotal()).isEqualTo(total);
    assertThat(report.localTotals().refunds()).isEqualTo(3);
    assertThat(report.localTotals().refundTotal()).isEqualTo(150);
    assertThat(f.unresolved()).isEmpty();
  }

  private static long expectedFees(ReconcileFixture f) {
    long fees = 0;
    for (int i = 1; i <= 12; i++) fees += 100L * i * 6 / 1000;
    return fees - 3 * (50 * 6 / 1000);
  }

  @Test
  void aLostNotificationNeverRecoveredIsRepairedThroughTheSettlementPathAndItsHandlerRunsOnce() {
    ReconcileFixture f = fixture();
    f.paid("R1", 300);
    String lost = f.unpaid("R2", 500);
    f.e.wechat.pay(lost); // the payer paid; the notification never arrives, no sweeper runs
    f.nextMorning();

    ReconciliationReport report = f.reconcile();

    List<Discrepancy> found = of(report, DiscrepancyType.PAID_AT_PROVIDER_MISSING_LOCALLY);
    assertThat(found).singleElement().satisfies(d -> {
      assertThat(d.outTradeNo()).isEqualTo(lost);
      assertThat(d.remedy()).isEqualTo(Remedy.REPAIRED);
      assertThat(d.providerAmount()).isEqualTo(500);
    });
    assertThat(report.discrepancyCount()).isEqualTo(1);
    assertThat(report.repaired()).isEqualTo(1);
    assertThat(f.e.order(lost).status()).isEqualTo(OrderStatus.PAID);
    assertThat(f.e.handler.granted).containsExactly(f.e.handler.granted.get(0), lost);
    assertThat(f.e.handler.paid).hasValue(2);
    List<ProviderEvent> facts = f.facts(lost);
    assertThat(facts).extracting(ProviderEvent::kind)
        .containsExactlyInAnyOrder(EventKind.PAYMENT, EventKind.ATTENTION);
    assertThat(facts).filteredOn(x -> x.kind() == EventKind.ATTENTION).singleElement()
        .satisfies(x -> {
          assertThat(x.outcome()).isEqualTo(EventOutcome.BILL_DISCREPANCY);
          assertThat(x.isUnresolved()).as("repaired: resolved").isFalse();
          assertThat(x.resolution()).isEqualTo(EventOutcome.SETTLED);
        });
    assertThat(f.e.surfaced).as("a repaired finding bothers no one").isEmpty();

    ReconciliationReport again = f.reconcileAgain();
    assertThat(again.isClean()).as("the repaired payment now matches").isTrue();
    assertThat(again.run()).isEqualTo(2);
    assertThat(f.e.handler.paid).hasValue(2);
    assertThat(f.facts(lost)).hasSize(2);
  }

  @Test
  void aRefundDoneInTheProvidersConsoleIsReportedAndLeftToAPerson() {
    ReconcileFixture f = fixture();
    String no = f.paid("R1", 800);
    String console = f.e.wechat.consoleRefund(no, 300);
    f.nextMorning();

    ReconciliationReport report = f.reconcile();

    assertThat(of(report, DiscrepancyType.REFUND_MISSING_LOCALLY)).singleElement().satisfies(d -> {
      assertThat(d.outRefundNo()).isEqualTo(console);
      assertThat(d.providerAmount()).isEqualTo(300);
      assertThat(d.localAmount()).isEqualTo(-1);
      assertThat(d.remedy()).isEqualTo(Remedy.LEFT_TO_OPERATOR);
    });
    assertThat(report.discrepancyCount()).isEqualTo(1);
    assertThat(f.e.pay.refunds(no)).as("nothing written from the bill").isEmpty();
    assertThat(f.unresolved()).singleElement().satisfies(x -> {
      assertThat(x.outcome()).isEqualTo(EventOutcome.BILL_DISCREPANCY);
      assertThat(x.providerState()).isEqualTo("REFUND_MISSING_LOCALLY");
      assertThat(x.outRefundNo()).isEqualTo(console);
    });
    assertThat(f.e.surfaced).hasSize(1);
  }

  @Test
  void aPaymentOfAPurgedOrderIsReportedButNotRepaired() {
    ReconcileFixture f = fixture();
    String no = f.unpaid("R1", 400);
    f.e.pay.closeOrder(no);
    f.at(Instant.parse("2026-03-01T12:00:00Z"));
    f.e.pay.sweeper().purgeClosedAfter(Duration.ofMinutes(30)).build().runOnce();
    assertThat(f.e.repository.find(no)).as("purged").isEmpty();
    f.e.wechat.setTradeState(no, io.unipay.core.spi.TradeState.PAID); // money was taken after all
    f.nextMorning();

    ReconciliationReport report = f.reconcile();

    assertThat(of(report, DiscrepancyType.PAID_AT_PROVIDER_MISSING_LOCALLY)).singleElement()
        .satisfies(d -> {
          assertThat(d.outTradeNo()).isEqualTo(no);
          assertThat(d.localAmount()).isEqualTo(-1);
          assertThat(d.remedy()).isEqualTo(Remedy.LEFT_TO_OPERATOR);
        });
    assertThat(f.e.handler.paid).hasValue(0);
    assertThat(f.e.repository.find(no)).isEmpty();
  }

  @Test
  void anAmountTamperedInTheDatabaseIsReportedAsAnAmountMismatch() {
    ReconcileFixture f = fixture();
    f.paid("R1", 100);
    String no = f.paid("R2", 1000);
    tamperTotalFee(f, no, 10);
    f.nextMorning();

    ReconciliationReport report = f.reconcile();

    assertThat(report.discrepancyCount()).isEqualTo(1);
    assertThat(of(report, DiscrepancyType.AMOUNT_MISMATCH)).singleElement().satisfies(d -> {
      assertThat(d.outTradeNo()).isEqualTo(no);
      assertThat(Math.abs(d.providerAmount() - d.localAmount())).isEqualTo(990);
      assertThat(d.remedy()).isEqualTo(Remedy.LEFT_TO_OPERATOR);
    });
  }

  @Test
  void aPaymentPaidLocallyThatTheProviderDoesNotHaveIsReported() {
    ReconcileFixture f = fixture();
    f.paid("R1", 100);
    String no = f.unpaid("R2", 700);
    markPaidBehindTheEngine(f, no);
    f.nextMorning();

    ReconciliationReport report = f.reconcile();

    assertThat(report.discrepancyCount()).isEqualTo(1);
    assertThat(of(report, DiscrepancyType.PAID_LOCALLY_MISSING_AT_PROVIDER)).singleElement()
        .satisfies(d -> {
          assertThat(d.outTradeNo()).isEqualTo(no);
          assertThat(d.localAmount()).isEqualTo(700);
          assertThat(d.providerAmount()).isEqualTo(-1);
        });
    assertThat(report.localTotals().payments()).isEqualTo(2);
    assertThat(report.providerTotals().payments()).isEqualTo(1);
  }

  @Test
  void aRefundSuccessfulLocallyThatTheBillLacksIsReported() {
    ReconcileFixture f = fixture();
    String no = f.paid("R1", 900);
    Refund refund = f.refund(no, 200);
    f.e.wechat.bills().omit(refund.outRefundNo());
    f.nextMorning();

    ReconciliationReport report = f.reconcile();

    assertThat(of(report, DiscrepancyType.REFUND_MISSING_AT_PROVIDER)).singleElement()
        .satisfies(d -> {
          assertThat(d.outRefundNo()).isEqualTo(refund.outRefundNo());
          assertThat(d.localAmount()).isEqualTo(200);
        });
    assertThat(report.discrepancyCount()).isEqualTo(1);
  }

  @Test
  void aRefundWhoseAmountDiffersIsReportedAsARefundAmountMismatch() {
    ReconcileFixture f = fixture();
    String no = f.paid("R1", 900);
    Refund refund = f.refund(no, 200);
    f.e.wechat.bills().amount(refund.outRefundNo(), 250);
    f.nextMorning();

    ReconciliationReport report = f.reconcile();

    assertThat(of(report, DiscrepancyType.REFUND_AMOUNT_MISMATCH)).singleElement()
        .satisfies(d -> {
          assertThat(d.providerAmount()).isEqualTo(250);
          assertThat(d.localAmount()).isEqualTo(200);
        });
    assertThat(report.discrepancyCount()).isEqualTo(1);
  }

  @Test
  void aRefundWhoseAnswerWasLostIsRepairedByTheRefundQueryAndItsHookRunsOnce() {
    ReconcileFixture f = fixture();
    String no = f.paid("R1", 900);
    f.e.wechat.failNextRefundAfterApplying(
        new UniPayException(io.unipay.core.ErrorCode.OUTCOME_UNKNOWN, "read timed out"));
    String outRefundNo;
    try {
      f.refund(no, 300);
      throw new AssertionError("the refund's answer was lost");
    } catch (UniPayException expected) {
      outRefundNo = f.e.pay.refunds(no).get(0).outRefundNo();
    }
    assertThat(f.e.pay.getRefund(outRefundNo, false).status()).isEqualTo(RefundStatus.PROCESSING);
    f.nextMorning();

    ReconciliationReport report = f.reconcile();

    assertThat(of(report, DiscrepancyType.REFUND_MISSING_LOCALLY)).singleElement()
        .satisfies(d -> assertThat(d.remedy()).isEqualTo(Remedy.REPAIRED));
    assertThat(f.e.pay.getRefund(outRefundNo, false).status()).isEqualTo(RefundStatus.SUCCESS);
    assertThat(f.e.handler.revoked).hasSize(1);
    assertThat(f.unresolved()).isEmpty();
    assertThat(f.reconcileAgain().isClean()).isTrue();
    assertThat(f.e.handler.revoked).hasSize(1);
  }

  @Test
  void aDayWithoutABillIsComparedAsAnEmptyBill() {
    ReconcileFixture f = fixture();
    String no = f.paid("R1", 100);
    f.e.wechat.bills().none(DAY);
    f.nextMorning();

    ReconciliationReport report = f.reconcile();

    assertThat(report.bill()).isEqualTo(BillState.NONE);
    assertThat(of(report, DiscrepancyType.PAID_LOCALLY_MISSING_AT_PROVIDER))
        .extracting(Discrepancy::outTradeNo).containsExactly(no);
  }
}
