package io.unipay.testkit.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlipaySimulatorBehaviourTest {
  private final AlipaySimulator alipay = AlipaySimulator.start();
  private final MockWebServer merchant = new MockWebServer();

  @AfterEach
  void close() {
    alipay.close();
    merchant.close();
  }

  private static String precreate(String outTradeNo, String amount) {
    return "{\"out_trade_no\":\"" + outTradeNo + "\",\"total_amount\":\"" + amount
        + "\",\"subject\":\"VIP\"}";
  }

  @Test
  void unscannedPrecreateTradeDoesNotExistUntilScanned() throws Exception {
    GatewayCall.signedPost(alipay, "alipay.trade.precreate", precreate("T1", "0.01"), null);

    String before =
        GatewayCall.signedPost(alipay, "alipay.trade.query", "{\"out_trade_no\":\"T1\"}", null).body();
    alipay.scan("T1");
    String after =
        GatewayCall.signedPost(alipay, "alipay.trade.query", "{\"out_trade_no\":\"T1\"}", null).body();

    assertThat(before).contains("\"sub_code\":\"ACQ.TRADE_NOT_EXIST\"").contains("\"sign\":\"");
    assertThat(after).contains("\"trade_status\":\"WAIT_BUYER_PAY\"").contains("\"total_amount\":\"0.01\"");
  }

  @Test
  void notificationIsRedeliveredUntilAnsweredSuccessWithTheSameNotifyId() throws Exception {
    AtomicInteger received = new AtomicInteger();
    merchant.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String answer = received.incrementAndGet() < 3 ? "fail" : "success";
            return new MockResponse.Builder().body(answer).build();
          }
        });
    merchant.start();
    GatewayCall.signedPost(
        alipay, "alipay.trade.precreate", precreate("T2", "88.88"), merchant.url("/notify").toString());

    alipay.pay("T2");

    assertThat(alipay.awaitAcknowledged("T2", Duration.ofSeconds(10))).isTrue();
    assertThat(alipay.notifyAttempts("T2"))
        .extracting(NotifyAttempt::attempt, NotifyAttempt::responseBody, NotifyAttempt::acknowledged)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "fail", false),
            org.assertj.core.groups.Tuple.tuple(2, "fail", false),
            org.assertj.core.groups.Tuple.tuple(3, "success", true));
    assertThat(alipay.notifyAttempts("T2")).extracting(NotifyAttempt::notifyId).containsOnly(
        alipay.notifyAttempts("T2").get(0).notifyId());
    assertThat(merchant.takeRequest().getBody().utf8())
        .contains("trade_status=TRADE_SUCCESS")
        .contains("sign_type=RSA2");
  }

  @Test
  void refundsBeyondThePaidAmountAreRefused() throws Exception {
    GatewayCall.signedPost(alipay, "alipay.trade.precreate", precreate("T3", "1.00"), null);
    alipay.pay("T3");

    String first = GatewayCall.signedPost(alipay, "alipay.trade.refund",
        "{\"out_trade_no\":\"T3\",\"refund_amount\":\"0.60\",\"out_request_no\":\"R1\"}", null).body();
    String repeat = GatewayCall.signedPost(alipay, "alipay.trade.refund",
        "{\"out_trade_no\":\"T3\",\"refund_amount\":\"0.60\",\"out_request_no\":\"R1\"}", null).body();
    String tooMuch = GatewayCall.signedPost(alipay, "alipay.trade.refund",
        "{\"out_trade_no\":\"T3\",\"refund_amount\":\"0.50\",\"out_request_no\":\"R2\"}", null).body();

    assertThat(first).contains("\"fund_change\":\"Y\"").contains("\"refund_fee\":\"0.60\"");
    assertThat(repeat).contains("\"fund_change\":\"N\"").contains("\"refund_fee\":\"0.60\"");
    assertThat(tooMuch).contains("\"sub_code\":\"ACQ.REFUND_AMT_NOT_EQUAL_TOTAL\"");
  }

  @Test
  void payingAnUnknownTradeIsATestError() {
    assertThatThrownBy(() -> alipay.pay("nope"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void certificateModeRequiresTheCertificateSns() throws Exception {
    try (AlipaySimulator cert = AlipaySimulator.builder().certificateMode(true).start()) {
      String body =
          GatewayCall.signedPost(cert, "alipay.trade.precreate", precreate("T4", "1.00"), null).body();

      assertThat(body).contains("\"sub_code\":\"isv.app-cert-sn-not-match\"");
      assertThat(cert.alipayRootCertSn()).matches("[0-9a-f]{32}"); // the ECDSA root is skipped
      assertThat(cert.appCertSn()).matches("[0-9a-f]{32}");
    }
  }
}
