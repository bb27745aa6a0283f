package io.unipay.wechat;

import static io.unipay.wechat.WechatVectorsTest.assertRejected;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.NotifyRejectedException;
import io.unipay.core.NotifyRequest;
import io.unipay.core.NotifyResponse;
import io.unipay.core.order.PayType;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.testkit.wechat.SignedNotification;
import io.unipay.testkit.wechat.WechatPaySimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every way a notification can be bad is refused with its own reason, before any state change. */
class NotificationRejectionTest {
  private static final String TRADE =
      "{\"mchid\":\"1230000109\",\"appid\":\"wxd678efh567hg6787\",\"out_trade_no\":\"notify000001\","
          + "\"transaction_id\":\"4200000000000000000000000001\",\"trade_type\":\"NATIVE\",\"trade_state\":\"SUCCESS\","
          + "\"success_time\":\"2026-01-01T10:00:00+08:00\",\"payer\":{\"openid\":\"o1\"},"
          + "\"amount\":{\"total\":100,\"payer_total\":100,\"currency\":\"CNY\",\"payer_currency\":\"CNY\"}}";

  private Harness h;

  @BeforeEach
  void start() {
    h = new Harness("public-key");
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private SignedNotification valid() {
    return h.sim.notification().resource("transaction", TRADE).build();
  }

  private void assertRejectedAs(SignedNotification n, String reason, ErrorCode code) {
    assertRejected(h.client, Fixtures.request(n), reason, code);
  }

  @Test
  void validNotificationIsAcceptedWithHeaderNamesInAnyCase() {
    SignedNotification n = valid();
    Map<String, String> lower = new LinkedHashMap<>();
    n.headers().forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));

    ProviderNotification parsed =
        h.client.parseNotification(NotifyRequest.post("/notify", lower, n.body()));

