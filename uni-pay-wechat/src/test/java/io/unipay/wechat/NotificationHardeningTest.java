package io.unipay.wechat;

import static io.unipay.wechat.WechatVectorsTest.assertRejected;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.ErrorCode;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.testkit.wechat.SignedNotification;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Verified notifications whose content is hostile (issue 13 items 3–6). */
class NotificationHardeningTest {
  private static final String TRADE =
      "{\"mchid\":\"1230000109\",\"appid\":\"wxd678efh567hg6787\",\"out_trade_no\":\"harden000001\","
          + "\"transaction_id\":\"4200000000000000000000000001\",\"trade_type\":\"NATIVE\","
          + "\"trade_state\":\"SUCCESS\",\"success_time\":\"2026-01-01T10:00:00+08:00\","
          + "\"payer\":{\"openid\":\"o1\"},\"amount\":{\"total\":990,\"payer_total\":990,"
          + "\"currency\":\"CNY\",\"payer_currency\":\"CNY\"}}";
  private static final String REFUND =
      "{\"mchid\":\"1230000109\",\"out_trade_no\":\"harden000001\",\"transaction_id\":\"42001\","
          + "\"out_refund_no\":\"HRF1\",\"refund_id\":\"50001\",\"refund_status\":\"SUCCESS\","
          + "\"success_time\":\"2026-01-01T10:00:00+08:00\",\"user_received_account\":\"x\","
          + "\"amount\":{\"total\":990,\"refund\":90,\"payer_total\":990,\"payer_refund\":90}}";

  private Harness h;

