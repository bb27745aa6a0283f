package io.unipay.alipay;

import static io.unipay.alipay.TransferFixture.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.ProviderRejectedException.Verdict;
import io.unipay.core.UniPayException;
import io.unipay.core.spi.Payee;
import io.unipay.core.spi.TransferCommand;
import io.unipay.core.spi.TransferSnapshot;
import io.unipay.core.spi.TransferState;
import io.unipay.testkit.alipay.AlipaySimulator;
import io.unipay.testkit.alipay.SimulatedTransfer;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Single transfers to Alipay accounts against the simulator, in certificate mode. */
class AlipayTransferTest {
  private final TransferFixture f = new TransferFixture();

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void aTransferToAnAlipayAccountSucceedsAndIsReportedByQuery() {
    TransferSnapshot sent = f.client.transfer(command("AT0000000001", 1234));

    assertThat(sent.state()).isEqualTo(TransferState.SUCCESS);
    assertThat(sent.outBillNo()).isEqualTo("AT0000000001");
    assertThat(sent.providerBillNo()).isNotBlank();
    assertThat(sent.updatedAt()).isNotNull();
    TransferSnapshot queried = f.client.queryTransfer("AT0000000001");
    assertThat(queried.state()).isEqualTo(TransferState.SUCCESS);
    assertThat(queried.amount()).isEqualTo(1234);
    assertThat(queried.providerBillNo()).isEqualTo(sent.providerBillNo());
    SimulatedTransfer held = f.alipay.transfers().transfer("AT0000000001").orElseThrow();
    assertThat(held.fen()).isEqualTo(1234);
    assertThat(held.identityType()).isEqualTo("ALIPAY_USER_ID");
    assertThat(held.title()).isEqualTo("推广佣金");
    assertThat(held.remark()).isEqualTo("佣金结算");
  }

  @Test
  void aDealingTransferIsAcceptedUntilAlipayCompletesIt() {
    f.alipay.transfers().keepDealing(true);

    assertThat(f.client.transfer(command("AT0000000002", 500)).state()).isEqualTo(TransferState.ACCEPTED);
    assertThat(f.client.queryTransfer("AT0000000002").state()).isEqualTo(TransferState.ACCEPTED);
    f.alipay.transfers().complete("AT0000000002");
    assertThat(f.client.queryTransfer("AT0000000002").state()).isEqualTo(TransferState.SUCCESS);
  }

  @Test
  void aFailedTransferIsFinalWithItsReason() {
    f.alipay.transfers().keepDealing(true);
    f.client.transfer(command("AT0000000003", 500));
    f.alipay.transfers().fail("AT0000000003", "PAYEE_ACCOUNT_STATUS_ERROR", "收款方账户状态异常");

    TransferSnapshot failed = f.client.queryTransfer("AT0000000003");
    assertThat(failed.state()).isEqualTo(TransferState.FAIL);
    assertThat(failed.failReason()).contains("PAYEE_ACCOUNT_STATUS_ERROR", "收款方账户状态异常");
    assertThat(f.client.transfer(command("AT0000000003", 500)).state())
        .as("re-sending a failed number answers the failed transfer")
        .isEqualTo(TransferState.FAIL);
  }

  @Test
  void aReturnedTransferReadsAsFailed() {
    f.client.transfer(command("AT0000000004", 500));
    f.alipay.transfers().bounce("AT0000000004", "收款账户已注销");

    assertThat(f.client.queryTransfer("AT0000000004").state()).isEqualTo(TransferState.FAIL);
  }

  @Test
  void theSameNumberAnswersTheSameTransferAndOtherContentIsInconclusive() {
    TransferSnapshot first = f.client.transfer(command("AT0000000005", 700));
    assertThat(f.client.transfer(command("AT0000000005", 700)).providerBillNo())
        .isEqualTo(first.providerBillNo());

    assertRejected(
        () -> f.client.transfer(command("AT0000000005", 701)),
        "PAYMENT_INFO_INCONSISTENCY",
        Verdict.INCONCLUSIVE);
    assertThat(f.alipay.transfers().count("AT0000000005")).isEqualTo(1);
    assertThat(f.alipay.transfers().transfer("AT0000000005").orElseThrow().fen()).isEqualTo(700);
  }

  @Test
  void aQueryForANumberAlipayDoesNotHaveIsNotFoundAlsoWhileItsRecordTrails() {
    assertThat(f.client.queryTransfer("AT0000000006").state()).isEqualTo(TransferState.NOT_FOUND);

    f.client.transfer(command("AT0000000006", 100));
    f.alipay.faults().transferNotVisibleFor(2);
    assertThat(f.client.queryTransfer("AT0000000006").state()).isEqualTo(TransferState.NOT_FOUND);
    assertThat(f.client.queryTransfer("AT0000000006").state()).isEqualTo(TransferState.NOT_FOUND);
    assertThat(f.client.queryTransfer("AT0000000006").state()).isEqualTo(TransferState.SUCCESS);
  }

  @Test
  void aBalanceThatDoesNotCoverTheTransferIsADefiniteRefusal() {
    f.alipay.transfers().balance(99);

    assertRejected(
        () -> f.client.transfer(command("AT0000000007", 100)),
        "PAYER_BALANCE_NOT_ENOUGH",
        Verdict.REFUSED);
    assertThat(f.alipay.transfers().count("AT0000000007")).isZero();
  }

