package io.unipay.testkit.wechat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Pins the simulator's crypto to the published vectors of protocols.md §D1. */
class WechatPaySimulatorVectorsTest {
  static final String W1_BODY =
      "{\"appid\":\"wxd678efh567hg6787\",\"mchid\":\"1230000109\",\"description\":\"Image形象店-深圳腾大-QQ公仔\",\"out_trade_no\":\"1217752501201407033233368018\",\"notify_url\":\"https://www.weixin.qq.com/wxpay/pay.php\",\"amount\":{\"total\":100,\"currency\":\"CNY\"},\"payer\":{\"openid\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\"}}";
  static final String W1_SIGNATURE =
      "GMLth/2ZTYc184RU/jajgjpkMb2Zbp3E46FhVa/KvuRnZXBe7oDzfWN/EBWyz9NYHYHiEismXBkr08mp22WSZ5kxzICA0nKekcZ00mZPdK6BysunKGovg+fiykdiLwalzEHe5m7l605Gppojh79Ir7trQE2j/MD4NDNPcDZJ31U4qkDY4t75ca0iks74YNp523jDdDlXiUZqemUAnO7optEjFalEd4oLuc8ldzbOWt1PIbxuOGqQLtI98ruMth3IWgkVQeBUvZsP+cFdTUbZAZ4jq2Blc81pq5GElBIiD2iYB73z18seup85G9BshzENWvsRjAOtKiOTEfL7lyyW5w==";
  static final String W1_AUTHORIZATION =
      "WECHATPAY2-SHA256-RSA2048"
          + " mchid=\"1230000109\",nonce_str=\"593BEC0C930BF1AFEB40B4A08C8FB242\",timestamp=\"1554208460\",serial_no=\"5F1C72E2A8931B72A2E13AF8DEE92471EB397115\",signature=\""
          + W1_SIGNATURE
          + "\"";
  static final String W5_SIGNATURE =
      "IDIamMZa3gZAv7FJYQx3NduNh1pX5Q3HOrhvtLh5TRYpfmuXJd/ozDbHxyJWjmOTOJrtfNWsYBFG95ItAQl58rofERjgg8LyhwuOeXi+XfG6wUggcvYYSTIMAIXV1UZW3wsxr4OmeWcoCzheQOvHJENZUOmAi9Pui5FuvFogxMJodNpBOEVedAZKIZrLUHC/iqJAnLEZcEyhUDRrAcROtK482d6XdGNtEXUeBfb+J6IopDYcBWjvGcCvCdJUNWhchVpY2wDn4exz8jr3hfbslyLoXRPnJmbsXMfeK/nHL4ZrrviffSfhwcgLrivENptXOwMcnVco6c95MaiXeeTivA==";
  static final String W6_PLAINTEXT =
      "{\"mchid\":\"1230000109\",\"appid\":\"wxd678efh567hg6787\",\"out_trade_no\":\"1217752501201407033233368018\",\"transaction_id\":\"4200000000201407033233368018\",\"trade_type\":\"JSAPI\",\"trade_state\":\"SUCCESS\",\"trade_state_desc\":\"支付成功\",\"bank_type\":\"CMC\",\"attach\":\"自定义数据\",\"success_time\":\"2018-06-08T10:34:56+08:00\",\"payer\":{\"openid\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\"},\"amount\":{\"total\":100,\"payer_total\":100,\"currency\":\"CNY\",\"payer_currency\":\"CNY\"}}";
  static final String W6_CIPHERTEXT =
      "Y/YEfUnbjBvKjySBXpexHPMC5wc2rJu0ma+GDqJJTec+dUFFEmUAr1GSevciGbQaxBCU90ZRIDRRP3k0Q8C6+HrJ5eTgbTaEORoE2mN6L4zvytbkDjceOOVX+PcO8zfSqWelbBn/HTARoR/IJ8vaYvibDUCkftT9CMoL36cXDNde98UeVk5jdilJIvsWcocQDRnfSbdOmoGrYDrGIuaq+H4d277delFR1T00HFNYZvZPuIms2CHx3sOaWHZLStwaZQMkwM7dTb2AZMK6kuek1ZhPBVPRl3r/wvKKx59r/dZSePKbSZ9QVvW4aaBMD5zZkLSUjVWtg4IX+NXeOD0Qw+Cm/+iK2HCMNxe4UlPAPhfWsRrdnkFhHzMAZqccH03WxzeOrmqth8kfFHcGQqx/EOHQtQ2RwOe4qx++u7VXy4CKP4rc6c0zaeAdRqtdLIpZDxdLuWHsX/FQU+Wx4kweiflVegxuzYQ3bfU/8g/PG3uXrQXrb6Fyu6PLe4I8OFxjooOwerH1T5MokF4nPVzn1wEBDx7rsUmMMSlf2dAEcCETEpyRoNM3zUa0RFboxZQG72/ANLu9mOGms2xgNI/b+FxWXtSzemXJkQLE";
  static final String W6_BODY =
      "{\"id\":\"EV-2018022511223320873\",\"create_time\":\"2015-05-20T13:29:35+08:00\",\"resource_type\":\"encrypt-resource\",\"event_type\":\"TRANSACTION.SUCCESS\",\"summary\":\"支付成功\",\"resource\":{\"original_type\":\"transaction\",\"algorithm\":\"AEAD_AES_256_GCM\",\"ciphertext\":\""
          + W6_CIPHERTEXT
          + "\",\"associated_data\":\"transaction\",\"nonce\":\"fdasflkja484\"}}";
  static final String W6_SIGNATURE =
      "JGL36KgG/huPy9srD1OKSLMeoEA7pH4aIvgqdA9/BuVc0YQbhqDLY80cMPQyLfCyXdgzgA4EwJHOSgCJG2NiaqtTDTZt/hsWSTJODgUno9Pg+sXb5YemhHbhuFWYBzMY3rrguK1Hv6jxessp7eReor+rLRHBeXNRJq69AqU2NnVA+1BeSJxns1JHzvVWvWxdOxhxK/YyWjK2ddK0Ii6elgdhP554+Ukio7shuZX/f8empXQQdAKfBWQ7vuwGk8Wjvba40dKhHRKU4H4ZHNxNgOJe7S98kRycVZxFL7J550hHigpUcRXvtWyd8niuYjvA2RqOPBqGRh4jQu8x/QfV2w==";