  @BeforeEach
  void start() {
    h = new Harness("public-key");
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private SignedNotification payment(String plaintext) {
    return h.sim.notification().resource("transaction", plaintext).build();
  }

  private void assertMalformed(SignedNotification n) {
    assertRejected(h.client, Fixtures.request(n), "MALFORMED", ErrorCode.NOTIFY_REJECTED);
  }

  @Test
  void paymentWithoutAppidIsRejectedNotANullPointer() {
    SignedNotification n = payment(TRADE.replace("\"appid\":\"wxd678efh567hg6787\",", ""));
    assertRejected(h.client, Fixtures.request(n), "APPID_MISMATCH", ErrorCode.NOTIFY_REJECTED);
    SignedNotification nullAppid = payment(TRADE.replace("\"wxd678efh567hg6787\"", "null"));
    assertRejected(
        h.client, Fixtures.request(nullAppid), "APPID_MISMATCH", ErrorCode.NOTIFY_REJECTED);
    SignedNotification numericMchid = payment(TRADE.replace("\"1230000109\"", "1230000109"));
    assertRejected(
        h.client, Fixtures.request(numericMchid), "MCHID_MISMATCH", ErrorCode.NOTIFY_REJECTED);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "18446744073709552606", // 2^64 + 990: asLong() would wrap it to 990
        "9223372036854775808",
        "1e2",
        "990.0",
        "\"990\"",
        "-990",
        "0",
        "null",
        "{}",
        "[990]"
      })
  void amountsThatAreNotInRangeJsonIntegersAreRejected(String total) {
    assertMalformed(payment(TRADE.replace("\"total\":990", "\"total\":" + total)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "1.5", "\"90\"", "18446744073709551706"})
  void refundAmountsThatAreNotInRangeJsonIntegersAreRejected(String refund) {
    SignedNotification n =
        h.sim
            .notification()
            .eventType("REFUND.SUCCESS")
            .resource("refund", REFUND.replace("\"refund\":90", "\"refund\":" + refund))
            .build();
    assertMalformed(n);
  }

  @Test
  void payerTotalIsCheckedToo() {
    assertMalformed(payment(TRADE.replace("\"payer_total\":990", "\"payer_total\":-5")));
  }

  @Test
  void extremeTimestampsAreStaleNotInsideTheWindow() {
    long now = Instant.now().getEpochSecond();
    for (long timestamp :
        new long[] {
          now + Long.MIN_VALUE,
          Long.MIN_VALUE,
          Long.MAX_VALUE,
          now - Long.MAX_VALUE,
          now + 300,
          now - 300
        }) {
      SignedNotification n =
          h.sim.notification().resource("transaction", TRADE).timestamp(timestamp).build();
      assertRejected(h.client, Fixtures.request(n), "STALE_TIMESTAMP", ErrorCode.NOTIFY_REJECTED);
    }
    SignedNotification inside =
        h.sim.notification().resource("transaction", TRADE).timestamp(now - 290).build();
    assertThat(h.client.parseNotification(Fixtures.request(inside)))
        .isInstanceOf(ProviderNotification.Payment.class);
  }

  @Test
  void duplicateKeysInTheDecryptedResourceAreRejected() {
    assertMalformed(
        payment(TRADE.replace("{\"mchid\"", "{\"out_trade_no\":\"harden000002\",\"mchid\"")));
    assertMalformed(payment(TRADE.replace("\"total\":990", "\"total\":1,\"total\":990")));
  }

  @Test
  void duplicateKeysInTheEnvelopeAreRejected() {
    String body = payment(TRADE).bodyAsString();
    String doubled =
        body.replace("\"event_type\":", "\"event_type\":\"TRANSACTION.SUCCESS\",\"event_type\":");
    assertMalformed(h.sim.signNotificationBody(doubled.getBytes(UTF_8)));
  }

  @Test
  void duplicateKeysInEnvelopeValuesTheDecoderSkipsAreRejected() {
    String body = payment(TRADE).bodyAsString();
    String nested = body.replace("{\"id\":", "{\"extra\":{\"a\":1,\"a\":2},\"id\":");
    String inResource =
        body.replace(
            "\"resource\":{", "\"resource\":{\"original_type\":\"x\",\"original_type\":\"y\",");
    assertThat(nested).isNotEqualTo(body);
    assertThat(inResource).isNotEqualTo(body);
    assertMalformed(h.sim.signNotificationBody(nested.getBytes(UTF_8)));
    assertMalformed(h.sim.signNotificationBody(inResource.getBytes(UTF_8)));
  }

  @Test
  void eventTypesNotMappedExactlyAreUnrecognizedWithTheirData() {
    SignedNotification refundLike =
        h.sim.notification().eventType("REFUND.NEWKIND").resource("refund", REFUND).build();
    SignedNotification notJson =
        h.sim.notification().eventType("PROFITSHARING.X").resource("other", "plain text").build();

    assertThat(h.client.parseNotification(Fixtures.request(refundLike)))
        .isEqualTo(new ProviderNotification.Unrecognized("REFUND.NEWKIND", "harden000001", REFUND));
    assertThat(h.client.parseNotification(Fixtures.request(notJson)))
        .isEqualTo(new ProviderNotification.Unrecognized("PROFITSHARING.X", null, "plain text"));
  }

  @Test
  void unrecognizedEventOfAnotherMerchantIsStillRejected() {
    SignedNotification n =
        h.sim
            .notification()
            .eventType("TRANSACTION.OTHER")
            .resource("transaction", TRADE.replace("1230000109", "1900000109"))
            .build();
    assertRejected(h.client, Fixtures.request(n), "MCHID_MISMATCH", ErrorCode.NOTIFY_REJECTED);
  }

  @Test
  void refundNotificationWithoutOutTradeNoIsRejected() {
    SignedNotification n =
        h.sim
            .notification()
            .eventType("REFUND.SUCCESS")
            .resource("refund", REFUND.replace("\"out_trade_no\":\"harden000001\",", ""))
            .build();
    assertMalformed(n);
  }

  @Test
  void hugeAmountNeverSettlesASmallOrder() {
    SignedNotification n =
        payment(TRADE.replace("\"total\":990", "\"total\":18446744073709552606"));
    assertMalformed(n);
    assertThat(h.client.parseNotification(Fixtures.request(payment(TRADE))))
        .isInstanceOfSatisfying(
            ProviderNotification.Payment.class,
            p -> assertThat(p.trade().totalFee()).isEqualTo(990));
  }
}
