package io.unipay.wechat;

import static io.unipay.wechat.Fixtures.*;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.NotifyRejectedException;
import io.unipay.core.NotifyRequest;
import io.unipay.core.spi.PrepayResult;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.core.spi.TradeSnapshot;
import io.unipay.core.spi.TradeState;
import io.unipay.wechat.internal.Crypto;
import io.unipay.wechat.internal.Pem;
import io.unipay.wechat.internal.PlatformKeys;
import io.unipay.wechat.internal.RequestSigner;
import io.unipay.wechat.internal.SignatureVerifier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The published vectors of protocols.md §D1, with the published test keys. */
class WechatVectorsTest {

  @Test
  void authorizationHeaderMatchesVectorW1() {
    RequestSigner signer =
        new RequestSigner(
            MCHID,
            MERCHANT_SERIAL,
            Pem.privateKey(key("merchant_private_key.pem"), "key"),
            new Crypto(null));

    String authorization =
        signer.authorization(
            "POST",
            "/v3/pay/transactions/jsapi",
            1554208460,
            "593BEC0C930BF1AFEB40B4A08C8FB242",
            W1_BODY.getBytes(UTF_8));

    assertThat(authorization)
        .isEqualTo(
            "WECHATPAY2-SHA256-RSA2048"
                + " mchid=\"1230000109\",nonce_str=\"593BEC0C930BF1AFEB40B4A08C8FB242\","
                + "timestamp=\"1554208460\",serial_no=\"5F1C72E2A8931B72A2E13AF8DEE92471EB397115\","
                + "signature=\""
                + W1_SIGNATURE
                + "\"");
  }

  @Test
  void jsapiPaySignMatchesVectorW3() {
    try (WechatPayClient client = vectorClient(1414561699)) {
      PrepayResult.WechatJsapi jsapi =
          client.jsapiParameters(APPID, "wx201410272009395522657a690389285100");

      assertThat(jsapi.appId()).isEqualTo(APPID);
      assertThat(jsapi.timeStamp()).isEqualTo("1414561699");
      assertThat(jsapi.nonceStr()).isEqualTo("5K8264ILTKCH16CQ2502SI8ZNMTM67VS");
      assertThat(jsapi.packageValue()).isEqualTo("prepay_id=wx201410272009395522657a690389285100");
      assertThat(jsapi.signType()).isEqualTo("RSA");
      assertThat(jsapi.paySign()).isEqualTo(W3_SIGNATURE);
    }
  }

  @Test
  void appSignMatchesVectorW4() {
    try (WechatPayClient client = vectorClient(1414561699)) {
      PrepayResult.WechatApp app =
          client.appParameters(APPID, "wx201410272009395522657a690389285100");

      assertThat(app.partnerid()).isEqualTo(MCHID);
      assertThat(app.packageValue()).isEqualTo("Sign=WXPay");
      assertThat(app.prepayid()).isEqualTo("wx201410272009395522657a690389285100");
      assertThat(app.sign()).isEqualTo(W4_SIGNATURE);
    }
  }

  @Test
  void empty204AnswerVerifiesAsVectorW5WithPublicKeyAndCertificate() {
    PlatformKeys keys =
        new PlatformKeys(
            MCHID,
            Pem.publicKey(key("wechat_pay_public_key.pem"), "pk"),
            PUBLIC_KEY_ID,
            List.of(Pem.certificate(Fixtures.platformCertificateAtVectorTime(), "cert")),
            at(1554209980),
            Duration.ofMinutes(1));
    SignatureVerifier verifier =
        new SignatureVerifier(keys, new Crypto(null), at(1554209980), Duration.ofMinutes(5));

    assertThat(
            verifier.check(
                W56_TIMESTAMP, W56_NONCE, W5_SIGNATURE, PUBLIC_KEY_ID, new byte[0], false))
        .isEmpty();
    assertThat(
            verifier.check(
                W56_TIMESTAMP, W56_NONCE, W5_SIGNATURE, PLATFORM_SERIAL, new byte[0], false))
        .isEmpty();
    assertThat(
            verifier.check(
                W56_TIMESTAMP, W56_NONCE, W5_SIGNATURE, PUBLIC_KEY_ID, new byte[] {'x'}, false))
        .hasValueSatisfying(f -> assertThat(f.reason()).isEqualTo("BAD_SIGNATURE"));
    assertThat(
            verifier.check(
                "1554209981", W56_NONCE, W5_SIGNATURE, PUBLIC_KEY_ID, new byte[0], false))
        .hasValueSatisfying(f -> assertThat(f.reason()).isEqualTo("BAD_SIGNATURE"));
  }

  @Test
  void notificationW6DecryptsAndVerifiesInPublicKeyMode() {
    try (WechatPayClient client =
        new WechatPayClient(publicKeyMode().clock(at(1554209980)).build())) {
      assertW6Payment(client.parseNotification(w6Request(PUBLIC_KEY_ID)));
    }
  }

  @Test
  void notificationW6DecryptsAndVerifiesInCertificateMode() {
    try (WechatPayClient client =
        new WechatPayClient(pinnedCertificateMode().clock(at(1554209980)).build())) {
      assertW6Payment(client.parseNotification(w6Request(PLATFORM_SERIAL)));
    }
  }

  @Test
  void notificationW6DecryptsAndVerifiesInCombinedModeUnderEitherSerial() {
    WechatPayConfig config =
        publicKeyMode()
            .platformCertificate(Fixtures.platformCertificateAtVectorTime())
            .clock(at(1554209980))
            .build();
    try (WechatPayClient client = new WechatPayClient(config)) {
      assertW6Payment(client.parseNotification(w6Request(PUBLIC_KEY_ID)));
      assertW6Payment(client.parseNotification(w6Request(PLATFORM_SERIAL)));
    }
  }