  @Test
  void aLogonIdPayeeIsPaidWithItsName() {
    f.client.transfer(
        command("AT0000000008", 100, new Payee("payee@example.com", Payee.IdType.ALIPAY_LOGON_ID, "赵六")));

    SimulatedTransfer held = f.alipay.transfers().transfer("AT0000000008").orElseThrow();
    assertThat(held.identityType()).isEqualTo("ALIPAY_LOGON_ID");
    assertThat(held.name()).isEqualTo("赵六");
    assertThat(held.toString()).doesNotContain("赵六");
  }

  @ParameterizedTest(name = "{0} fen = {1} yuan")
  @CsvSource({
    "10, 0.10",
    "11, 0.11",
    "99, 0.99",
    "100, 1.00",
    "101, 1.01",
    "123456789, 1234567.89",
    "9999999999, 99999999.99",
    "10000000000, 100000000.00"
  })
  void amountsGoOutAsExactYuanAndComeBackAsTheSameFen(long fen, String yuan) {
    String no = "ATamt" + fen;
    f.client.transfer(command(no, fen));

    assertThat(f.alipay.transfers().transfer(no).orElseThrow().fen()).isEqualTo(fen);
    assertThat(f.client.queryTransfer(no).amount()).isEqualTo(fen);
    assertThat(f.client.queryTransfer(no).raw()).contains("\"trans_amount\":\"" + yuan + "\"");
  }

  @Test
  void amountsOutsideAlipaysRangeAreRefusedBeforeSending() {
    assertInvalid(() -> f.client.checkTransfer(command("AT0000000009", 9)), "0.10 yuan");
    assertInvalid(() -> f.client.transfer(command("AT0000000009", 10_000_000_001L)), "amount");
    assertThat(f.alipay.truth().calls()).isEmpty();
  }

  @Test
  void checkTransferRefusesWhatAlipayWouldRefuse() {
    f.client.checkTransfer(command("AT0000000010", 100));
    assertInvalid(
        () -> f.client.checkTransfer(command("AT0000000010", 100, new Payee("o1", Payee.IdType.WECHAT_OPENID, null))),
        "ALIPAY_");
    assertInvalid(
        () -> f.client.checkTransfer(command("AT0000000010", 100, new Payee("13800000000", Payee.IdType.ALIPAY_LOGON_ID, null))),
        "realName");
    assertInvalid(
        () -> f.client.checkTransfer(command("AT0000000010", 100, new Payee("1234", Payee.IdType.ALIPAY_USER_ID, null))),
        "2088");
    f.client.checkTransfer(command("AT0000000010", 100, new Payee("074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5", Payee.IdType.ALIPAY_OPEN_ID, null)));
    TransferCommand longRemark =
        new TransferCommand("AT0000000010", null, new Payee(TransferFixture.PAYEE, Payee.IdType.ALIPAY_USER_ID, null),
            100, "备".repeat(201), null, List.of(), null, "标题", null);
    assertInvalid(() -> f.client.checkTransfer(longRemark), "remark");
    TransferCommand untitledLongRemark =
        new TransferCommand("AT0000000010", null, new Payee(TransferFixture.PAYEE, Payee.IdType.ALIPAY_USER_ID, null),
            100, "备".repeat(129), null, List.of(), null, null, null);
    assertInvalid(() -> f.client.checkTransfer(untitledLongRemark), "order_title");
    assertInvalid(() -> f.client.checkTransfer(command("AT 10", 100)), "outBillNo");
    assertThat(f.alipay.truth().calls()).as("checks never call Alipay").isEmpty();
  }

  @Test
  void aPublicKeyModeClientRefusesTransfersAndSaysCertificateModeIsRequired() {
    try (AlipaySimulator alipay = AlipaySimulator.start();
        AlipayClient client =
            new AlipayClient(
                AlipayConfig.builder()
                    .appId(alipay.appId())
                    .appPrivateKey(alipay.appPrivateKeyPem())
                    .alipayPublicKey(alipay.alipayPublicKeyPem())
                    .gatewayUrl(alipay.gatewayUrl())
                    .build())) {
      for (ThrowingCallable call :
          List.<ThrowingCallable>of(
              () -> client.checkTransfer(command("AT0000000011", 100)),
              () -> client.transfer(command("AT0000000011", 100)),
              () -> client.queryTransfer("AT0000000011"))) {
        assertThatThrownBy(call)
            .isInstanceOfSatisfying(
                UniPayException.class,
                e -> {
                  assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_NOT_CONFIGURED);
                  assertThat(e.getMessage()).contains("certificate mode", "public-key mode");
                });
      }
      assertThat(alipay.truth().calls()).as("nothing was sent").isEmpty();
    }
  }

  @Test
  void alipayCannotCancelATransfer() {
    f.client.transfer(command("AT0000000012", 100));

    assertThatThrownBy(() -> f.client.cancelTransfer("AT0000000012"))
        .isInstanceOfSatisfying(
            UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_NOT_CONFIGURED));
  }

  private static void assertRejected(ThrowingCallable call, String code, Verdict verdict) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ProviderRejectedException.class,
            e -> {
              assertThat(e.providerCode()).isEqualTo(code);
              assertThat(e.verdict()).isEqualTo(verdict);
            });
  }

  private static void assertInvalid(ThrowingCallable call, String names) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            UniPayException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
              assertThat(e.getMessage()).contains(names);
            });
  }
}
