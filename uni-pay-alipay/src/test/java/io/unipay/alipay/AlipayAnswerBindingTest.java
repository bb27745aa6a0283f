package io.unipay.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.order.PayType;
import io.unipay.core.spi.PrepayRequest;
import io.unipay.core.spi.RefundCommand;
import io.unipay.core.spi.TradeState;
import io.unipay.testkit.alipay.AlipaySimulator;
import io.unipay.testkit.alipay.Fault;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Design §14.4: every verified answer is checked against the request it answers. */
class AlipayAnswerBindingTest {
  private final AlipaySimulator alipay = AlipaySimulator.start();
  private final AlipayClient client =
      new AlipayClient(
          AlipayConfig.builder()
              .appId(alipay.appId())
              .appPrivateKey(alipay.appPrivateKeyPem())
              .alipayPublicKey(alipay.alipayPublicKeyPem())
              .sellerId(alipay.sellerId())
              .gatewayUrl(alipay.gatewayUrl())
              .build());
  private final SignedAnswerServer crafted = new SignedAnswerServer();
  private final AlipayClient craftedClient = crafted.client();

  @AfterEach
  void stop() {
    client.close();
    alipay.close();
    craftedClient.close();
    crafted.close();
  }

  private void nativeTrade(String no, long fen) {
    client.prepay(new PrepayRequest(no, PayType.NATIVE, fen, "CNY", "VIP", "http://127.0.0.1:1/n",
        Instant.now().plusSeconds(600), null, null, null));
    alipay.scan(no);
  }

  private static ErrorCode codeOf(Throwable e) {
    return ((UniPayException) e).code();
  }