  @Test
  void notificationW6WithTimestampPlusOneFailsVerification() {
    try (WechatPayClient client =
        new WechatPayClient(publicKeyMode().clock(at(1554209980)).build())) {
      NotifyRequest request = with(w6Request(PUBLIC_KEY_ID), "Wechatpay-Timestamp", "1554209981");

      assertRejected(client, request, "BAD_SIGNATURE", ErrorCode.SIGNATURE_INVALID);
    }
  }

  @Test
  void notificationW6UnderAnotherPublicKeyIdIsAnUnknownSerial() {
    try (WechatPayClient client =
        new WechatPayClient(publicKeyMode().clock(at(1554209980)).build())) {
      assertRejected(
          client, w6Request("PUB_KEY_ID_OTHER"), "UNKNOWN_SERIAL", ErrorCode.SIGNATURE_INVALID);
    }
  }

  @Test
  void notificationW6WithAnyBodyByteChangedFailsVerification() {
    try (WechatPayClient client =
        new WechatPayClient(publicKeyMode().clock(at(1554209980)).build())) {
      NotifyRequest original = w6Request(PUBLIC_KEY_ID);
      byte[] body = original.body();
      for (int i = 0; i < body.length; i++) {
        byte[] tampered = body.clone();
        tampered[i] ^= 0x01;
        NotifyRequest request =
            new NotifyRequest("POST", original.path(), original.headers(), tampered);

        assertRejected(client, request, "BAD_SIGNATURE", ErrorCode.SIGNATURE_INVALID);
      }
    }
  }

  @Test
  void notificationW6WithAnySignatureByteChangedFailsVerification() {
    try (WechatPayClient client =
        new WechatPayClient(publicKeyMode().clock(at(1554209980)).build())) {
      byte[] signature = java.util.Base64.getDecoder().decode(W6_SIGNATURE);
      for (int i = 0; i < signature.length; i += 7) {
        byte[] tampered = signature.clone();
        tampered[i] ^= 0x40;
        NotifyRequest request =
            with(
                w6Request(PUBLIC_KEY_ID),
                "Wechatpay-Signature",
                java.util.Base64.getEncoder().encodeToString(tampered));

        assertRejected(client, request, "BAD_SIGNATURE", ErrorCode.SIGNATURE_INVALID);
      }
    }
  }

  @Test
  void vectorsHoldWithAnExplicitSecurityProvider() {
    WechatPayConfig config =
        publicKeyMode()
            .clock(at(1554209980))
            .nonceSupplier(() -> "5K8264ILTKCH16CQ2502SI8ZNMTM67VS")
            .securityProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
            .build();
    try (WechatPayClient client = new WechatPayClient(config)) {
      assertThat(config.securityProvider())
          .hasValueSatisfying(p -> assertThat(p.getName()).isEqualTo("BC"));
      assertW6Payment(client.parseNotification(w6Request(PUBLIC_KEY_ID)));
    }
    Crypto bc = new Crypto(new org.bouncycastle.jce.provider.BouncyCastleProvider());
    RequestSigner signer =
        new RequestSigner(
            MCHID, MERCHANT_SERIAL, Pem.privateKey(key("merchant_private_key.pem"), "key"), bc);
    assertThat(
            signer.signLines(
                APPID,
                "1414561699",
                "5K8264ILTKCH16CQ2502SI8ZNMTM67VS",
                "prepay_id=wx201410272009395522657a690389285100"))
        .isEqualTo(W3_SIGNATURE);
  }

  private static void assertW6Payment(ProviderNotification notification) {
    assertThat(notification).isInstanceOf(ProviderNotification.Payment.class);
    TradeSnapshot trade = ((ProviderNotification.Payment) notification).trade();
    assertThat(trade.outTradeNo()).isEqualTo("1217752501201407033233368018");
    assertThat(trade.state()).isEqualTo(TradeState.PAID);
    assertThat(trade.transactionId()).isEqualTo("4200000000201407033233368018");
    assertThat(trade.totalFee()).isEqualTo(100);
    assertThat(trade.currency()).isEqualTo("CNY");
    assertThat(trade.appId()).isEqualTo(APPID);
    assertThat(trade.merchantId()).isEqualTo(MCHID);
    assertThat(trade.payerId()).isEqualTo("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o");
    assertThat(trade.paidAt()).isEqualTo(Instant.parse("2018-06-08T02:34:56Z"));
    assertThat(trade.raw())
        .startsWith("{\"mchid\":\"1230000109\"")
        .contains("\"attach\":\"自定义数据\"");
  }

  static void assertRejected(
      WechatPayClient client, NotifyRequest request, String reason, ErrorCode code) {
    assertThatThrownBy(() -> client.parseNotification(request))
        .isInstanceOfSatisfying(
            NotifyRejectedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.code()).isEqualTo(code);
            });
  }

  static NotifyRequest with(NotifyRequest request, String header, String value) {
    Map<String, java.util.List<String>> headers =
        new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(request.headers());
    headers.put(header, List.of(value));
    return new NotifyRequest(request.method(), request.path(), headers, request.body());
  }

  private static WechatPayClient vectorClient(long epochSecond) {
    return new WechatPayClient(
        publicKeyMode()
            .clock(at(epochSecond))
            .nonceSupplier(() -> "5K8264ILTKCH16CQ2502SI8ZNMTM67VS")
            .build());
  }
}
