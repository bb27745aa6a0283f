package io.unipay.wechat;

import static io.unipay.wechat.WechatVectorsTest.assertRejected;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.ErrorCode;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.core.spi.TradeSnapshot;
import io.unipay.core.spi.TradeState;
import io.unipay.testkit.wechat.SignedNotification;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decoder reads only the fields it maps out of a payment's resource and the ciphertext out of
 * the body's bytes: whatever shape the rest of the JSON has, the verdict is the one a full read
 * gives.
 */
class NotificationResourceShapeTest {
  private static final String TRADE =
      "{\"mchid\":\"1230000109\",\"appid\":\"wxd678efh567hg6787\",\"out_trade_no\":\"shape000001\","
          + "\"transaction_id\":\"4200000000000000000000000001\",\"trade_type\":\"NATIVE\","
          + "\"trade_state\":\"SUCCESS\",\"success_time\":\"2026-01-01T10:00:00+08:00\","
          + "\"payer\":{\"openid\":\"o1\"},\"amount\":{\"total\":990,\"payer_total\":990,"
          + "\"currency\":\"CNY\",\"payer_currency\":\"CNY\"}}";
  private static final Pattern CIPHERTEXT = Pattern.compile("\"ciphertext\":\"([^\"\\\\]+)\"");

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

  private TradeSnapshot trade(SignedNotification n) {
    ProviderNotification parsed = h.client.parseNotification(Fixtures.request(n));
    assertThat(parsed).isInstanceOf(ProviderNotification.Payment.class);
    return ((ProviderNotification.Payment) parsed).trade();
  }

  @Test
  void fieldsTheMappingDoesNotReadMayHoldAnyJsonAndTheRawDataIsTheWholeResource() {
    String plaintext =
        TRADE.replace(
            "\"trade_type\":\"NATIVE\"",
            "\"trade_type\":\"NATIVE\",\"promotion_detail\":[{\"amount\":1.5,\"goods\":[true,"
                + "null,{\"id\":\"g\"}]}],\"scene_info\":{\"device_id\":{\"x\":-1e3}},"
                + "\"flag\":false,\"trade_state_desc\":\"支付成功\"")
            .replace("\"payer_currency\":\"CNY\"", "\"payer_currency\":\"CNY\",\"x\":[1.25]")
            .replace("\"openid\":\"o1\"", "\"openid\":\"o1\",\"extra\":{\"k\":[]}");

    TradeSnapshot trade = trade(payment(plaintext));

    assertThat(trade.outTradeNo()).isEqualTo("shape000001");
    assertThat(trade.state()).isEqualTo(TradeState.PAID);
    assertThat(trade.totalFee()).isEqualTo(990);
    assertThat(trade.transactionId()).isEqualTo("4200000000000000000000000001");
    assertThat(trade.payerId()).isEqualTo("o1");
    assertThat(trade.paidAt()).isEqualTo(Instant.parse("2026-01-01T02:00:00Z"));
    assertThat(trade.raw()).isEqualTo(plaintext);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"trade_type\":{\"a\":1,\"a\":2}",
        "\"trade_type\":[{\"a\":1,\"a\":2}]",
        "\"trade_type\":\"NATIVE\",\"payer\":{\"openid\":\"o2\"}",
        "\"trade_type\":\"NATIVE\",\"trade_type\":\"JSAPI\""
      })
  void duplicateKeysAnywhereInTheResourceAreRejected(String tradeType) {
    assertMalformed(payment(TRADE.replace("\"trade_type\":\"NATIVE\"", tradeType)));
  }

  @Test
  void duplicateKeysInsideMappedObjectsAreRejectedInFieldsTheMappingSkips() {
    String payer = "\"openid\":\"o1\",\"m\":{\"b\":1,\"b\":2}";
    assertMalformed(payment(TRADE.replace("\"openid\":\"o1\"", payer)));
    assertMalformed(
        payment(TRADE.replace("\"payer_currency\":\"CNY\"", "\"x\":[{\"b\":1,\"b\":2}]")));
    assertMalformed(
        payment(TRADE.replace("\"payer_currency\":\"CNY\"", "\"currency\":\"USD\"")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"out_trade_no\":[\"shape000001\"]",
        "\"out_trade_no\":7",
        "\"out_trade_no\":true",
        "\"out_trade_no\":{\"v\":\"shape000001\"}"
      })
  void aMappedFieldOfAnotherTypeIsRejected(String outTradeNo) {
    assertMalformed(payment(TRADE.replace("\"out_trade_no\":\"shape000001\"", outTradeNo)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"payer\":[{\"openid\":\"o1\"}]",
        "\"payer\":{\"openid\":5}",
        "\"payer\":{\"openid\":{\"id\":\"o1\"}}",
        "\"payer\":\"o1\""
      })
  void aPayerOfAnotherShapeIsRejected(String payer) {
    assertMalformed(payment(TRADE.replace("\"payer\":{\"openid\":\"o1\"}", payer)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "\"990\"", "[990]", "{\"v\":990}", "9.9e2"})
  void aTotalOfAnotherTypeIsRejected(String total) {
    assertMalformed(payment(TRADE.replace("\"total\":990", "\"total\":" + total)));
  }

  @Test
  void aResourceThatIsNotAnObjectIsRejected() {
    assertMalformed(payment("[" + TRADE + "]"));
    assertMalformed(payment("\"" + "x".repeat(20) + "\""));
    assertMalformed(payment(TRADE.substring(0, TRADE.length() - 1)));
  }

  @Test
  void aCiphertextWrittenWithJsonEscapesDecryptsAsTheSameBase64() {
    String body = payment(TRADE).bodyAsString();
    Matcher m = CIPHERTEXT.matcher(body);
    assertThat(m.find()).isTrue();
    String base64 = m.group(1);
    String escaped =
        String.format("\\u%04x", (int) base64.charAt(0)) + base64.substring(1).replace("/", "\\/");
    String rewritten = body.substring(0, m.start(1)) + escaped + body.substring(m.end(1));

    ProviderNotification parsed =
        h.client.parseNotification(
            Fixtures.request(h.sim.signNotificationBody(rewritten.getBytes(UTF_8))));

    assertThat(parsed).isInstanceOf(ProviderNotification.Payment.class);
    String notBase64 = body.substring(0, m.start(1)) + "\\u00e9" + body.substring(m.start(1));
    assertMalformed(h.sim.signNotificationBody(notBase64.getBytes(UTF_8)));
  }
}