  @Test
  void aSignedQueryAnswerAboutAnotherPaidOrderOfTheSamePriceDoesNotSettleTheAskedOne() {
    nativeTrade("ASKED", 1000);
    nativeTrade("OTHER", 1000);
    alipay.pay("OTHER");
    alipay.faults().answerAboutAnotherOrder("alipay.trade.query", "OTHER", 1);

    assertThatThrownBy(() -> client.query("ASKED"))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.OUTCOME_UNKNOWN))
        .hasMessageContaining("\"OTHER\"").hasMessageContaining("\"ASKED\"");
    assertThat(client.query("ASKED").state()).isEqualTo(TradeState.NOT_PAID);
  }

  @Test
  void aSignedRefundAnswerAboutAnotherOrderIsNotASuccessOfTheAskedRefund() {
    nativeTrade("ASKED", 1000);
    alipay.pay("ASKED");
    nativeTrade("OTHER", 1000);
    alipay.pay("OTHER");
    alipay.faults().answerAboutAnotherOrder("alipay.trade.refund", "OTHER", 1);

    assertThatThrownBy(() -> client.refund(new RefundCommand("ASKED", null, "R1", 100, 1000, "CNY", null, null)))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.OUTCOME_UNKNOWN));
    assertThat(alipay.truth().refundedFen("ASKED")).isZero();
  }

  @Test
  void aSignedRefundQueryAnswerAboutAnotherRefundIsRejected() {
    nativeTrade("ASKED", 1000);
    alipay.pay("ASKED");
    nativeTrade("OTHER", 1000);
    alipay.pay("OTHER");
    client.refund(new RefundCommand("OTHER", null, "R-OTHER", 100, 1000, "CNY", null, null));
    alipay.faults().injectFault("alipay.trade.fastpay.refund.query", Fault.ANOTHER_ORDER, 1);

    assertThatThrownBy(() -> client.queryRefund("ASKED", "R-ASKED"))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.OUTCOME_UNKNOWN));
  }

  @Test
  void aQueryAnswerNamingAnotherSellerIsRejected() {
    crafted.answer("{\"code\":\"10000\",\"msg\":\"Success\",\"out_trade_no\":\"Q1\",\"trade_no\":\"1\","
        + "\"trade_status\":\"TRADE_SUCCESS\",\"total_amount\":\"10.00\",\"seller_id\":\"2088000000000000\","
        + "\"send_pay_date\":\"2026-01-05 10:00:00\"}");

    assertThatThrownBy(() -> craftedClient.query("Q1"))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.OUTCOME_UNKNOWN))
        .hasMessageContaining("seller_id");
  }

  @Test
  void aTradeRefundedBeforeTheEngineSawThePaymentIsReportedRefunded() {
    String paid = "\"out_trade_no\":\"Q1\",\"trade_no\":\"1\",\"total_amount\":\"10.00\","
        + "\"send_pay_date\":\"2026-01-05 10:00:00\"";
    crafted.answer("{\"code\":\"10000\"," + paid + ",\"trade_status\":\"TRADE_CLOSED\"}");
    assertThat(craftedClient.query("Q1").state()).isEqualTo(TradeState.REFUNDED);
    crafted.answer("{\"code\":\"10000\"," + paid + ",\"trade_status\":\"TRADE_SUCCESS\",\"refund_fee\":\"2.00\"}");
    assertThat(craftedClient.query("Q1").state()).isEqualTo(TradeState.REFUNDED);
    crafted.answer("{\"code\":\"10000\",\"out_trade_no\":\"Q1\",\"total_amount\":\"10.00\",\"trade_status\":\"TRADE_CLOSED\"}");
    assertThat(craftedClient.query("Q1").state()).isEqualTo(TradeState.CLOSED);
  }

  @Test
  void aFullRefundAtTheSimulatorIsQueriedAsRefunded() {
    nativeTrade("FULL", 1000);
    alipay.pay("FULL");
    client.refund(new RefundCommand("FULL", null, "R-FULL", 1000, 1000, "CNY", null, null));

    assertThat(client.query("FULL").state()).isEqualTo(TradeState.REFUNDED);
  }

  @Test
  void anImpossibleDateInASignedAnswerIsRejectedNotClamped() {
    crafted.answer("{\"code\":\"10000\",\"out_trade_no\":\"Q1\",\"trade_no\":\"1\",\"total_amount\":\"10.00\","
        + "\"trade_status\":\"TRADE_SUCCESS\",\"send_pay_date\":\"2026-02-30 10:00:00\"}");

    assertThatThrownBy(() -> craftedClient.query("Q1"))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE))
        .hasMessageContaining("2026-02-30");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1.00", "1e2", "1.001", "", "100000000.01", "0.00", "12345678901234567890"})
  void anInexactNegativeOrHugeTotalInASignedAnswerIsRejectedCleanly(String amount) {
    crafted.answer("{\"code\":\"10000\",\"out_trade_no\":\"Q1\",\"trade_no\":\"1\",\"total_amount\":\""
        + amount + "\",\"trade_status\":\"TRADE_SUCCESS\",\"send_pay_date\":\"2026-01-05 10:00:00\"}");

    assertThatThrownBy(() -> craftedClient.query("Q1")).isInstanceOf(UniPayException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1.00", "1e2", "1.001", "0.00"})
  void anInexactRefundAmountInASignedRefundQueryAnswerIsRejectedCleanly(String amount) {
    crafted.answer("{\"code\":\"10000\",\"out_trade_no\":\"Q1\",\"out_request_no\":\"R1\",\"refund_amount\":\""
        + amount + "\",\"refund_status\":\"REFUND_SUCCESS\"}");

    assertThatThrownBy(() -> craftedClient.queryRefund("Q1", "R1")).isInstanceOf(UniPayException.class);
  }

  @Test
  void aRefundAnswerWhoseCumulativeRefundIsBelowThisRefundIsNotASuccess() {
    crafted.answer("{\"code\":\"10000\",\"out_trade_no\":\"Q1\",\"fund_change\":\"Y\",\"refund_fee\":\"0.50\"}");

    assertThatThrownBy(() -> craftedClient.refund(new RefundCommand("Q1", null, "R1", 100, 1000, "CNY", null, null)))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.OUTCOME_UNKNOWN));
  }

  @Test
  void aRefundSuccessIsBuiltFromTheAnswer() {
    crafted.answer("{\"code\":\"10000\",\"out_trade_no\":\"Q1\",\"trade_no\":\"2026\",\"fund_change\":\"Y\","
        + "\"refund_fee\":\"3.00\",\"gmt_refund_pay\":\"2026-01-05 10:00:00\"}");

    var refund = craftedClient.refund(new RefundCommand("Q1", null, "R1", 100, 1000, "CNY", null, null));

    assertThat(refund.outTradeNo()).isEqualTo("Q1");
    assertThat(refund.refundId()).isEqualTo("2026");
    assertThat(refund.successAt()).isEqualTo(Instant.parse("2026-01-05T02:00:00Z"));
  }

  @Test
  void aLineBreakInAnAnswerValueNeverReachesAMessageUnescaped() {
    crafted.answer("{\"code\":\"10000\",\"out_trade_no\":\"Q1\\n2026 INFO forged\",\"total_amount\":\"10.00\","
        + "\"trade_status\":\"TRADE_SUCCESS\"}");

    assertThatThrownBy(() -> craftedClient.query("Q1"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").contains("\\u000a"));
  }
}
