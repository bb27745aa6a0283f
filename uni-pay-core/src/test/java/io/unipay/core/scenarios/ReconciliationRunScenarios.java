package io.unipay.core.scenarios;

import static io.unipay.core.scenarios.ReconcileFixture.DAY;
import static io.unipay.core.scenarios.ReconcileFixture.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.ReconcileJob;
import io.unipay.core.Reconciler;
import io.unipay.core.UniPay;
import io.unipay.core.UniPayException;
import io.unipay.core.order.Provider;
import io.unipay.core.reconcile.Discrepancy;
import io.unipay.core.reconcile.DiscrepancyType;
import io.unipay.core.reconcile.ReconciliationReport;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.TradeState;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: a day is reconciled once (re-runs, forced re-runs, two instances, leases), the day
 * boundary, bills that are late, and the daily job. Runs on every repository.
 */
public abstract class ReconciliationRunScenarios extends ErrorLogAudit {

  /** A repository with no orders, refunds, events or reports. */
  protected abstract OrderRepository emptyRepository();

  /** Another repository object on the same database, as a second application instance has. */
  protected OrderRepository sameDatabase(OrderRepository repository) {
    return repository;
  }

  private ReconcileFixture fixture() {
    return new ReconcileFixture(emptyRepository());
  }

  @Test
  void reRunningADayReturnsTheStoredReportAndChangesNothing() {
    ReconcileFixture f = fixture();
    f.paid("R1", 100);
    String no = f.paid("R2", 200);
    f.e.wechat.consoleRefund(no, 50);
    f.nextMorning();
    ReconciliationReport first = f.reconcile();

    f.e.clock.advance(Duration.ofHours(1));
    ReconciliationReport again = f.reconcile();

    assertThat(again).isEqualTo(first);
    assertThat(f.e.wechat.bills().opened).as("the bill is not fetched again").hasValue(1);
    assertThat(f.unresolved()).hasSize(1);
    assertThat(f.e.surfaced).hasSize(1);
  }

  @Test
  void aForcedReRunReplacesTheReportButRecordsNoLedgerFactTwice() {
    ReconcileFixture f = fixture();
    String no = f.paid("R1", 200);
    f.e.wechat.consoleRefund(no, 50);
    f.nextMorning();
    f.reconcile();

    ReconciliationReport forced = f.reconcileAgain();

    assertThat(forced.run()).isEqualTo(2);
    assertThat(forced.count(DiscrepancyType.REFUND_MISSING_LOCALLY)).isEqualTo(1);
    assertThat(f.unresolved()).hasSize(1);
    assertThat(f.e.surfaced).as("the listener heard of it once").hasSize(1);
    assertThat(f.reconciler().report(Provider.WXPAY, DAY)).contains(forced);
  }

  @Test
  void twoInstancesReconcilingTheSameDayAtOnceMakeOneReportAndRunTheHandlerOnce()
      throws Exception {
    ReconcileFixture f = fixture();
    String lost = f.unpaid("R1", 500);
    f.e.wechat.pay(lost);
    f.nextMorning();
    UniPay second = f.secondInstance(sameDatabase(f.e.repository));
    List<Reconciler> instances = List.of(f.reconciler(), second.reconciler());
    List<ReconciliationReport> reports = new CopyOnWriteArrayList<>();
    List<ErrorCode> refused = new CopyOnWriteArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> runs =
          instances.stream()
              .<Future<?>>map(r -> threads.submit(() -> {
                start.await();
                try {
                  reports.add(r.reconcile(Provider.WXPAY, DAY));
                } catch (UniPayException e) {
                  refused.add(e.code());
                }
                return null;
              }))
              .toList();
      start.countDown();
      for (Future<?> run : runs) run.get(30, TimeUnit.SECONDS);
    } finally {
      threads.shutdownNow();
    }

