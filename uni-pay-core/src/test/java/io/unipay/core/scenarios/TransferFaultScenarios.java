package io.unipay.core.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.ErrorCode;
import io.unipay.core.NotifyResponse;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.SweepReport;
import io.unipay.core.Sweeper;
import io.unipay.core.UniPayException;
import io.unipay.core.fake.FakeTransfers;
import io.unipay.core.ledger.EventKind;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.TransferState;
import io.unipay.core.transfer.Transfer;
import io.unipay.core.transfer.TransferStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, unknown outcomes and races: every fault on the send and on the query ends with
 * exactly one bill at the provider for the number and the local final status equal to the
 * provider's; nothing is guessed, a re-send always carries the same out_bill_no; the handler runs
 * once even when a notification and the sweeper race, and again after it threw. Runs on every
 * repository.
 */
public abstract class TransferFaultScenarios extends TransferScenarioBase {

  private static UniPayException systemError() {
    return new ProviderRejectedException("SYSTEM_ERROR", "系统繁忙", 500, "system error");
  }

  /** Sends W with a fault on the send, sweeps until the provider's answer is in, confirms. */
  private void faultOnSendEndsLikeTheProvider(
      Consumer<FakeTransfers> fault, boolean appliedAtProvider, int expectedSends) {
    TransferRig rig = rig();
    FakeTransfers fake = rig.fake(Provider.WXPAY);
    fault.accept(fake);

    Transfer sent = rig.engine.pay.transfer(rig.wechat("U1", 700).build()).transfer();
    assertThat(sent.status()).as("an unknown outcome is not guessed").isEqualTo(TransferStatus.CREATED);
    assertThat(fake.billCount()).isEqualTo(appliedAtProvider ? 1 : 0);
    assertThat(rig.handler.runs()).isZero();

    Sweeper sweeper = sweeper(rig);
    for (int i = 0; i < 6 && rig.stored("U1").status() == TransferStatus.CREATED; i++) {
      rig.engine.clock.advance(Duration.ofMinutes(2));
      sweeper.runOnce();
    }
    Transfer waiting = rig.stored("U1");
    assertThat(waiting.status()).isEqualTo(TransferStatus.WAIT_USER_CONFIRM);
    assertThat(waiting.outBillNo()).as("never a new number").isEqualTo(sent.outBillNo());
    assertThat(waiting.sendCount()).isEqualTo(expectedSends);
    assertThat(fake.transferCalls).hasValue(expectedSends);

    fake.confirm(waiting.outBillNo()); // the notification is lost; the sweeper finds the end
    rig.engine.clock.advance(Duration.ofHours(1));
    sweeper.runOnce();
    assertEndedLikeTheProvider(rig, Provider.WXPAY, "U1");
  }

  @Test
  void aLostAnswerAfterTheProviderAppliedTheTransferIsFoundByQueryAndNeverSentAgain() {
    faultOnSendEndsLikeTheProvider(
        fake -> fake.failNextTransferAfterApplying(
            new UniPayException(ErrorCode.OUTCOME_UNKNOWN, "read timed out")),
        true, 1);
  }

  @Test
  void aSystemErrorBeforeTheProviderAppliedIsResentWithTheSameNumberOnlyAfterTheGrace() {
    faultOnSendEndsLikeTheProvider(fake -> fake.failNextTransfer(systemError()), false, 2);
  }

  @Test
  void anUnavailableProviderIsAskedAgainAndTheTransferSentOnceItAnswers() {
    faultOnSendEndsLikeTheProvider(
        fake -> fake.failNextTransfer(
            new UniPayException(ErrorCode.PROVIDER_UNAVAILABLE, "connection refused")),
        false, 2);
  }

  @Test
  void aSystemErrorAfterTheProviderAppliedIsNotMistakenForARefusal() {
    faultOnSendEndsLikeTheProvider(fake -> fake.failNextTransferAfterApplying(systemError()), true, 1);
  }

  @Test
  void aProviderThatDoesNotShowTheBillForItsFirstQueriesGetsTheSameNumberAgainNotANewOne() {
    faultOnSendEndsLikeTheProvider(
        fake -> {
          fake.failNextTransferAfterApplying(
              new UniPayException(ErrorCode.OUTCOME_UNKNOWN, "read timed out"));
          fake.answerNotFoundToNextQueries(2);
        },
        true, 2);
  }