    assertThat(parsed)
        .isInstanceOfSatisfying(
            ProviderNotification.Payment.class,
            p -> assertThat(p.trade().outTradeNo()).isEqualTo("notify000001"));
  }

  @Test
  void bodyOverSixtyFourKibibytesIsRejectedBeforeVerification() {
    byte[] big = new byte[64 * 1024 + 1];
    java.util.Arrays.fill(big, (byte) ' ');

    assertRejectedAs(h.sim.signNotificationBody(big), "BODY_TOO_LARGE", ErrorCode.NOTIFY_REJECTED);
  }

  @Test
  void everyMissingSignatureHeaderIsNamed() {
    for (String header :
        List.of(
            "Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Signature", "Wechatpay-Serial")) {
      SignedNotification n = valid().withoutHeader(header);

      assertThatThrownBy(() -> h.client.parseNotification(Fixtures.request(n)))
          .isInstanceOfSatisfying(
              NotifyRejectedException.class,
              e -> {
                assertThat(e.reason()).isEqualTo("MISSING_HEADER");
                assertThat(e.code()).isEqualTo(ErrorCode.NOTIFY_REJECTED);
                assertThat(e.getMessage()).contains(header);
              });
    }
  }

  @Test
  void timestampsOutsideTheFiveMinuteWindowAreStale() {
    long now = Instant.now().getEpochSecond();
    SignedNotification old =
        h.sim.notification().resource("transaction", TRADE).timestamp(now - 301).build();
    SignedNotification future =
        h.sim.notification().resource("transaction", TRADE).timestamp(now + 301).build();
    SignedNotification recent =
        h.sim.notification().resource("transaction", TRADE).timestamp(now - 240).build();

    assertRejectedAs(old, "STALE_TIMESTAMP", ErrorCode.NOTIFY_REJECTED);
    assertRejectedAs(future, "STALE_TIMESTAMP", ErrorCode.NOTIFY_REJECTED);
    assertThat(h.client.parseNotification(Fixtures.request(recent))).isNotNull();
  }

  @Test
  void timestampToleranceIsConfigurable() {
    try (WechatPayClient strict =
        new WechatPayClient(
            Fixtures.forSimulator(h.sim, "public-key")
                .notifyTimestampTolerance(Duration.ofSeconds(60))
                .build())) {
      SignedNotification n =
          h.sim
              .notification()
              .resource("transaction", TRADE)
              .timestamp(Instant.now().getEpochSecond() - 90)
              .build();

      assertRejected(strict, Fixtures.request(n), "STALE_TIMESTAMP", ErrorCode.NOTIFY_REJECTED);
      assertThat(h.client.parseNotification(Fixtures.request(n))).isNotNull();
    }
  }

  @Test
  void nonNumericTimestampIsMalformed() {
    assertRejectedAs(
        valid().withHeader("Wechatpay-Timestamp", "yesterday"),
        "MALFORMED",
        ErrorCode.NOTIFY_REJECTED);
  }

  @Test
  void signtestProbeIsClassifiedAsAProbe() {
    SignedNotification n = valid();
    SignedNotification probe =
        n.withHeader(
            "Wechatpay-Signature", "WECHATPAY/SIGNTEST/" + n.header("Wechatpay-Signature"));

    assertThatThrownBy(() -> h.client.parseNotification(Fixtures.request(probe)))
        .isInstanceOfSatisfying(
            NotifyRejectedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("SIGNTEST_PROBE");
              assertThat(e.isProbe()).isTrue();
              assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID);
            });
  }

  @Test
  void unknownSerialIsRejected() {
    assertRejectedAs(
        valid().withHeader("Wechatpay-Serial", "PUB_KEY_ID_0000000000000000000000000000000001"),
        "UNKNOWN_SERIAL",
        ErrorCode.SIGNATURE_INVALID);
    assertRejectedAs(
        valid().withHeader("Wechatpay-Serial", "7132D72A03E93CDDF8C03BBD1F37EEDF204BD1CE"),
        "UNKNOWN_SERIAL",
        ErrorCode.SIGNATURE_INVALID);
  }

  @Test
  void tamperedBodyOrForeignKeyFailsTheSignature() {
    SignedNotification n = valid();
    byte[] body = n.body();
    body[body.length / 2] ^= 0x02;
    SignedNotification foreign =
        h.sim
            .notification()
            .resource("transaction", TRADE)
            .signer(h.sim.publicKeyId(), h.sim.merchantPrivateKeyPem())
            .build();

    assertRejectedAs(n.withBody(body), "BAD_SIGNATURE", ErrorCode.SIGNATURE_INVALID);
    assertRejectedAs(
        n.withHeader("Wechatpay-Signature", "not base64 at all!"),
        "BAD_SIGNATURE",
        ErrorCode.SIGNATURE_INVALID);
    assertRejectedAs(foreign, "BAD_SIGNATURE", ErrorCode.SIGNATURE_INVALID);
  }

  @Test
  void resourceEncryptedWithAnotherApiV3KeyFailsTheGcmTag() {
    try (WechatPaySimulator other =
        WechatPaySimulator.builder().apiV3Key("0123456789abcdef0123456789abcdef").start()) {
      SignedNotification n = other.notification().resource("transaction", TRADE).build();

      assertRejectedAs(n, "DECRYPT_FAILED", ErrorCode.NOTIFY_REJECTED);
    }
  }

  @Test
  void associatedDataOtherThanTheEncryptedOneFailsTheGcmTag() {
    String body =
        valid()
            .bodyAsString()
            .replace("\"associated_data\":\"transaction\"", "\"associated_data\":\"refund\"");

    assertRejectedAs(
        h.sim.signNotificationBody(body.getBytes(UTF_8)),
        "DECRYPT_FAILED",
        ErrorCode.NOTIFY_REJECTED);
  }

  @Test
  void appidOfAnotherAppIsRejected() {
    SignedNotification n =
        h.sim
            .notification()
            .resource("transaction", TRADE.replace("wxd678efh567hg6787", "wx0000000000000000"))
            .build();

    assertRejectedAs(n, "APPID_MISMATCH", ErrorCode.NOTIFY_REJECTED);
  }

  @Test
  void mchidOfAnotherMerchantIsRejected() {
    SignedNotification payment =
        h.sim
            .notification()
            .resource("transaction", TRADE.replace("1230000109", "1900000109"))
            .build();
    SignedNotification refund =
        h.sim
            .notification()
            .eventType("REFUND.SUCCESS")
            .resource(
                "refund",
                "{\"mchid\":\"1900000109\",\"out_trade_no\":\"notify000001\",\"out_refund_no\":\"r1\",\"refund_id\":\"5001\","
                    + "\"refund_status\":\"SUCCESS\",\"amount\":{\"total\":100,\"refund\":100}}")
            .build();

    assertRejectedAs(payment, "MCHID_MISMATCH", ErrorCode.NOTIFY_REJECTED);
    assertRejectedAs(refund, "MCHID_MISMATCH", ErrorCode.NOTIFY_REJECTED);
  }

  @Test
  void malformedEnvelopesAndResourcesAreRejected() {
    String good = valid().bodyAsString();
    List<String> bodies =
        List.of(
            "not json",
            "[1,2,3]",
            "{\"event_type\":\"TRANSACTION.SUCCESS\"}",
            good.replace("AEAD_AES_256_GCM", "AEAD_SM4_GCM"),
            good.replaceFirst("\"ciphertext\":\"[^\"]*\"", "\"ciphertext\":\"!!not-base64!!\""),
            good.replaceFirst("\"nonce\":\"[^\"]*\"", "\"nonce\":\"short\""));
    for (String body : bodies) {
      assertRejectedAs(
          h.sim.signNotificationBody(body.getBytes(UTF_8)), "MALFORMED", ErrorCode.NOTIFY_REJECTED);
    }
    SignedNotification notJsonInside =
        h.sim.notification().resource("transaction", "definitely not json").build();
    SignedNotification missingState =
        h.sim
            .notification()
            .resource("transaction", TRADE.replace("\"trade_state\":\"SUCCESS\",", ""))
            .build();
    assertRejectedAs(notJsonInside, "MALFORMED", ErrorCode.NOTIFY_REJECTED);
    assertRejectedAs(missingState, "MALFORMED", ErrorCode.NOTIFY_REJECTED);
  }

  @Test
  void rejectionMessagesCarryNoSecretOrHeaderValue() {
    SignedNotification n = valid();
    for (SignedNotification bad :
        List.of(
            n.withHeader("Wechatpay-Serial", "EVIL<script>"),
            n.withHeader("Wechatpay-Signature", "QUJD"),
            n.withHeader("Wechatpay-Timestamp", "1"))) {
      assertThatThrownBy(() -> h.client.parseNotification(Fixtures.request(bad)))
          .isInstanceOf(NotifyRejectedException.class)
          .message()
          .doesNotContain("EVIL", "QUJD", h.sim.apiV3Key(), n.header("Wechatpay-Nonce"));
    }
  }

  @Test
  void acknowledgementsFollowTheWechatFormat() {
    NotifyResponse ok = h.client.acknowledge(true, "OK");
    NotifyResponse fail = h.client.acknowledge(false, "BAD_SIGNATURE");

    assertThat(ok.status()).isEqualTo(204);
    assertThat(ok.body()).isEmpty();
    assertThat(ok.success()).isTrue();
    assertThat(fail.status()).isEqualTo(500);
    assertThat(fail.contentType()).isEqualTo("application/json");
    assertThat(fail.body()).isEqualTo("{\"code\":\"FAIL\",\"message\":\"BAD_SIGNATURE\"}");
    assertThat(fail.success()).isFalse();
  }

  @Test
  void unknownEventTypeIsUnrecognizedWithItsDecryptedData() {
    SignedNotification n =
        h.sim.notification().eventType("TRANSACTION.OTHER").resource("transaction", TRADE).build();

    assertThat(h.client.parseNotification(Fixtures.request(n)))
        .isEqualTo(
            new ProviderNotification.Unrecognized("TRANSACTION.OTHER", "notify000001", TRADE));
  }

  @Test
  void simulatorPaymentNotificationParsesWithoutHttp() {
    h.client.prepay(h.order("nohttp000001", PayType.NATIVE, 321));
    h.sim.inject(io.unipay.testkit.wechat.Fault.DROP_NOTIFICATION, 1);
    h.sim.pay("nohttp000001");

    ProviderNotification parsed =
        h.client.parseNotification(Fixtures.request(h.sim.paymentNotification("nohttp000001")));

    assertThat(parsed)
        .isInstanceOfSatisfying(
            ProviderNotification.Payment.class,
            p -> assertThat(p.trade().totalFee()).isEqualTo(321));
    // The simulator's sender records the dropped attempt on its own thread.
    h.sim.awaitDelivery(
        d -> d.outTradeNo().equals("nohttp000001"), java.time.Duration.ofSeconds(5));
    assertThat(h.sim.deliveries())
        .singleElement()
        .satisfies(d -> assertThat(d.httpStatus()).isZero());
  }
}