    assertThat(refused).allMatch(code -> code == ErrorCode.RECONCILIATION_IN_PROGRESS);
    assertThat(reports).isNotEmpty().allSatisfy(r -> {
      assertThat(r.run()).isEqualTo(1);
      assertThat(r.repaired()).isEqualTo(1);
    });
    assertThat(f.e.handler.paid).hasValue(1);
    assertThat(f.facts(lost)).hasSize(2);
  }

  @Test
  void aDayHeldByAnotherInstanceIsRefusedUntilItsLeaseRunsOut() {
    ReconcileFixture f = fixture();
    f.paid("R1", 100);
    f.nextMorning();
    f.e.repository.reconciliation().orElseThrow()
        .claimDay(Provider.WXPAY, DAY, "crashed-instance", f.e.clock.instant(),
            Duration.ofMinutes(10), false)
        .orElseThrow();

    assertThatThrownBy(f::reconcile)
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.RECONCILIATION_IN_PROGRESS));
    assertThat(f.reconciler().report(Provider.WXPAY, DAY)).isEmpty();

    f.e.clock.advance(Duration.ofMinutes(11));
    ReconciliationReport report = f.reconcile();
    assertThat(report.isClean()).isTrue();
    assertThat(report.run()).isEqualTo(2);
  }

  @Test
  void aPaymentTheProviderBooksOnTheNextDayIsConfirmedByQueryNotReported() {
    ReconcileFixture f = fixture();
    f.at(Instant.parse("2026-03-01T15:50:00Z"));
    String late = f.unpaid("R1", 300);
    String reversed = f.unpaid("R2", 400);
    f.at(Instant.parse("2026-03-01T15:59:59.000Z"));
    f.e.pay.handleNotify(f.e.wechat.pay(reversed));
    f.at(Instant.parse("2026-03-01T15:59:59.900Z")); // 23:59:59.9 in Shanghai
    f.e.pay.handleNotify(f.e.wechat.pay(late));
    f.e.wechat.bills().bookAt(late, Instant.parse("2026-03-01T16:00:00.300Z"));
    f.e.wechat.bills().omit(reversed);
    f.e.wechat.setTradeState(reversed, TradeState.CLOSED);
    f.nextMorning();

    ReconciliationReport day = f.reconcile();

    assertThat(day.confirmedByQuery()).isEqualTo(1);
    assertThat(day.discrepancyCount()).as("only the reversed one").isEqualTo(1);
    assertThat(of(day, DiscrepancyType.PAID_LOCALLY_MISSING_AT_PROVIDER)).singleElement()
        .satisfies(d -> {
          assertThat(d.outTradeNo()).isEqualTo(reversed);
          assertThat(d.detail()).contains("near midnight").contains("CLOSED");
        });
    assertThat(day.localTotals().payments()).isEqualTo(2);
    assertThat(day.providerTotals().payments()).isZero();

    f.at(Instant.parse("2026-03-02T16:10:00Z"));
    ReconciliationReport next = f.reconciler().reconcile(Provider.WXPAY, DAY.plusDays(1));
    assertThat(next.isClean()).as("found by its key, whatever the local day").isTrue();
    assertThat(next.providerTotals().payments()).isEqualTo(1);
    assertThat(next.localTotals().payments()).isZero();
  }

  @Test
  void aDayThatHasNotEndedInShanghaiIsRefused() {
    ReconcileFixture f = fixture();
    f.at(Instant.parse("2026-03-01T16:02:00Z")); // 00:02 the next day: within the tolerance
    assertThatThrownBy(f::reconcile)
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertThat(f.e.wechat.bills().opened).hasValue(0);
  }

  @Test
  void aBillThatIsNotReadyLeavesTheDayForALaterRunAndStoresNothing() {
    ReconcileFixture f = fixture();
    f.paid("R1", 100);
    f.e.wechat.bills().notReady(DAY, 1);
    f.nextMorning();

    assertThatThrownBy(f::reconcile)
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.BILL_NOT_READY));
    assertThat(f.reconciler().report(Provider.WXPAY, DAY)).isEmpty();

    assertThat(f.reconcile().isClean()).isTrue();
  }

  @Test
  void theDailyJobReconcilesYesterdayOnceAfterTheBillsAreDueRetryingABillNotReady() {
    ReconcileFixture f = fixture();
    f.paid("R1", 100);
    ReconcileJob job =
        f.reconciler().job().providers(Set.of(Provider.WXPAY)).notBefore(LocalTime.of(10, 0))
            .catchUpDays(1).build();
    f.e.wechat.bills().notReady(DAY, 1);

    f.at(Instant.parse("2026-03-02T01:00:00Z")); // 09:00 in Shanghai
    assertThat(job.runOnce()).isEmpty();
    assertThat(f.e.wechat.bills().opened).as("not asked before 10:00").hasValue(0);

    f.at(Instant.parse("2026-03-02T02:30:00Z"));
    assertThat(job.runOnce()).as("not ready yet").isEmpty();
    List<ReconciliationReport> made = job.runOnce();
    assertThat(made).singleElement().satisfies(r -> {
      assertThat(r.day()).isEqualTo(DAY);
      assertThat(r.isClean()).isTrue();
    });
    assertThat(job.runOnce()).as("done once").isEmpty();
    assertThat(f.e.wechat.bills().opened).hasValue(2);
  }

  @Test
  void aStartedJobReconcilesInTheBackgroundAndTellsItsListenerOnce() throws Exception {
    ReconcileFixture f = fixture();
    f.paid("R1", 100);
    f.at(Instant.parse("2026-03-02T02:30:00Z")); // 10:30 in Shanghai
    List<ReconciliationReport> told = new CopyOnWriteArrayList<>();
    CountDownLatch first = new CountDownLatch(1);
    ReconcileJob job =
        f.reconciler().job().providers(Set.of(Provider.WXPAY)).catchUpDays(1)
            .interval(Duration.ofSeconds(1)) // the shortest allowed; the first pass runs at once
            .onReport(r -> {
              told.add(r);
              first.countDown();
            })
            .build();

    try (ReconcileJob started = job.start()) {
      assertThat(first.await(10, TimeUnit.SECONDS)).as("a pass ran in the background").isTrue();
      Thread.sleep(1_300); // a second pass: the day is done, it does not report it again
    }

    assertThat(told).singleElement().satisfies(r -> {
      assertThat(r.day()).isEqualTo(DAY);
      assertThat(r.isClean()).isTrue();
    });
    assertThat(f.e.wechat.bills().opened).hasValue(1);
  }

  @Test
  void aLargeReportIsPagedAndKeepsEveryDiscrepancy() {
    ReconcileFixture f = fixture();
    for (int i = 1; i <= 5; i++) f.e.wechat.consoleRefund(f.paid("R" + i, 100), 10);
    f.nextMorning();
    Reconciler reconciler = Reconciler.builder(f.e.pay).reportLimit(2).batchSize(2).build();

    ReconciliationReport report = reconciler.reconcile(Provider.WXPAY, DAY);

    assertThat(report.discrepancyCount()).isEqualTo(5);
    assertThat(report.discrepancies()).hasSize(2);
    assertThat(report.hasMore()).isTrue();
    List<Discrepancy> rest =
        reconciler.discrepancies(Provider.WXPAY, DAY, report.discrepancies().get(1).seq(), 10);
    assertThat(rest).hasSize(3);
    assertThat(rest).extracting(Discrepancy::seq).containsExactly(3L, 4L, 5L);
    assertThat(f.unresolved()).hasSize(5);
    assertThat(report.providerTotals().payments()).isEqualTo(5);
    LocalDate other = DAY.minusDays(1);
    assertThat(reconciler.report(Provider.WXPAY, other)).isEmpty();
  }
}