  @Test
  void anAnswerThatDoesNotVerifyKeepsTheTransferForReconciliation() {
    faultOnSendEndsLikeTheProvider(
        fake -> fake.failNextTransferAfterApplying(
            new UniPayException(ErrorCode.SIGNATURE_INVALID, "answer signature mismatch")),
        true, 1);
  }

  @Test
  void aClientBugAfterTheProviderAppliedKeepsTheTransferForReconciliation() {
    faultOnSendEndsLikeTheProvider(
        fake -> fake.failNextTransferAfterApplying(new IllegalStateException("client bug")),
        true, 1);
  }

  @Test
  void theProvidersNoSuchBillIsNotBelievedWithinTheGraceAfterASend() {
    TransferRig rig = rig(b -> b.notFoundGrace(Duration.ofMinutes(30)));
    FakeTransfers fake = rig.fake(Provider.WXPAY);
    fake.failNextTransfer(systemError());
    Transfer sent = rig.engine.pay.transfer(rig.wechat("G1", 700).build()).transfer();
    Sweeper sweeper = sweeper(rig);

    for (int i = 0; i < 5; i++) {
      rig.engine.clock.advance(Duration.ofMinutes(5));
      sweeper.runOnce();
    }
    assertThat(fake.transferCalls).as("within the grace: only asked").hasValue(1);
    assertThat(rig.facts(sent.outBillNo())).containsExactly(EventOutcome.TRANSFER_UNCHANGED);

    rig.engine.clock.advance(Duration.ofHours(1)); // the backoff's next check, past the grace
    SweepReport report = sweeper.runOnce();
    assertThat(report.transfersResent()).isEqualTo(1);
    assertThat(fake.transferCalls).hasValue(2);
    assertThat(fake.state(sent.outBillNo())).isEqualTo(TransferState.WAIT_USER_CONFIRM);
  }

  @Test
  void failingQueriesKeepTheStateAreRaisedOnceAsStuckAndResolvedByTheFinalAnswer() {
    TransferRig rig = rig();
    FakeTransfers fake = rig.fake(Provider.WXPAY);
    fake.createBillsIn(TransferState.PROCESSING);
    Transfer t = rig.engine.pay.transfer(rig.wechat("S1", 700).build()).transfer();
    Sweeper sweeper = rig.engine.pay.sweeper().alertTransferAfterAttempts(3).build();

    int stuck = 0;
    for (int i = 0; i < 5; i++) {
      fake.failNextQuery(systemError());
      rig.engine.clock.advance(Duration.ofHours(1));
      SweepReport report = sweeper.runOnce();
      assertThat(report.errors()).isEqualTo(1);
      stuck += report.transfersStuck();
    }
    assertThat(stuck).as("raised once").isEqualTo(1);
    assertThat(rig.stored("S1").status()).isEqualTo(TransferStatus.PROCESSING);
    assertThat(rig.stored("S1").checkCount()).isEqualTo(5);
    List<ProviderEvent> unresolved = rig.engine.pay.ledger().unresolved(10);
    assertThat(unresolved).singleElement()
        .satisfies(e -> {
          assertThat(e.outcome()).isEqualTo(EventOutcome.TRANSFER_STUCK);
          assertThat(e.kind()).isEqualTo(EventKind.ATTENTION);
          assertThat(e.outTradeNo()).isEqualTo(t.outBillNo());
        });
    assertThat(rig.engine.surfaced).hasSize(1);

    fake.fail(t.outBillNo(), "余额不足");
    ProviderEvent replayed = rig.engine.pay.ledger().replay(unresolved.get(0).id());

    assertThat(replayed.isUnresolved()).isFalse();
    assertEndedLikeTheProvider(rig, Provider.WXPAY, "S1");
    assertThat(rig.engine.pay.ledger().unresolved(10)).isEmpty();
  }

