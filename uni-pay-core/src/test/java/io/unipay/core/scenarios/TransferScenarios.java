package io.unipay.core.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.NotifyResponse;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.SweepReport;
import io.unipay.core.UniPayException;
import io.unipay.core.fake.FakeTransfers;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.Payee;
import io.unipay.core.spi.TransferState;
import io.unipay.core.transfer.Transfer;
import io.unipay.core.transfer.TransferResult;
import io.unipay.core.transfer.TransferStatus;
import io.unipay.core.transfer.UserConfirmation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, the transfer engine's normal life through the public API: the WeChat confirmation
 * hand-off, success, cancel, failure, WeChat's expiry of unconfirmed bills, refusals, and
 * idempotency by the business transfer number (also under 20 concurrent calls). Runs on every
 * repository.
 */
public abstract class TransferScenarios extends TransferScenarioBase {

  @Test
  void aWechatTransferWaitsForThePayeesConfirmationAndSucceedsOnceTheyConfirm() throws Exception {
    TransferRig rig = rig();
    TransferResult result =
        rig.engine.pay.transfer(rig.wechat("W1", 500_00).wechatPayee(TransferRig.OPENID, "张三").build());

    Transfer waiting = result.transfer();
    assertThat(result.reused()).isFalse();
    assertThat(waiting.status()).isEqualTo(TransferStatus.WAIT_USER_CONFIRM);
    assertThat(waiting.outBillNo()).matches("[0-9A-Za-z]{1,32}");
    assertThat(waiting.payeeNameMask()).isEqualTo("张*");
    UserConfirmation handOff = result.confirmation().orElseThrow();
    assertThat(handOff.requestMerchantTransferParams())
        .containsExactly(
            java.util.Map.entry("mchId", "1230000109"),
            java.util.Map.entry("appId", TransferRig.APP_ID),
            java.util.Map.entry("package", "pkg-B" + waiting.outBillNo()),
            java.util.Map.entry("openId", TransferRig.OPENID));
    assertThat(rig.fake(Provider.WXPAY).receivedName(waiting.outBillNo())).isEqualTo("张三");
    assertThat(rig.transfers.payeeRealName("W1")).contains("张三");
    assertThat(rig.handler.runs()).isZero();

    NotifyResponse ack = rig.deliver(rig.fake(Provider.WXPAY).confirm(waiting.outBillNo()));

    assertThat(ack.success()).isTrue();
    Transfer done = assertEndedLikeTheProvider(rig, Provider.WXPAY, "W1");
    assertThat(done.status()).isEqualTo(TransferStatus.SUCCESS);
    assertThat(done.providerBillNo()).isEqualTo("B" + done.outBillNo());
    assertThat(rig.engine.pay.getTransfer("W1").confirmation()).isEmpty();
    assertThat(rig.handler.events.get(0).result().state()).isEqualTo(TransferState.SUCCESS);
    assertThat(rig.facts(done.outBillNo()))
        .containsExactly(EventOutcome.TRANSFER_APPLIED, EventOutcome.TRANSFER_APPLIED);
    assertThat(rig.deliver(rig.fake(Provider.WXPAY).notification(done.outBillNo())).success())
        .as("a redelivery is acknowledged").isTrue();
    assertThat(rig.handler.runs()).as("and runs nothing").isEqualTo(1);
  }

  @Test
  void anAlipayTransferThatSucceedsAtOnceRunsItsHandlerInTheSameCall() {
    TransferRig rig = rig();

    Transfer t = rig.engine.pay.transfer(rig.alipay("A1", 1234).build()).transfer();

    assertThat(t.status()).isEqualTo(TransferStatus.SUCCESS);
    assertThat(t.confirmation()).isEmpty();
    assertEndedLikeTheProvider(rig, Provider.ALIPAY, "A1");
    assertThat(rig.fake(Provider.ALIPAY).transferCalls).hasValue(1);
  }

  @Test
  void aTransferCancelledBeforeTheConfirmationEndsCancelledAndRunsTheFailureHandlerOnce() {
    TransferRig rig = rig();
    Transfer waiting = rig.engine.pay.transfer(rig.wechat("C1", 800).build()).transfer();

    Transfer cancelled = rig.engine.pay.cancelTransfer("C1");

    assertThat(cancelled.status()).isEqualTo(TransferStatus.CANCELLED);
    assertEndedLikeTheProvider(rig, Provider.WXPAY, "C1");
    assertThat(rig.engine.pay.cancelTransfer("C1")).as("cancelling again changes nothing")
        .isEqualTo(cancelled);
    assertThat(rig.fake(Provider.WXPAY).cancelCalls).hasValue(1);
    assertThat(rig.deliver(rig.fake(Provider.WXPAY).notification(waiting.outBillNo())).success())
        .isTrue();
    assertThat(rig.handler.failed("C1")).isEqualTo(1);
  }

