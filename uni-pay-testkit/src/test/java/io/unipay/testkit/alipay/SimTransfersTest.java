package io.unipay.testkit.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulated single-transfer methods, driven by hand-signed gateway calls. */
class SimTransfersTest {
  private final AlipaySimulator alipay = AlipaySimulator.builder().certificateMode(true).start();

  @AfterEach
  void close() {
    alipay.close();
  }

  private static String transfer(String outBizNo, String amount, String payee) {
    return "{\"out_biz_no\":\"" + outBizNo + "\",\"trans_amount\":\"" + amount + "\","
        + "\"product_code\":\"TRANS_ACCOUNT_NO_PWD\",\"biz_scene\":\"DIRECT_TRANSFER\","
        + "\"order_title\":\"佣金\",\"payee_info\":" + payee + "}";
  }

  private static String userId(String id) {
    return "{\"identity\":\"" + id + "\",\"identity_type\":\"ALIPAY_USER_ID\"}";
  }

  private String call(String method, String biz) throws Exception {
    return GatewayCall.certSignedPost(alipay, method, biz).body();
  }

  private String query(String outBizNo) throws Exception {
    return call(SimTransfers.QUERY, "{\"out_biz_no\":\"" + outBizNo + "\","
        + "\"product_code\":\"TRANS_ACCOUNT_NO_PWD\",\"biz_scene\":\"DIRECT_TRANSFER\"}");
  }

  @Test
  void aTransferSucceedsAtOnceAndIsSignedWithTheCertificateSn() throws Exception {
    String answer = call(SimTransfers.TRANSFER, transfer("ST1", "12.34", userId("2088102122524333")));

    assertThat(answer)
        .contains("\"alipay_fund_trans_uni_transfer_response\":{\"code\":\"10000\"")
        .contains("\"status\":\"SUCCESS\"", "\"out_biz_no\":\"ST1\"", "\"order_id\":\"")
        .contains("\"alipay_cert_sn\":\"" + alipay.certificates().alipayCertSn() + "\"", "\"sign\":\"");
    assertThat(query("ST1")).contains("\"trans_amount\":\"12.34\"", "\"pay_date\":\"");
    assertThat(alipay.transfers().transfer("ST1").orElseThrow().fen()).isEqualTo(1234);
  }

  @Test
  void theSameNumberAnswersTheSameTransferAndOtherContentIsInconsistent() throws Exception {
    String first = call(SimTransfers.TRANSFER, transfer("ST2", "1.00", userId("2088102122524333")));
    String again = call(SimTransfers.TRANSFER, transfer("ST2", "1.00", userId("2088102122524333")));
    String other = call(SimTransfers.TRANSFER, transfer("ST2", "1.01", userId("2088102122524333")));

    String orderId = first.replaceAll(".*\"order_id\":\"([0-9]+)\".*", "$1");
    assertThat(again).contains("\"order_id\":\"" + orderId + "\"");
    assertThat(other).contains("\"sub_code\":\"PAYMENT_INFO_INCONSISTENCY\"");
    assertThat(alipay.transfers().count("ST2")).isEqualTo(1);
    assertThat(alipay.transfers().createRequests("ST2")).isEqualTo(3);
  }

  @Test
  void amountsAndPayeesAlipayRefusesAreRefused() throws Exception {
    assertThat(call(SimTransfers.TRANSFER, transfer("ST3", "0.09", userId("2088102122524333"))))
        .contains("EXCEED_LIMIT_SM_MIN_AMOUNT");
    assertThat(call(SimTransfers.TRANSFER, transfer("ST4", "1.001", userId("2088102122524333"))))
        .contains("INVALID_PARAMETER");
    assertThat(call(SimTransfers.TRANSFER, transfer("ST5", "1.00", userId("12345"))))
        .contains("PAYEE_NOT_EXIST");
    assertThat(call(SimTransfers.TRANSFER, transfer("ST6", "1.00",
            "{\"identity\":\"a@example.com\",\"identity_type\":\"ALIPAY_LOGON_ID\"}")))
        .contains("INVALID_PARAMETER");
    assertThat(alipay.transfers().all()).isEmpty();
  }

  @Test
  void aDealingTransferWaitsForTheTest() throws Exception {
    alipay.transfers().keepDealing(true);
    call(SimTransfers.TRANSFER, transfer("ST7", "5.00", userId("2088102122524333")));

    assertThat(query("ST7")).contains("\"status\":\"DEALING\"").doesNotContain("trans_amount");
    alipay.transfers().fail("ST7", "PAYEE_ACCOUNT_STATUS_ERROR", "收款方账户状态异常");
    assertThat(query("ST7")).contains("\"status\":\"FAIL\"", "\"error_code\":\"PAYEE_ACCOUNT_STATUS_ERROR\"");
    assertThatThrownBy(() -> alipay.transfers().complete("ST7")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theBalanceIsDebitedAndCreditedBackOnFailure() throws Exception {
    alipay.transfers().balance(1_000).keepDealing(true);
    call(SimTransfers.TRANSFER, transfer("ST8", "6.00", userId("2088102122524333")));

    assertThat(call(SimTransfers.TRANSFER, transfer("ST9", "5.00", userId("2088102122524333"))))
        .contains("PAYER_BALANCE_NOT_ENOUGH");
    alipay.transfers().fail("ST8", "X", "y");
    assertThat(alipay.transfers().balance()).isEqualTo(1_000);
  }

  @Test
  void anUnknownNumberAndATrailingRecordAreOrderNotExist() throws Exception {
    assertThat(query("ST10")).contains("\"sub_code\":\"ORDER_NOT_EXIST\"", "\"sign\":\"");
    call(SimTransfers.TRANSFER, transfer("ST10", "1.00", userId("2088102122524333")));
    alipay.faults().transferNotVisibleFor(1);

    assertThat(query("ST10")).contains("ORDER_NOT_EXIST");
    assertThat(query("ST10")).contains("\"status\":\"SUCCESS\"");
  }

  @Test
  void aSystemErrorOnAFundMethodHasTheFundSubCode() throws Exception {
    alipay.faults().injectFault(SimTransfers.TRANSFER, Fault.SYSTEM_ERROR, FaultPoint.AFTER_APPLY, 1);

    assertThat(call(SimTransfers.TRANSFER, transfer("ST11", "1.00", userId("2088102122524333"))))
        .contains("\"sub_code\":\"SYSTEM_ERROR\"");
    assertThat(alipay.transfers().count("ST11")).isEqualTo(1);
  }

  @Test
  void aPublicKeyModeGatewayRefusesFundMethods() throws Exception {
    try (AlipaySimulator publicKey = AlipaySimulator.start()) {
      String answer =
          GatewayCall.signedPost(
                  publicKey, SimTransfers.TRANSFER, transfer("ST12", "1.00", userId("2088102122524333")), null)
              .body();

      assertThat(answer).contains("\"code\":\"40006\"");
      assertThat(publicKey.transfers().all()).isEmpty();
    }
  }
}