  @Test
  void aSlowSendAnswerThatArrivesAfterTheConfirmationChangesNothing() throws Exception {
    TransferRig rig = rig();
    FakeTransfers fake = rig.fake(Provider.WXPAY);
    FakeTransfers.Gate slow = fake.holdNextTransfer();
    CompletableFuture<Transfer> sending =
        CompletableFuture.supplyAsync(
            () -> rig.engine.pay.transfer(rig.wechat("L1", 700).build()).transfer());
    slow.awaitArrival();
    String outBillNo = rig.stored("L1").outBillNo();

    NotifyResponse ack = rig.deliver(fake.confirm(outBillNo));
    slow.release();
    Transfer returned = sending.get();

    assertThat(ack.success()).isTrue();
    assertThat(returned.status()).isEqualTo(TransferStatus.SUCCESS);
    assertEndedLikeTheProvider(rig, Provider.WXPAY, "L1");
  }

  @Test
  void theNotificationAndTheSweeperRacingOverOneSuccessRunTheHandlerOnce() throws Exception {
    TransferRig rig = rig();
    FakeTransfers fake = rig.fake(Provider.WXPAY);
    Transfer t = rig.engine.pay.transfer(rig.wechat("Q1", 700).build()).transfer();
    fake.setState(t.outBillNo(), TransferState.SUCCESS);
    FakeTransfers.Gate held = fake.holdNextQuery();
    rig.engine.clock.advance(Duration.ofMinutes(2));
    Sweeper sweeper = sweeper(rig);
    CompletableFuture<SweepReport> sweeping = CompletableFuture.supplyAsync(sweeper::runOnce);
    held.awaitArrival();

    NotifyResponse ack = rig.deliver(fake.notification(t.outBillNo()));
    held.release();
    SweepReport report = sweeping.get();

    assertThat(ack.success()).isTrue();
    assertThat(report.errors()).isZero();
    assertEndedLikeTheProvider(rig, Provider.WXPAY, "Q1");
    assertThat(rig.facts(t.outBillNo()))
        .containsExactly(EventOutcome.TRANSFER_APPLIED, EventOutcome.TRANSFER_APPLIED);
  }

  @Test
  void aHandlerThatThrowsRollsEverythingBackAndRunsAgainOnTheRedelivery() {
    TransferRig rig = rig();
    FakeTransfers fake = rig.fake(Provider.WXPAY);
    Transfer t = rig.engine.pay.transfer(rig.wechat("H1", 700).build()).transfer();
    rig.handler.failuresLeft.set(1);

    NotifyResponse first = rig.deliver(fake.confirm(t.outBillNo()));

    assertThat(first.success()).as("asked to deliver again").isFalse();
    assertThat(rig.stored("H1").status()).isEqualTo(TransferStatus.WAIT_USER_CONFIRM);
    assertThat(rig.facts(t.outBillNo())).containsExactly(EventOutcome.TRANSFER_APPLIED);

    NotifyResponse again = rig.deliver(fake.notification(t.outBillNo()));

    assertThat(again.success()).isTrue();
    assertThat(rig.handler.attempts).hasValue(2);
    assertEndedLikeTheProvider(rig, Provider.WXPAY, "H1");
  }

  @Test
  void aThrowingHandlerFoundByTheSweeperIsRetriedByTheNextPass() {
    TransferRig rig = rig();
    FakeTransfers fake = rig.fake(Provider.ALIPAY);
    fake.createBillsIn(TransferState.PROCESSING);
    Transfer t = rig.engine.pay.transfer(rig.alipay("H2", 700).build()).transfer();
    fake.setState(t.outBillNo(), TransferState.SUCCESS);
    rig.handler.failuresLeft.set(1);
    Sweeper sweeper = sweeper(rig);

    rig.engine.clock.advance(Duration.ofMinutes(2));
    assertThat(sweeper.runOnce().errors()).isEqualTo(1);
    assertThat(rig.stored("H2").status()).isEqualTo(TransferStatus.PROCESSING);
    rig.engine.clock.advance(Duration.ofMinutes(10));
    assertThat(sweeper.runOnce().transfersFinished()).isEqualTo(1);

    assertEndedLikeTheProvider(rig, Provider.ALIPAY, "H2");
  }

  @Test
  void aResultForAnUnknownBillIsKeptUnmatchedAndAnsweredAsFailure() {
    TransferRig rig = rig();
    String unknown = "20260301080000AAAAAAAAAAAAAAAAAA";

    NotifyResponse ack =
        rig.deliver(rig.fake(Provider.WXPAY).notification(unknown, TransferState.SUCCESS, 100,
            "1230000109"));

    assertThat(ack.success()).isFalse();
    assertThat(rig.facts(unknown)).containsExactly(EventOutcome.TRANSFER_UNMATCHED);
    assertThat(rig.engine.surfaced).extracting(ProviderEvent::outcome)
        .containsExactly(EventOutcome.TRANSFER_UNMATCHED);
    assertThat(rig.handler.runs()).isZero();
  }

