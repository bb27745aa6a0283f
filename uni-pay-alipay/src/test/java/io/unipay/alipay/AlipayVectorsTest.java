package io.unipay.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unipay.alipay.internal.AlipayKeys;
import io.unipay.alipay.internal.Gateway;
import io.unipay.alipay.internal.KeyMaterial;
import io.unipay.alipay.internal.ResponseJson;
import io.unipay.alipay.internal.Rsa2;
import io.unipay.alipay.internal.SignContent;
import io.unipay.core.ErrorCode;
import io.unipay.core.NotifyRejectedException;
import io.unipay.core.NotifyRequest;
import io.unipay.core.UniPayException;
import io.unipay.core.order.PayType;
import io.unipay.core.spi.PrepayRequest;
import io.unipay.core.spi.PrepayResult;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.core.spi.TradeSnapshot;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The byte-exact vectors of protocols §D2/§D3 against the client's own code paths. */
class AlipayVectorsTest {
  static final String A1_CONTENT =
      "app_id=2014072300007148&biz_content={\"out_trade_no\":\"20150320010101001\",\"total_amount\":\"88.88\",\"subject\":\"Iphone6 16G\"}&charset=utf-8&format=JSON&method=alipay.trade.precreate&notify_url=https://api.example.com/alipay/notify&sign_type=RSA2&timestamp=2014-07-24 03:07:50&version=1.0";
  static final String A1_SIGN =
      "K02nmqZrt8So7hsXBymNqeQalACCFuHNHqAy/CijPWcTYynqOwwBRjL7BnHuDr79hDJrxDIyZ6xqIJQrVRR5D1Fsf/fl8VRBo/An6cdm6mEs/rc6CEuktjRuDp3OESErkTwF43L9XdinHusrbZhi1I/uWmA7rpwDNIWSLJgvDQ2/J6DNGa+jRUupdMP1CCd2fl38ILWj8RxZPfOfG/825QjdsZQ4F8Eu2hQv4QcVvIO9x/0t8AgoXT/PpOqgdAETSxs1NUKdB8f3vqp6e39dQk+Rw1DaIf2UpJub7jXOpHm0UYyftfEVDVsPDbFALGEOAPtgz8pNNwMDDI1fWD2N0Q==";
  static final String A2_BODY =
      "{\"alipay_trade_precreate_response\":{\"code\":\"10000\",\"msg\":\"Success\",\"out_trade_no\":\"20150320010101001\",\"qr_code\":\"https:\\/\\/qr.alipay.com\\/bax03206ug0kulveltqc80a8\"},\"sign\":\"caY9VoehjdO9DA0fLkwS33B3YVxWJpgRYNtzPhO1dYmKVnMDEXuuT2zI6APGrKyMBItS4sw9KT1F4FKZQoStjm0cQRObZIlSX/AndaXoWaDjUVri2SwEth88PUhEAIei5u5NnAHv3Z1TBUSe2Yhr37uqsmg3BsPp1/c7MRf4ZylA8yjRrFM4yvSo9yqt0i2lu/1FEbFACgFTSolUctMrh5pZaNrTwOgu5kUB2CN+41rVwmanX9Dioqym62y5nSJKVpoY028l5PNfUBf8vZa8XPUt/w9EOci2Gcd7trqNt/frzcap+YV34FKbuCZSyyP2CdN2qzWuUzdLFs5l9zjLDA==\"}";
  static final String A3_SIGN =
      "hLzQxdxeRLqnmK/l0hea1iJYHL473OE07OoxebU1dVQX1G9bsyJPH6KEobPhVL6sW3iyM7wkundzBCtfmN2WOMK41cW7XNUMFvYVlcr7wYljZ60iGB59kENHxIp5tjGw1vZMwZ1XFIFB1lsOTVwaThlB+PJsDMN48pOjX8JXhf95O11v54TLFCHzyFFBZzv4OebcYhkU+Lo45kJSVR2mPvzql/ljbZYJaCBwdmsw8LbYAOYcGJypCG41KE47dTBMVdlaVy/1l8dPsqOcPXDtywm48pdLPYM4lCi2tAzQ5+acFSsXLZPgovYgaKJN4Laen+qPGLfHTyoQaggQ3vvduA==";
  static final String A3_FIELDS =
      "app_id=2014072300007148&auth_app_id=2014072300007148&buyer_id=2088102122524333&buyer_logon_id=159****5620&buyer_pay_amount=88.88&charset=utf-8&fund_bill_list=[{\"amount\":\"88.88\",\"fundChannel\":\"ALIPAYACCOUNT\"}]&gmt_create=2015-11-27 15:45:58&gmt_payment=2015-11-27 15:45:59&invoice_amount=88.88&notify_id=4a91b7a78a503640467525113fb7d8bg8e&notify_time=2015-11-27 15:45:59&notify_type=trade_status_sync&out_trade_no=20150320010101001&point_amount=0.00&receipt_amount=88.88&seller_email=merchant@example.com&seller_id=2088102119685838&subject=Iphone6 16G&total_amount=88.88&trade_no=2015112721001004330000121536&trade_status=TRADE_SUCCESS&version=1.0";

