package io.unipay.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.NotifyRejectedException;
import io.unipay.core.NotifyRequest;
import io.unipay.core.NotifyResponse;
import io.unipay.core.order.PayType;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.spi.PrepayRequest;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.core.spi.RefundCommand;
import io.unipay.core.spi.TradeState;
import io.unipay.testkit.alipay.AlipaySimulator;
import io.unipay.testkit.alipay.SignedForm;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlipayNotifyTest {
  private final AlipaySimulator alipay = AlipaySimulator.builder().notifyRefunds(true).start();
  private final AlipayClient client =
      new AlipayClient(
          AlipayConfig.builder()
              .appId(alipay.appId())
              .appPrivateKey(alipay.appPrivateKeyPem())
              .alipayPublicKey(alipay.alipayPublicKeyPem())
              .sellerId(alipay.sellerId())
              .gatewayUrl(alipay.gatewayUrl())
              .build());

  @AfterEach
  void stop() {
    client.close();
    alipay.close();
  }

  private ProviderNotification parse(byte[] body) {
    return client.parseNotification(NotifyRequest.post("/pay/notify/alipay/native", Map.of(), body));
  }

  private Map<String, String> fields(String outTradeNo) {
    return new LinkedHashMap<>(alipay.paymentNotification(outTradeNo, 8888).fields());
  }

  private SignedForm signedWith(String name, String value) {
    Map<String, String> f = fields("N1");
    f.put(name, value);
    return alipay.signNotification(f);
  }

  private void assertRejected(byte[] body, ErrorCode code, String reason) {
    assertThatThrownBy(() -> parse(body))
        .isInstanceOfSatisfying(NotifyRejectedException.class, e -> {
          assertThat(e.code()).isEqualTo(code);
          assertThat(e.reason()).isEqualTo(reason);
          assertThat(e.getMessage()).doesNotContain(fieldsSign());
        });
  }

  private String fieldsSign() {
    return alipay.paymentNotification("N1", 8888).fields().get("sign");
  }

  @Test
  void aGenuinePaymentNotificationParses() {
    ProviderNotification n = parse(alipay.paymentNotification("N1", 8888).body());

    assertThat(n).isInstanceOfSatisfying(ProviderNotification.Payment.class, p -> {
      assertThat(p.trade().totalFee()).isEqualTo(8888);
      assertThat(p.trade().merchantId()).isEqualTo(alipay.sellerId());
    });
  }

  @Test
  void aTamperedNotificationIsRejected() {
    String body = alipay.paymentNotification("N1", 8888).bodyAsString().replace("total_amount=88.88", "total_amount=0.01");

    assertRejected(body.getBytes(StandardCharsets.UTF_8), ErrorCode.SIGNATURE_INVALID, "BAD_SIGNATURE");
  }

  @Test
  void aNotificationWithoutSignIsRejected() {
    Map<String, String> f = fields("N1");
    f.remove("sign");
    byte[] body = formBody(f, StandardCharsets.UTF_8);

    assertRejected(body, ErrorCode.SIGNATURE_INVALID, "MISSING_SIGN");
  }

  @Test
  void aSignedNotificationForAnotherAppIsRejected() {
    assertRejected(signedWith("app_id", "2021000000000001").body(), ErrorCode.NOTIFY_REJECTED, "APPID_MISMATCH");
  }

  @Test
  void aSignedNotificationForAnotherSellerIsRejected() {
    assertRejected(signedWith("seller_id", "2088000000000001").body(), ErrorCode.NOTIFY_REJECTED, "SELLER_MISMATCH");
  }

  @Test
  void amountsWithThreeDecimalsOrNotNumbersAreRejected() {
    assertRejected(signedWith("total_amount", "88.881").body(), ErrorCode.NOTIFY_REJECTED, "BAD_AMOUNT");
    assertRejected(signedWith("total_amount", "8e1").body(), ErrorCode.NOTIFY_REJECTED, "BAD_AMOUNT");
    assertRejected(signedWith("total_amount", "-1.00").body(), ErrorCode.NOTIFY_REJECTED, "BAD_AMOUNT");
  }

  @Test
  void anOversizedBodyIsRejectedBeforeAnythingElse() {
    byte[] body = new byte[64 * 1024 + 1];
    Arrays.fill(body, (byte) 'a');

    assertRejected(body, ErrorCode.NOTIFY_REJECTED, "BODY_TOO_LARGE");
  }

  @Test
  void aGbkSignedNotificationWithChineseTextVerifiesInItsCharset() {
    Map<String, String> f = fields("N1");
    f.put("subject", "会员月卡（年度）");
    SignedForm signed = alipay.signNotification(f, Charset.forName("GBK"));
    assertThat(signed.bodyAsString()).contains("charset=GBK").contains("%BB%E1"); // 会 in GBK

    ProviderNotification n = parse(signed.body());

    assertThat(((ProviderNotification.Payment) n).trade().raw()).contains("subject=会员月卡（年度）");
  }

  @Test
  void aNotificationSignedOverUtf8ButDeclaringGbkIsRejected() {
    Map<String, String> f = fields("N1");
    f.remove("sign");
    f.put("charset", "GBK");
    f.put("subject", "会员月卡");
    SignedForm utf8Signed = alipay.signNotification(f); // signs the UTF-8 bytes

    assertRejected(formBody(utf8Signed.fields(), Charset.forName("GBK")), ErrorCode.SIGNATURE_INVALID, "BAD_SIGNATURE");
  }

  @Test
  void aCharsetAlipayDoesNotUseIsRejectedCleanly() {
    Map<String, String> f = fields("N1");
    f.put("charset", "ISO-8859-1\nFAKE LOG LINE");
    assertRejected(alipay.signNotification(f).body(), ErrorCode.NOTIFY_REJECTED, "MALFORMED");
  }

  @Test
  void closedAndWaitingNotificationsWithoutPaymentAreInformational() {
    Map<String, String> closed = fields("N1");
    closed.remove("gmt_payment");
    closed.put("trade_status", "TRADE_CLOSED");
    assertThat(parse(alipay.signNotification(closed).body()))
        .isInstanceOfSatisfying(ProviderNotification.Informational.class, i -> {
          assertThat(i.outTradeNo()).isEqualTo("N1");
          assertThat(i.what()).isEqualTo("TRADE_CLOSED");
        });
    assertThat(parse(signedWith("trade_status", "WAIT_BUYER_PAY").body()))
        .isInstanceOf(ProviderNotification.Informational.class);
  }

  @Test
  void aClosedNotificationOfAPaidTradeIsAPaymentThatWasRefunded() {
    ProviderNotification n = parse(signedWith("trade_status", "TRADE_CLOSED").body());

    assertThat(n).isInstanceOfSatisfying(ProviderNotification.Payment.class, p -> {
      assertThat(p.trade().state()).isEqualTo(TradeState.REFUNDED);
      assertThat(p.trade().totalFee()).isEqualTo(8888);
      assertThat(p.trade().paidAt()).isNotNull();
    });
  }

  @Test
  void aSuccessNotificationCarryingARefundIsAPaymentThatWasRefunded() {
    Map<String, String> f = fields("N1");
    f.put("refund_fee", "10.00");
    f.put("gmt_refund", "2026-01-05 10:00:00.123");

    ProviderNotification n = parse(alipay.signNotification(f).body());

    assertThat(n).isInstanceOfSatisfying(ProviderNotification.Payment.class,
        p -> assertThat(p.trade().state()).isEqualTo(TradeState.REFUNDED));
  }

  @Test
  void theOriginalDataIsExactlyTheSignedContent() {
    Map<String, String> f = fields("N1");
    f.put("passback_params", "");
    SignedForm signed = alipay.signNotification(f);
    byte[] body = (new String(signed.body(), StandardCharsets.US_ASCII) + "&=X").getBytes(StandardCharsets.US_ASCII);

    String raw = ((ProviderNotification.Payment) parse(body)).trade().raw();

    assertThat(raw).doesNotContain("sign=").doesNotContain("sign_type").doesNotContain("passback_params")
        .doesNotContain("=X").startsWith("app_id=").contains("&total_amount=88.88&");
  }

  @Test
  void impossibleDatesAreRejectedNotClamped() {
    assertRejected(signedWith("gmt_payment", "2026-02-30 10:00:00").body(), ErrorCode.NOTIFY_REJECTED, "MALFORMED");
  }

  @Test
  void inexactNegativeOrHugeAmountsInAnyAmountFieldAreRejected() {
    for (String field : new String[] {"total_amount", "receipt_amount", "buyer_pay_amount", "refund_fee"}) {
      for (String bad : new String[] {"-1.00", "1e2", "1.001", "100000000.01", "99999999999999", " 1.00", "01.00"}) {
        assertRejected(signedWith(field, bad).body(), ErrorCode.NOTIFY_REJECTED, "BAD_AMOUNT");
      }
    }
    assertRejected(signedWith("total_amount", "0.00").body(), ErrorCode.NOTIFY_REJECTED, "BAD_AMOUNT");
    assertRejected(signedWith("total_amount", "").body(), ErrorCode.NOTIFY_REJECTED, "BAD_AMOUNT");
  }

  @Test
  void aLineBreakInAnUnverifiedOutTradeNoIsEscapedInTheMessage() {
    Map<String, String> f = fields("N1\n2026-01-01 INFO forged");
    f.put("sign", fieldsSign());
    byte[] body = formBody(f, StandardCharsets.UTF_8);

    assertThatThrownBy(() -> parse(body))
        .isInstanceOf(NotifyRejectedException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").contains("\\u000a"));
  }

  @Test
  void aPartialRefundNotificationIsARefundResult() throws Exception {
    NotifyReceiver merchant = new NotifyReceiver(client);
    try (merchant) {
      client.prepay(new PrepayRequest("N2", PayType.NATIVE, 1000, "CNY", "VIP", merchant.url(),
          Instant.now().plusSeconds(600), null, null, null));
      alipay.pay("N2");
      client.refund(new RefundCommand("N2", null, "RN2", 400, 1000, "CNY", null, null));

      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (merchant.accepted.size() < 2 && System.nanoTime() < deadline) Thread.sleep(20);
    }

    assertThat(merchant.accepted).hasSize(2);
    assertThat(merchant.accepted.get(1)).isInstanceOfSatisfying(ProviderNotification.RefundResult.class, r -> {
      assertThat(r.refund().outTradeNo()).isEqualTo("N2");
      assertThat(r.refund().outRefundNo()).isEqualTo("RN2");
      assertThat(r.refund().status()).isEqualTo(RefundStatus.SUCCESS);
      assertThat(r.refund().successAt()).isNotNull();
    });
  }

  private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) Thread.sleep(20);
  }

  private void nativeTrade(String no, NotifyReceiver merchant) {
    client.prepay(new PrepayRequest(no, PayType.NATIVE, 100, "CNY", "VIP", merchant.url(),
        Instant.now().plusSeconds(600), null, null, null));
  }

  @Test
  void aWronglySignedNotificationIsAnsweredFailAndRedeliveredOnTheWholeSchedule() throws Exception {
    try (NotifyReceiver merchant = new NotifyReceiver(client)) {
      nativeTrade("N3", merchant);
      alipay.faults().tamperNextNotifications(1);

      alipay.pay("N3");
      await(() -> alipay.truth().notifyAttempts("N3").size() == 8);

      assertThat(alipay.truth().notifyAttempts("N3")).hasSize(8).noneMatch(a -> a.acknowledged())
          .allMatch(a -> a.responseBody().equals("fail"));
      assertThat(merchant.rejected).hasSize(8).containsOnly("BAD_SIGNATURE");
      assertThat(merchant.accepted).isEmpty();
    }
  }

  @Test
  void aDuplicateNotificationArrivesAgainUnchanged() throws Exception {
    try (NotifyReceiver merchant = new NotifyReceiver(client)) {
      nativeTrade("N5", merchant);
      alipay.pay("N5");
      assertThat(alipay.truth().awaitAcknowledged("N5", Duration.ofSeconds(10))).isTrue();

      alipay.duplicateNotify("N5");
      await(() -> merchant.accepted.size() == 2);

      assertThat(merchant.accepted).hasSize(2);
      assertThat(merchant.accepted.get(0)).isEqualTo(merchant.accepted.get(1));
      assertThat(alipay.truth().notifyAttempts("N5")).extracting(a -> a.notifyId()).containsOnly(
          alipay.truth().notifyAttempts("N5").get(0).notifyId());
    }
  }

  @Test
  void aTimeoutCloseIsNotifiedAsInformational() throws Exception {
    try (NotifyReceiver merchant = new NotifyReceiver(client)) {
      nativeTrade("N6", merchant);
      alipay.scan("N6");

      alipay.closeByTimeout("N6");
      await(() -> !merchant.accepted.isEmpty());

      assertThat(merchant.accepted).singleElement()
          .isInstanceOfSatisfying(ProviderNotification.Informational.class,
              i -> assertThat(i.what()).isEqualTo("TRADE_CLOSED"));
    }
  }

  @Test
  void aDroppedNotificationNeverArrivesButTheQueryFindsThePayment() throws Exception {
    try (NotifyReceiver merchant = new NotifyReceiver(client)) {
      nativeTrade("N7", merchant);
      alipay.faults().dropNextNotifications(1);

      alipay.pay("N7");
      Thread.sleep(200);

      assertThat(merchant.accepted).isEmpty();
      assertThat(client.query("N7").state()).isEqualTo(io.unipay.core.spi.TradeState.PAID);
    }
  }

  @Test
  void acknowledgementsAreAlipaysPlainTextWords() {
    assertThat(client.acknowledge(true, "ok")).isEqualTo(new NotifyResponse(200, "text/plain", "success", true));
    assertThat(client.acknowledge(false, "bad")).isEqualTo(new NotifyResponse(200, "text/plain", "fail", false));
  }

  private static byte[] formBody(Map<String, String> fields, Charset charset) {
    StringBuilder sb = new StringBuilder();
    fields.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(k).append('=')
        .append(URLEncoder.encode(v, charset)));
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
