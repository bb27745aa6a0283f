package io.unipay.wechat;

import static io.unipay.wechat.TransferCommands.awaitNotified;
import static io.unipay.wechat.TransferCommands.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.ProviderRejectedException.Verdict;
import io.unipay.core.UniPayException;
import io.unipay.core.spi.TransferCommand;
import io.unipay.core.spi.TransferSnapshot;
import io.unipay.core.spi.TransferState;
import io.unipay.testkit.wechat.SimulatedTransfer;
import io.unipay.testkit.wechat.TransferBills;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** 商家转账 against the simulator: the bill's life from creation to a final state. */
class WechatTransferTest {

  @ParameterizedTest
  @ValueSource(strings = {"public-key", "certificate"})
  void aTransferWaitsForThePayeeAndSucceedsOnceConfirmed(String mode) {
    try (Harness h = new Harness(mode)) {
      if (mode.equals("certificate")) {
        CertificateRotationTest.awaitTrue(() -> !h.client.platformCertificateSerials().isEmpty());
      }
      TransferSnapshot created =
          h.client.transfer(command(h, "TBok" + mode.length(), 500, null));

      assertThat(created.state()).isEqualTo(TransferState.WAIT_USER_CONFIRM);
      assertThat(created.packageInfo()).isNotBlank();
      assertThat(created.providerBillNo()).isNotBlank();
      assertThat(created.amount()).as("the create answer names no amount").isEqualTo(-1);

      h.sim.confirmTransfer(created.outBillNo());

      TransferSnapshot queried = h.client.queryTransfer(created.outBillNo());
      assertThat(queried.state()).isEqualTo(TransferState.SUCCESS);
      assertThat(queried.amount()).isEqualTo(500);
      assertThat(queried.merchantId()).isEqualTo(h.sim.mchid());
      assertThat(queried.providerBillNo()).isEqualTo(created.providerBillNo());
      assertThat(queried.packageInfo()).isNull();
      TransferSnapshot notified = awaitNotified(h, created.outBillNo());
      assertThat(notified.state()).isEqualTo(TransferState.SUCCESS);
      assertThat(notified.amount()).isEqualTo(500);
      assertThat(notified.merchantId()).isEqualTo(h.sim.mchid());
      assertThat(notified.raw()).contains("\"mch_id\"");
      assertThat(h.rejections).isEmpty();
    }
  }

  @Test
  void theSameNumberAnswersTheExistingBillAndMovesMoneyOnce() {
    try (Harness h = new Harness("public-key")) {
      TransferCommand command = command(h, "TBsame000001", 300, null);
      TransferSnapshot first = h.client.transfer(command);
      TransferSnapshot again = h.client.transfer(command);

      assertThat(again.providerBillNo()).isEqualTo(first.providerBillNo());
      assertThat(h.sim.transfers().count("TBsame000001")).isEqualTo(1);
      assertThat(h.sim.transfers().createRequests("TBsame000001")).isEqualTo(2);
    }
  }

  @Test
  void theSameNumberWithOtherContentIsAnInconclusiveRefusal() {
    try (Harness h = new Harness("public-key")) {
      TransferCommand command = command(h, "TBother00001", 300, null);
      h.client.transfer(command);

      assertThatThrownBy(() -> h.client.transfer(TransferCommands.withAmount(command, 301)))
          .isInstanceOfSatisfying(
              ProviderRejectedException.class,
              e -> {
                assertThat(e.providerCode()).isEqualTo("INVALID_REQUEST");
                assertThat(e.verdict()).as("the bill exists: nothing definite").isEqualTo(Verdict.INCONCLUSIVE);
              });
      assertThat(h.sim.transfers().transfer("TBother00001").orElseThrow().amount()).isEqualTo(300);
    }
  }

  @Test
  void aBillIsCancelledBeforeThePayeeConfirms() {
    try (Harness h = new Harness("public-key")) {
      h.sim.transfers().balance(1_000);
      h.client.transfer(command(h, "TBcancel0001", 400, null));
      assertThat(h.sim.transfers().balance()).isEqualTo(600);

      TransferSnapshot cancel = h.client.cancelTransfer("TBcancel0001");

      assertThat(cancel.state()).isEqualTo(TransferState.CANCELING);
      assertThat(h.client.queryTransfer("TBcancel0001").state()).isEqualTo(TransferState.CANCELLED);
      assertThat(awaitNotified(h, "TBcancel0001").state()).isEqualTo(TransferState.CANCELLED);
      assertThat(h.sim.transfers().balance()).as("no money left the merchant").isEqualTo(1_000);
      assertThat(h.client.cancelTransfer("TBcancel0001").state())
          .as("a repeated cancel answers the cancelled bill")
          .isEqualTo(TransferState.CANCELLED);
    }
  }

  @Test
  void aCancelAfterThePayeeConfirmedIsRefusedAndAnswersTheStateTheBillReached() {
    try (Harness h = new Harness("public-key")) {
      h.client.transfer(command(h, "TBlate000001", 400, null));
      h.sim.confirmTransfer("TBlate000001");

      TransferSnapshot cancel = h.client.cancelTransfer("TBlate000001");

      assertThat(cancel.state()).isEqualTo(TransferState.SUCCESS);
      assertThat(cancel.amount()).isEqualTo(400);
      assertThat(h.sim.transfers().transfer("TBlate000001").orElseThrow().state()).isEqualTo("SUCCESS");
    }
  }