  @Test
  void aResultWithAnotherAmountOrMerchantIsAConflictAndChangesNothing() {
    TransferRig rig = rig();
    FakeTransfers fake = rig.fake(Provider.WXPAY);
    Transfer t = rig.engine.pay.transfer(rig.wechat("M1", 700).build()).transfer();

    assertThat(rig.deliver(fake.notification(t.outBillNo(), TransferState.SUCCESS, 70000,
        "1230000109")).success()).isFalse();
    assertThat(rig.deliver(fake.notification(t.outBillNo(), TransferState.SUCCESS, 700,
        "9999999999")).success()).isFalse();

    assertThat(rig.stored("M1").status()).isEqualTo(TransferStatus.WAIT_USER_CONFIRM);
    assertThat(rig.facts(t.outBillNo())).containsExactly(
        EventOutcome.TRANSFER_APPLIED, EventOutcome.TRANSFER_CONFLICT,
        EventOutcome.TRANSFER_CONFLICT);
    assertThat(rig.handler.runs()).isZero();
  }

  @Test
  void anAnswerAboutAnotherBillIsKeptInTheLedgerAndChangesNoTransfer() {
    TransferRig rig = rig();
    FakeTransfers fake = rig.fake(Provider.WXPAY);
    String other = "20260301080000BBBBBBBBBBBBBBBBBB";
    fake.answerNextTransferAbout(other);

    Transfer t = rig.engine.pay.transfer(rig.wechat("O1", 700).build()).transfer();

    assertThat(t.status()).isEqualTo(TransferStatus.CREATED);
    assertThat(rig.facts(other)).containsExactly(EventOutcome.TRANSFER_UNMATCHED);
    rig.engine.clock.advance(Duration.ofMinutes(2));
    sweeper(rig).runOnce();
    assertThat(rig.stored("O1").status()).isEqualTo(TransferStatus.WAIT_USER_CONFIRM);
    assertThat(fake.transferCalls).hasValue(1);
  }

  @Test
  void aSuccessReportedForATransferThatFailedHereIsAConflictForAnOperator() {
    TransferRig rig = rig();
    FakeTransfers fake = rig.fake(Provider.WXPAY);
    fake.createBillsIn(TransferState.PROCESSING);
    Transfer t = rig.engine.pay.transfer(rig.wechat("K1", 700).build()).transfer();
    rig.deliver(fake.fail(t.outBillNo(), "账户异常"));

    NotifyResponse ack = rig.deliver(fake.notification(t.outBillNo(), TransferState.SUCCESS, 700,
        "1230000109"));

    assertThat(ack.success()).isFalse();
    assertThat(rig.stored("K1").status()).isEqualTo(TransferStatus.FAIL);
    assertThat(rig.handler.failed("K1")).isEqualTo(1);
    assertThat(rig.handler.succeeded("K1")).isZero();
    assertThat(rig.engine.pay.ledger().unresolved(10)).extracting(ProviderEvent::outcome)
        .containsExactly(EventOutcome.TRANSFER_CONFLICT);
  }

  @Test
  void noSuchBillForATransferTheProviderHadAcknowledgedIsAConflictAndNeverResent() {
    TransferRig rig = rig();
    FakeTransfers fake = rig.fake(Provider.WXPAY);
    Transfer t = rig.engine.pay.transfer(rig.wechat("V1", 700).build()).transfer();
    fake.answerNotFoundToNextQueries(100);
    Sweeper sweeper = sweeper(rig);

    for (int i = 0; i < 4; i++) {
      rig.engine.clock.advance(Duration.ofHours(1));
      sweeper.runOnce();
    }

    assertThat(fake.transferCalls).hasValue(1);
    assertThat(rig.stored("V1").status()).isEqualTo(TransferStatus.WAIT_USER_CONFIRM);
    assertThat(rig.engine.pay.ledger().unresolved(10)).extracting(ProviderEvent::outcome)
        .containsExactly(EventOutcome.TRANSFER_CONFLICT);
  }
}