  static final String W5_NONCE = "c5ac7061fccab6bf3e254dcf98995b8c";

  static Clock at(long epochSecond) {
    return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
  }

  @Test
  void publishedMerchantSignatureW1IsAccepted() {
    try (WechatPaySimulator sim = WechatPaySimulator.builder().clock(at(1554208460)).start()) {
      MerchantCalls merchant = new MerchantCalls(sim, at(1554208460));
      MerchantCalls.Answer answer =
          merchant.send(
              "POST", "/v3/pay/transactions/jsapi", W1_BODY.getBytes(UTF_8), W1_AUTHORIZATION);

      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.text()).contains("\"prepay_id\":\"wx");
      assertThat(sim.trade("1217752501201407033233368018")).isPresent();
    }
  }

  @Test
  void merchantSignatureW1FailsWhenOneBodyByteChanges() {
    try (WechatPaySimulator sim = WechatPaySimulator.builder().clock(at(1554208460)).start()) {
      MerchantCalls merchant = new MerchantCalls(sim, at(1554208460));
      byte[] tampered = W1_BODY.replace("\"total\":100", "\"total\":101").getBytes(UTF_8);

      MerchantCalls.Answer answer =
          merchant.send("POST", "/v3/pay/transactions/jsapi", tampered, W1_AUTHORIZATION);

      assertThat(answer.status()).isEqualTo(401);
      assertThat(answer.text()).contains("\"code\":\"SIGN_ERROR\"");
    }
  }

  @Test
  void merchantSignatureW1FailsOutsideTheFiveMinuteWindow() {
    try (WechatPaySimulator sim =
        WechatPaySimulator.builder().clock(at(1554208460 + 301)).start()) {
      MerchantCalls merchant = new MerchantCalls(sim, at(1554208460));

      MerchantCalls.Answer answer =
          merchant.send(
              "POST", "/v3/pay/transactions/jsapi", W1_BODY.getBytes(UTF_8), W1_AUTHORIZATION);

      assertThat(answer.status()).isEqualTo(401);
    }
  }

  @Test
  void closeAnswer204IsSignedExactlyAsVectorW5InBothModes() {
    for (WechatPaySimulator.SigningMode mode :
        new WechatPaySimulator.SigningMode[] {
          WechatPaySimulator.SigningMode.PUBLIC_KEY, WechatPaySimulator.SigningMode.CERTIFICATE
        }) {
      try (WechatPaySimulator sim =
          WechatPaySimulator.builder()
              .clock(at(1554209980))
              .nonceSupplier(() -> W5_NONCE)
              .signingMode(mode)
              .start()) {
        MerchantCalls merchant = new MerchantCalls(sim, at(1554209980));
        assertThat(
                merchant
                    .post(
                        "/v3/pay/transactions/jsapi",
                        MerchantCalls.jsapiOrder("W5order001", 100, "https://example.com/n"))
                    .status())
            .isEqualTo(200);

        MerchantCalls.Answer closed =
            merchant.post(
                "/v3/pay/transactions/out-trade-no/W5order001/close", "{\"mchid\":\"1230000109\"}");

        assertThat(closed.status()).isEqualTo(204);
        assertThat(closed.body()).isEmpty();
        assertThat(closed.headers().get("Wechatpay-Timestamp")).isEqualTo("1554209980");
        assertThat(closed.headers().get("Wechatpay-Nonce")).isEqualTo(W5_NONCE);
        assertThat(closed.headers().get("Wechatpay-Signature")).isEqualTo(W5_SIGNATURE);
        assertThat(closed.headers().get("Wechatpay-Serial"))
            .isEqualTo(
                mode == WechatPaySimulator.SigningMode.PUBLIC_KEY
                    ? "PUB_KEY_ID_0000000000000024101100397200000006"
                    : "440024045C4A427599D09BB4E3DE0279F2E813FD");
      }
    }
  }

  @Test
  void notificationBuilderReproducesVectorW6ByteForByte() {
    try (WechatPaySimulator sim = WechatPaySimulator.start()) {
      SignedNotification n =
          sim.notification()
              .id("EV-2018022511223320873")
              .createTime("2015-05-20T13:29:35+08:00")
              .eventType("TRANSACTION.SUCCESS")
              .summary("支付成功")
              .resource("transaction", W6_PLAINTEXT)
              .aeadNonce("fdasflkja484")
              .timestamp(1554209980)
              .nonce(W5_NONCE)
              .build();

      assertThat(n.bodyAsString()).isEqualTo(W6_BODY);
      assertThat(n.body()).isEqualTo(W6_BODY.getBytes(UTF_8));
      assertThat(n.header("Wechatpay-Signature")).isEqualTo(W6_SIGNATURE);
      assertThat(n.headers())
          .containsEntry("Wechatpay-Timestamp", "1554209980")
          .containsEntry("Wechatpay-Nonce", W5_NONCE)
          .containsEntry("Wechatpay-Serial", "PUB_KEY_ID_0000000000000024101100397200000006");
    }
  }

  @Test
  void responsesVerifyWithThePublishedWechatPayPublicKey() {
    try (WechatPaySimulator sim = WechatPaySimulator.start()) {
      MerchantCalls merchant = new MerchantCalls(sim, Clock.systemUTC());
      MerchantCalls.Answer answer =
          merchant.post(
              "/v3/pay/transactions/jsapi",
              MerchantCalls.jsapiOrder("verify00001", 1, "https://example.com/n"));
      PublicKey platform =
          SimCrypto.certificate(SimCrypto.resource("wechat_pay_certificate.pem")).getPublicKey();
      String head =
          answer.headers().get("Wechatpay-Timestamp")
              + "\n"
              + answer.headers().get("Wechatpay-Nonce")
              + "\n";

      assertThat(
              SimCrypto.verify(
                  platform,
                  answer.headers().get("Wechatpay-Signature"),
                  head.getBytes(UTF_8),
                  answer.body(),
                  new byte[] {'\n'}))
          .isTrue();
      // names exactly as written on the wire (Headers.names() would compare case-insensitively)
      assertThat(
              java.util.stream.IntStream.range(0, answer.headers().size())
                  .mapToObj(answer.headers()::name))
          .contains(
              "Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Signature", "Wechatpay-Serial");
    }
  }
}