  @Test
  void aCancelWhileTheMoneyIsOnItsWayAnswersTransfering() {
    try (Harness h = new Harness("public-key")) {
      h.client.transfer(command(h, "TBpend000001", 400, null));
      h.sim.transfers().confirmPending("TBpend000001");

      assertThat(h.client.cancelTransfer("TBpend000001").state()).isEqualTo(TransferState.TRANSFERING);
      h.sim.transfers().settle("TBpend000001");
      assertThat(h.client.queryTransfer("TBpend000001").state()).isEqualTo(TransferState.SUCCESS);
    }
  }

  @Test
  void aFailedBillIsFinalWithItsReasonAndReleasesTheMoney() {
    try (Harness h = new Harness("public-key")) {
      h.sim.transfers().balance(1_000);
      h.client.transfer(command(h, "TBfail000001", 700, null));
      h.sim.failTransfer("TBfail000001", "ACCOUNT_FROZEN");

      TransferSnapshot queried = h.client.queryTransfer("TBfail000001");
      assertThat(queried.state()).isEqualTo(TransferState.FAIL);
      assertThat(queried.state().isFinal()).isTrue();
      assertThat(queried.failReason()).isEqualTo("ACCOUNT_FROZEN");
      TransferSnapshot notified = awaitNotified(h, "TBfail000001");
      assertThat(notified.state()).isEqualTo(TransferState.FAIL);
      assertThat(notified.failReason()).isEqualTo("ACCOUNT_FROZEN");
      assertThat(h.sim.transfers().balance()).isEqualTo(1_000);
    }
  }

  @Test
  void aBillThePayeeNeverConfirmsExpiresAsFail() {
    try (Harness h = new Harness("public-key")) {
      h.client.transfer(command(h, "TBexpire0001", 100, null));
      h.sim.expireTransfer("TBexpire0001");

      TransferSnapshot queried = h.client.queryTransfer("TBexpire0001");
      assertThat(queried.state()).isEqualTo(TransferState.FAIL);
      assertThat(queried.failReason()).isEqualTo(TransferBills.EXPIRED_REASON);
      assertThat(awaitNotified(h, "TBexpire0001").state()).isEqualTo(TransferState.FAIL);
    }
  }

  @Test
  void aBalanceThatDoesNotCoverTheBillIsADefiniteRefusal() {
    try (Harness h = new Harness("public-key")) {
      h.sim.transfers().balance(99);

      assertThatThrownBy(() -> h.client.transfer(command(h, "TBpoor000001", 100, null)))
          .isInstanceOfSatisfying(
              ProviderRejectedException.class,
              e -> {
                assertThat(e.providerCode()).isEqualTo("NOT_ENOUGH");
                assertThat(e.verdict()).isEqualTo(Verdict.REFUSED);
              });
      assertThat(h.sim.transfers().count("TBpoor000001")).isZero();
    }
  }

  @Test
  void aQueryForANumberWechatPayDoesNotKnowIsNotFound() {
    try (Harness h = new Harness("public-key")) {
      TransferSnapshot none = h.client.queryTransfer("TBnone000001");

      assertThat(none.state()).isEqualTo(TransferState.NOT_FOUND);
      assertThat(none.outBillNo()).isEqualTo("TBnone000001");
      assertThat(h.client.cancelTransfer("TBnone000001").state()).isEqualTo(TransferState.NOT_FOUND);
    }
  }

  @Test
  void aTransferWithoutANotifyUrlIsNeverNotified() {
    try (Harness h = new Harness("public-key")) {
      TransferCommand c = command(h, "TBquiet00001", 100, null);
      h.client.transfer(
          new TransferCommand(c.outBillNo(), null, c.payee(), 100, c.remark(), "1000",
              c.sceneReportInfos(), null, null, null));
      h.sim.confirmTransfer("TBquiet00001");

      assertThat(h.client.queryTransfer("TBquiet00001").state()).isEqualTo(TransferState.SUCCESS);
      assertThat(h.sim.deliveries()).isEmpty();
    }
  }

  @Test
  void theSimulatorRecordsWhatItWasAskedToPay() {
    try (Harness h = new Harness("public-key")) {
      h.client.transfer(command(h, "TBview000001", 250, null));

      SimulatedTransfer held = h.sim.transfers().transfer("TBview000001").orElseThrow();
      assertThat(held.amount()).isEqualTo(250);
      assertThat(held.openid()).isEqualTo(TransferCommands.OPENID);
      assertThat(held.sceneId()).isEqualTo("1000");
      assertThat(held.remark()).isEqualTo("活动奖励");
      assertThat(held.appid()).isEqualTo(h.sim.appId());
      assertThat(held.userName()).isNull();
      assertThat(h.sim.transfers().all()).hasSize(1);
    }
  }

  @Test
  void aFailureMessageNamesTheBillNumber() {
    try (Harness h = new Harness("public-key")) {
      h.sim.transfers().balance(0);
      assertThatThrownBy(() -> h.client.transfer(command(h, "TBmsg0000001", 100, null)))
          .isInstanceOfSatisfying(
              UniPayException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_REJECTED);
                assertThat(e.getMessage()).contains("out_bill_no=TBmsg0000001", "NOT_ENOUGH");
                WechatPayClientErrorTest.assertNoSecrets(h, e);
              });
    }
  }
}