  @Test
  void aCancelTheProviderIsStillCarryingOutEndsWithItsNotification() {
    TransferRig rig = rig();
    Transfer waiting = rig.engine.pay.transfer(rig.wechat("C2", 800).build()).transfer();
    rig.fake(Provider.WXPAY).answerCancelsWith(TransferState.CANCELING);

    assertThat(rig.engine.pay.cancelTransfer("C2").status()).isEqualTo(TransferStatus.CANCELING);
    assertThat(rig.handler.runs()).isZero();
    assertThat(rig.engine.pay.cancelTransfer("C2").status()).isEqualTo(TransferStatus.CANCELING);

    assertThat(rig.deliver(rig.fake(Provider.WXPAY).finishCancel(waiting.outBillNo())).success())
        .isTrue();
    Transfer t = assertEndedLikeTheProvider(rig, Provider.WXPAY, "C2");
    assertThat(t.failReason()).isEqualTo("商户撤销");
  }

  @Test
  void aTransferThatCannotBeCancelledSaysWhyAndChangesNothing() {
    TransferRig rig = rig();
    Transfer waiting = rig.engine.pay.transfer(rig.wechat("C3", 800).build()).transfer();
    rig.fake(Provider.WXPAY).setState(waiting.outBillNo(), TransferState.TRANSFERING);

    assertThatThrownBy(() -> rig.engine.pay.cancelTransfer("C3"))
        .isInstanceOfSatisfying(ProviderRejectedException.class,
            e -> assertThat(e.providerCode()).isEqualTo("INVALID_REQUEST"));
    assertThat(rig.stored("C3").status()).isEqualTo(TransferStatus.WAIT_USER_CONFIRM);

    rig.deliver(rig.fake(Provider.WXPAY).confirm(waiting.outBillNo()));
    assertThatThrownBy(() -> rig.engine.pay.cancelTransfer("C3"))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.TRANSFER_NOT_CANCELLABLE));
    assertThatThrownBy(() -> rig.engine.pay.cancelTransfer("nope"))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.TRANSFER_NOT_FOUND));
    assertThat(rig.handler.succeeded("C3")).isEqualTo(1);
  }

  @Test
  void aTransferTheProviderFailsEndsFailAndRunsTheFailureHandlerOnce() {
    TransferRig rig = rig();
    rig.fake(Provider.WXPAY).createBillsIn(TransferState.PROCESSING);
    Transfer t = rig.engine.pay.transfer(rig.wechat("F1", 300).build()).transfer();
    assertThat(t.status()).isEqualTo(TransferStatus.PROCESSING);
    assertThat(t.confirmation()).isEmpty();

    rig.deliver(rig.fake(Provider.WXPAY).fail(t.outBillNo(), "收款用户账户异常"));

    Transfer failed = assertEndedLikeTheProvider(rig, Provider.WXPAY, "F1");
    assertThat(failed.status()).isEqualTo(TransferStatus.FAIL);
    assertThat(failed.failReason()).isEqualTo("收款用户账户异常");
  }

  @Test
  void aDefiniteRefusalOfTheSendEndsTheTransferAsFailWithTheProvidersReason() {
    TransferRig rig = rig();
    rig.fake(Provider.ALIPAY).failNextTransfer(
        new ProviderRejectedException("PAYEE_NOT_EXIST", "收款账号不存在", 200, "refused",
            ProviderRejectedException.Verdict.REFUSED));

    Transfer t = rig.engine.pay.transfer(rig.alipay("F2", 300).build()).transfer();

    assertThat(t.status()).isEqualTo(TransferStatus.FAIL);
    assertThat(t.failReason()).contains("PAYEE_NOT_EXIST").contains("收款账号不存在");
    assertThat(rig.handler.failed("F2")).isEqualTo(1);
    assertThat(rig.fake(Provider.ALIPAY).billCount()).isZero();
    assertThat(rig.facts(t.outBillNo())).containsExactly(EventOutcome.TRANSFER_APPLIED);
  }

  @Test
  void anUnconfirmedTransferStaysReservedUntilWechatExpiresItAndIsNeverRaisedAsStuck() {
    TransferRig rig = rig();
    Transfer t = rig.engine.pay.transfer(rig.wechat("X1", 900).build()).transfer();
    var sweeper = rig.engine.pay.sweeper().alertTransferAfterAttempts(2).build();

    for (int hour = 0; hour < 30; hour++) {
      rig.engine.clock.advance(Duration.ofHours(1));
      sweeper.runOnce();
    }

    assertThat(rig.stored("X1").status()).isEqualTo(TransferStatus.WAIT_USER_CONFIRM);
    assertThat(rig.handler.runs()).as("nothing released before the provider ends it").isZero();
    assertThat(rig.engine.surfaced).as("waiting for the payee is not stuck").isEmpty();
    assertThat(rig.engine.pay.getTransfer("X1").confirmation()).isPresent();

    rig.fake(Provider.WXPAY).expire(t.outBillNo()); // its notification is lost
    rig.engine.clock.advance(Duration.ofHours(1));
    SweepReport report = sweeper.runOnce();

    assertThat(report.transfersFinished()).isEqualTo(1);
    Transfer expired = assertEndedLikeTheProvider(rig, Provider.WXPAY, "X1");
    assertThat(expired.status()).isEqualTo(TransferStatus.CANCELLED);
  }

  @Test
  void aRepeatedTransferNumberReturnsTheRecordedTransferAndSendsNothing() {
    TransferRig rig = rig();
    Transfer first = rig.engine.pay.transfer(rig.wechat("R1", 100).build()).transfer();

    TransferResult again = rig.engine.pay.transfer(rig.wechat("R1", 100).build());

    assertThat(again.reused()).isTrue();
    assertThat(again.transfer()).isEqualTo(first);
    assertThat(again.confirmation()).isPresent();
    assertThat(rig.fake(Provider.WXPAY).transferCalls).hasValue(1);
  }

  @Test
  void aRepeatedNumberWithAnotherAmountPayeeOrAppIsRefusedAndChangesNothing() {
    TransferRig rig = rig();
    Transfer first =
        rig.engine.pay.transfer(rig.wechat("R2", 100).wechatPayee(TransferRig.OPENID, "李四").build())
            .transfer();
    List<Runnable> repeats =
        List.of(
            () -> rig.engine.pay.transfer(
                rig.wechat("R2", 101).wechatPayee(TransferRig.OPENID, "李四").build()),
            () -> rig.engine.pay.transfer(rig.wechat("R2", 100).wechatPayee("o-other", "李四").build()),
            () -> rig.engine.pay.transfer(
                rig.wechat("R2", 100).wechatPayee(TransferRig.OPENID, "王五").build()),
            () -> rig.engine.pay.transfer(rig.wechat("R2", 100).build()),
            () -> rig.engine.pay.transfer(
                rig.wechat("R2", 100).wechatPayee(TransferRig.OPENID, "李四").appId("wx-other").build()));

    for (Runnable repeat : repeats) {
      assertThatThrownBy(repeat::run)
          .isInstanceOfSatisfying(UniPayException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
          .hasMessageContaining("R2")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("李四", "王五"));
    }
    assertThat(rig.stored("R2")).isEqualTo(first);
    assertThat(rig.transfers.payeeRealName("R2")).contains("李四");
    assertThat(rig.fake(Provider.WXPAY).transferCalls).hasValue(1);
    assertThat(rig.fake(Provider.WXPAY).billCount()).isEqualTo(1);
  }

  @Test
  void twentyConcurrentTransfersWithOneNumberMakeOneTransferAtTheProvider() throws Exception {
    TransferRig rig = rig();
    FakeTransfers fake = rig.fake(Provider.WXPAY);
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Callable<TransferResult>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        calls.add(() -> {
          start.await();
          return rig.engine.pay.transfer(rig.wechat("P20", 2000).build());
        });
      }
      List<Future<TransferResult>> futures = new ArrayList<>();
      for (Callable<TransferResult> call : calls) futures.add(pool.submit(call));
      start.countDown();
      Set<String> outBillNos = new HashSet<>();
      int sent = 0;
      for (Future<TransferResult> f : futures) {
        TransferResult r = f.get();
        outBillNos.add(r.transfer().outBillNo());
        if (!r.reused()) sent++;
      }
      assertThat(sent).as("calls that sent").isEqualTo(1);
      assertThat(outBillNos).hasSize(1);
      assertThat(fake.transferCalls).as("provider requests").hasValue(1);
      assertThat(fake.checkCalls.get()).isBetween(1, 20);
      assertThat(fake.billCount()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    Transfer t = rig.stored("P20");
    rig.deliver(fake.confirm(t.outBillNo()));
    assertEndedLikeTheProvider(rig, Provider.WXPAY, "P20");
  }

  @Test
  void anAlipayLogonIdPayeeCarriesItsNameToTheProviderAndNowhereElse() {
    TransferRig rig = rig();
    Transfer t =
        rig.engine.pay.transfer(
                rig.alipay("N1", 100)
                    .payee(new Payee("payee@example.com", Payee.IdType.ALIPAY_LOGON_ID, "欧阳娜娜"))
                    .build())
            .transfer();

    assertThat(rig.fake(Provider.ALIPAY).receivedName(t.outBillNo())).isEqualTo("欧阳娜娜");
    assertThat(t.payeeNameMask()).isEqualTo("欧***");
    assertThat(t.toString()).doesNotContain("欧阳娜娜", "payee@example.com");
    assertThat(rig.handler.events.get(0).toString()).doesNotContain("欧阳娜娜");
    assertThat(rig.engine.pay.ledger().events(t.outBillNo()))
        .allSatisfy(e -> assertThat(e.data() + e.detail()).doesNotContain("欧阳娜娜"));
    assertEndedLikeTheProvider(rig, Provider.ALIPAY, "N1");
  }
}
