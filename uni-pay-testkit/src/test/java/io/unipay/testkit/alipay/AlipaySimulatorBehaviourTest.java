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

    assertThat(alipay.truth().awaitAcknowledged("T2", Duration.ofSeconds(10))).isTrue();
    assertThat(alipay.truth().notifyAttempts("T2"))
        .extracting(NotifyAttempt::attempt, NotifyAttempt::responseBody, NotifyAttempt::acknowledged)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "fail", false),
            org.assertj.core.groups.Tuple.tuple(2, "fail", false),
            org.assertj.core.groups.Tuple.tuple(3, "success", true));
    assertThat(alipay.truth().notifyAttempts("T2")).extracting(NotifyAttempt::notifyId).containsOnly(
        alipay.truth().notifyAttempts("T2").get(0).notifyId());
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
      assertThat(cert.certificates().alipayRootCertSn()).matches("[0-9a-f]{32}"); // the ECDSA root is skipped
      assertThat(cert.certificates().appCertSn()).matches("[0-9a-f]{32}");
    }
  }

  @Test
  void injectedFaultsHitTheNextCallsOnly() throws Exception {
    alipay.faults().injectFault(Fault.HTTP_502, 1);
    alipay.faults().injectFault(Fault.SYSTEM_ERROR, 1);

    GatewayCall.Result first = GatewayCall.signedPost(alipay, "alipay.trade.precreate", precreate("T5", "1.00"), null);
    GatewayCall.Result second = GatewayCall.signedPost(alipay, "alipay.trade.precreate", precreate("T5", "1.00"), null);
    GatewayCall.Result third = GatewayCall.signedPost(alipay, "alipay.trade.precreate", precreate("T5", "1.00"), null);

    assertThat(first.status()).isEqualTo(502);
    assertThat(second.body()).contains("\"sub_code\":\"ACQ.SYSTEM_ERROR\"");
    assertThat(third.body()).contains("\"code\":\"10000\"").contains("qr_code");
  }

  @Test
  void aDroppedNotificationIsRecordedButNeverSent() throws Exception {
    merchant.start();
    GatewayCall.signedPost(
        alipay, "alipay.trade.precreate", precreate("T6", "1.00"), merchant.url("/notify").toString());
    alipay.faults().dropNextNotifications(1);

    alipay.pay("T6");

    assertThat(alipay.truth().notifyAttempts("T6"))
        .singleElement()
        .satisfies(a -> {
          assertThat(a.httpStatus()).isZero();
          assertThat(a.acknowledged()).isFalse();
        });
    assertThat(merchant.getRequestCount()).isZero();
    assertThat(alipay.truth().tradeStatus("T6")).contains("TRADE_SUCCESS");
  }

  @Test
  void aPageUrlWithAChangedParameterIsNotAccepted() throws Exception {
    java.util.Map<String, String> p = new java.util.TreeMap<>();
    p.put("app_id", alipay.appId());
    p.put("method", "alipay.trade.page.pay");
    p.put("charset", "utf-8");
    p.put("sign_type", "RSA2");
    p.put("timestamp", "2026-01-01 10:00:00");
    p.put("version", "1.0");
    p.put("biz_content", precreate("T7", "5.00"));
    p.put("sign", SimCrypto.sign(SimCrypto.privateKey(alipay.appPrivateKeyPem()), SimForm.requestContent(p)));
    String url = alipay.gatewayUrl() + "?" + SimForm.encode(p);

    assertThatThrownBy(() -> alipay.acceptPageUrl(url.replace("5.00", "0.05")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("isv.invalid-signature");
    assertThat(alipay.acceptPageUrl(url)).isEqualTo("T7");
    assertThat(alipay.truth().tradeStatus("T7")).contains("WAIT_BUYER_PAY");
  }
}