  private static final Clock A1_CLOCK =
      Clock.fixed(Instant.parse("2014-07-23T19:07:50Z"), ZoneOffset.UTC); // 03:07:50 GMT+8

  private static Map<String, String> a1Params() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("app_id", "2014072300007148");
    p.put("method", "alipay.trade.precreate");
    p.put("format", "JSON");
    p.put("charset", "utf-8");
    p.put("sign_type", "RSA2");
    p.put("timestamp", "2014-07-24 03:07:50");
    p.put("version", "1.0");
    p.put("notify_url", "https://api.example.com/alipay/notify");
    p.put("app_auth_token", "");
    p.put("biz_content", "{\"out_trade_no\":\"20150320010101001\",\"total_amount\":\"88.88\",\"subject\":\"Iphone6 16G\"}");
    return p;
  }

  @Test
  void a1SignContentKeepsSignTypeAndDropsTheEmptyAppAuthToken() {
    assertThat(SignContent.of(a1Params(), Set.of("sign"))).isEqualTo(A1_CONTENT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pkcs8-pem", "pkcs8-bare", "pkcs1-pem", "pkcs1-bare"})
  void a1SignIsReproducedFromEveryAcceptedKeyForm(String form) {
    String pem = TestKeys.appKeyPem();
    String key =
        switch (form) {
          case "pkcs8-pem" -> pem;
          case "pkcs8-bare" -> TestKeys.bare(pem);
          case "pkcs1-pem" -> TestKeys.pkcs1Pem(pem);
          default -> TestKeys.bare(TestKeys.pkcs1Pem(pem));
        };

    String sign = new Rsa2(null).sign(KeyMaterial.privateKey(key, "appPrivateKey"), A1_CONTENT);

    assertThat(sign).isEqualTo(A1_SIGN);
  }

  @Test
  void a1SignIsWhatTheGatewaySignsForThatRequest() {
    Gateway gateway =
        new Gateway("https://openapi.alipay.com/gateway.do", "2014072300007148",
            KeyMaterial.privateKey(TestKeys.appKeyPem(), "k"),
            AlipayKeys.fixed(KeyMaterial.publicKey(TestKeys.alipayPublicKeyPem(), "k")), null, null,
            Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), A1_CLOCK, new Rsa2(null),
            new ObjectMapper());
    ObjectNode biz = new ObjectMapper().createObjectNode()
        .put("out_trade_no", "20150320010101001").put("total_amount", "88.88").put("subject", "Iphone6 16G");

    Map<String, String> params =
        gateway.signedParams("alipay.trade.precreate", biz, "https://api.example.com/alipay/notify", null);
    gateway.close();

    assertThat(params).containsEntry("sign", A1_SIGN).containsEntry("sign_type", "RSA2");
  }

  private static AlipayClient clientFor(MockWebServer server) {
    return new AlipayClient(
        AlipayConfig.builder()
            .appId("2014072300007148")
            .appPrivateKey(TestKeys.appKeyPem())
            .alipayPublicKey(TestKeys.alipayPublicKeyPem())
            .gatewayUrl(server.url("/gateway.do").toString())
            .build());
  }

  private static PrepayRequest nativeRequest() {
    return new PrepayRequest("20150320010101001", PayType.NATIVE, 8888, "CNY", "Iphone6 16G",
        "https://api.example.com/alipay/notify", Instant.now().plusSeconds(600), null, null, null);
  }

  private static PrepayResult precreateAnsweredWith(String body) throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse.Builder().body(body).build());
      server.start();
      try (AlipayClient client = clientFor(server)) {
        return client.prepay(nativeRequest());
      }
    }
  }

  @Test
  void a2ResponseVerifiesOverTheRawEscapedContent() throws Exception {
    assertThat(precreateAnsweredWith(A2_BODY))
        .isEqualTo(new PrepayResult.QrCode("https://qr.alipay.com/bax03206ug0kulveltqc80a8"));
  }

  @Test
  void a2ResponseWithAChangedQrCodeIsRejected() {
    assertThatThrownBy(() -> precreateAnsweredWith(A2_BODY.replace("bax03206", "bax03207")))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID));
  }

  @Test
  void responseSignedOverUnescapedSlashesVerifiesByTheSlashRule() throws Exception {
    String escaped = "{\"code\":\"10000\",\"msg\":\"Success\",\"out_trade_no\":\"20150320010101001\",\"qr_code\":\"https:\\/\\/qr.alipay.com\\/x\"}";
    String sign = new Rsa2(null).sign(KeyMaterial.privateKey(TestKeys.alipayPrivateKeyPem(), "k"),
        escaped.replace("\\/", "/"));

    PrepayResult result = precreateAnsweredWith(
        "{\"alipay_trade_precreate_response\":" + escaped + ",\"sign\":\"" + sign + "\"}");

    assertThat(result).isEqualTo(new PrepayResult.QrCode("https://qr.alipay.com/x"));
  }

  @Test
  void duplicateRootResponseIsRejectedWhileTheSameKeyNestedIsFine() {
    String inner = "{\"code\":\"10000\",\"msg\":\"Success\",\"out_trade_no\":\"20150320010101001\",\"trade_no\":\"2019062322001446881000041395\"}";
    String nested = "{\"alipay_trade_create_response\":{\"code\":\"10000\",\"x\":{\"alipay_trade_create_response\":\"}\"}},\"sign\":\"s\"}";

    assertThatThrownBy(() -> ResponseJson.parse(
            "{\"alipay_trade_create_response\":" + inner + ",\"sign\":\"s\",\"alipay_trade_create_response\":{}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alipay_trade_create_response");
    assertThat(ResponseJson.parse("{\"alipay_trade_create_response\":" + inner + ",\"sign\":\"s\"}")
            .raw("alipay_trade_create_response"))
        .isEqualTo(inner);
    assertThat(ResponseJson.parse(nested).raw("alipay_trade_create_response"))
        .isEqualTo("{\"code\":\"10000\",\"x\":{\"alipay_trade_create_response\":\"}\"}}");
  }

  @Test
  void duplicateRootResponseFailsThePrepayAsAnInvalidSignature() {
    String dup = A2_BODY.substring(0, A2_BODY.length() - 1)
        + ",\"alipay_trade_precreate_response\":{\"code\":\"10000\",\"qr_code\":\"evil\"}}";

    assertThatThrownBy(() -> precreateAnsweredWith(dup))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID));
  }

  @Test
  void successResponseWithoutSignIsNotTrusted() {
    String unsigned = A2_BODY.substring(0, A2_BODY.indexOf(",\"sign\"")) + "}";

    assertThatThrownBy(() -> precreateAnsweredWith(unsigned))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID));
  }

  static byte[] a3Body(String... replacements) {
    StringBuilder body = new StringBuilder();
    for (String pair : (A3_FIELDS + "&sign_type=RSA2&sign=" + A3_SIGN).split("&(?=[a-z_]+=)")) {
      int eq = pair.indexOf('=');
      String name = pair.substring(0, eq);
      String value = pair.substring(eq + 1);
      for (int i = 0; i < replacements.length; i += 2) {
        if (replacements[i].equals(name)) value = replacements[i + 1];
      }
      if (value == null) continue;
      body.append(body.length() == 0 ? "" : "&").append(name).append('=')
          .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
    return body.toString().getBytes(StandardCharsets.US_ASCII);
  }

  static AlipayClient a3Client(String sellerId) {
    return new AlipayClient(AlipayConfig.builder()
        .appId("2014072300007148")
        .appPrivateKey(TestKeys.appKeyPem())
        .alipayPublicKey(TestKeys.bare(TestKeys.alipayPublicKeyPem()))
        .sellerId(sellerId)
        .build());
  }

  @Test
  void a3NotificationVerifiesWithSignTypeRemovedAndMapsToAPayment() {
    try (AlipayClient client = a3Client(null)) {
      ProviderNotification n =
          client.parseNotification(NotifyRequest.post("/notify/alipay/native", Map.of(), a3Body()));

      assertThat(n).isInstanceOf(ProviderNotification.Payment.class);
      TradeSnapshot trade = ((ProviderNotification.Payment) n).trade();
      assertThat(trade.outTradeNo()).isEqualTo("20150320010101001");
      assertThat(trade.totalFee()).isEqualTo(8888);
      assertThat(trade.transactionId()).isEqualTo("2015112721001004330000121536");
      assertThat(trade.appId()).isEqualTo("2014072300007148");
      assertThat(trade.merchantId()).isNull();
      assertThat(trade.payerId()).isEqualTo("2088102122524333");
      assertThat(trade.paidAt()).isEqualTo(Instant.parse("2015-11-27T07:45:59Z"));
      assertThat(trade.raw()).contains("out_trade_no=20150320010101001").contains("subject=Iphone6 16G");
    }
  }

  @Test
  void a3NotificationReportsTheSellerWhenOneIsConfigured() {
    try (AlipayClient client = a3Client("2088102119685838")) {
      ProviderNotification n = client.parseNotification(NotifyRequest.post("/n", Map.of(), a3Body()));

      assertThat(((ProviderNotification.Payment) n).trade().merchantId()).isEqualTo("2088102119685838");
    }
  }

  @Test
  void a3NotificationWithATamperedAmountIsRejected() {
    try (AlipayClient client = a3Client(null)) {
      assertThatThrownBy(() -> client.parseNotification(
              NotifyRequest.post("/n", Map.of(), a3Body("total_amount", "0.01"))))
          .isInstanceOfSatisfying(NotifyRejectedException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID);
            assertThat(e.reason()).isEqualTo("BAD_SIGNATURE");
          });
    }
  }

  @Test
  void a3NotificationVerifiesWithoutTheSignTypeField() {
    try (AlipayClient client = a3Client(null)) {
      assertThat(client.parseNotification(
              NotifyRequest.post("/n", Map.of(), a3Body("sign_type", null))))
          .isInstanceOf(ProviderNotification.Payment.class);
    }
  }

  @Test
  void certificateSnsOfTheShippedCertificatesMatchThePublishedValues() {
    assertThat(KeyMaterial.rootCertSn(TestKeys.resource("alipayRootCert.crt"), "root"))
        .isEqualTo("687b59193f3f462dd5336e5abf83c5d8_02941eef3187dddf3d3b83462e1dfcf6");
    assertThat(KeyMaterial.certSn(KeyMaterial.toX509(KeyMaterial.certificates(
            TestKeys.resource("appCertPublicKey_2019091767145019.crt"), "app").get(0), "app")))
        .isEqualTo("11b1abe5035f1498e334be6fc2d4943a");
  }

  @Test
  void configRefusesAnAppCertificateIssuedForAnotherKey() {
    AlipayConfig.Builder builder = AlipayConfig.builder()
        .appId("2019091767145019")
        .appPrivateKey(TestKeys.appKeyPem())
        .appCert(TestKeys.resource("appCertPublicKey_2019091767145019.crt"))
        .alipayPublicCert(TestKeys.resource("appCertPublicKey_2019091767145019.crt"))
        .alipayRootCert(TestKeys.resource("alipayRootCert.crt"));

    assertThatThrownBy(builder::build)
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION_INVALID))
        .hasMessageContaining("11b1abe5035f1498e334be6fc2d4943a")
        .hasMessageContaining("does not belong to appPrivateKey");
  }
}
