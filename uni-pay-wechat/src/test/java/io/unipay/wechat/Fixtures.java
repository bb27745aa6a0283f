package io.unipay.wechat;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.unipay.core.NotifyRequest;
import io.unipay.testkit.wechat.SignedNotification;
import io.unipay.testkit.wechat.WechatPaySimulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Test keys, vectors and configurations shared by the tests. */
final class Fixtures {
  static final String MCHID = "1230000109";
  static final String APPID = "wxd678efh567hg6787";
  static final String MERCHANT_SERIAL = "5F1C72E2A8931B72A2E13AF8DEE92471EB397115";
  static final String PLATFORM_SERIAL = "440024045C4A427599D09BB4E3DE0279F2E813FD";
  static final String PUBLIC_KEY_ID = "PUB_KEY_ID_0000000000000024101100397200000006";
  static final String API_V3_KEY = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";

  static final String W1_BODY =
      "{\"appid\":\"wxd678efh567hg6787\",\"mchid\":\"1230000109\",\"description\":\"Image形象店-深圳腾大-QQ公仔\",\"out_trade_no\":\"1217752501201407033233368018\",\"notify_url\":\"https://www.weixin.qq.com/wxpay/pay.php\",\"amount\":{\"total\":100,\"currency\":\"CNY\"},\"payer\":{\"openid\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\"}}";
  static final String W1_SIGNATURE =
      "GMLth/2ZTYc184RU/jajgjpkMb2Zbp3E46FhVa/KvuRnZXBe7oDzfWN/EBWyz9NYHYHiEismXBkr08mp22WSZ5kxzICA0nKekcZ00mZPdK6BysunKGovg+fiykdiLwalzEHe5m7l605Gppojh79Ir7trQE2j/MD4NDNPcDZJ31U4qkDY4t75ca0iks74YNp523jDdDlXiUZqemUAnO7optEjFalEd4oLuc8ldzbOWt1PIbxuOGqQLtI98ruMth3IWgkVQeBUvZsP+cFdTUbZAZ4jq2Blc81pq5GElBIiD2iYB73z18seup85G9BshzENWvsRjAOtKiOTEfL7lyyW5w==";
  static final String W3_SIGNATURE =
      "Fhek+Vo506IbU2z0GoEqrPlZE2e354tZw0ti7jg+UtggtBCGy29tm/ZcjOYLMhrWFRtwmXMeBc/WNZG3eAlzGCkxYOVz8Fr9HMd729gbjQG33smfXPFCSiM1eptn3izh7C+ogFqfwGD2qO3mE3VvsDiRwru3CD3eflSNUmLwzuYMinsmKQsGP4p5udl7cTCVkHNJO0HBtzA5ltPw+MdVLLNBQKBRysB9/OQAxQGk89Uz20w6E8RRnKNCycleb+GvfvoS58O3Y4perIIUx3pv8+h3tuP/x+6sQ8EP/4q/nFov5TalWLiQaLDIWm6FddrzLLCisAcFSAqqKjei8bHa8g==";
  static final String W4_SIGNATURE =
      "Xbqj966uGjMleKV8yaTUg64P76ZC+cQso50KsVs1KIhcJ9eu4rXizWuUBPEDQzZ56AQJDGH/unLPDZy/Vkgd590nCUuIarR+LubjOImSq4l+jHiL2Iouco/2OttVBe360iDe84n7qmGYWF5ezOFNh1ijI7ExpznqZgm44IeXk3yvXu9TuREw1verXBPd5MJJX/GxLfteUsw7uy/yatFIBaR0RB+UBYAXJAcjiy5AmPOhJl2Xw3uqBsVf+lrk1y9AoqO4RDUq40H6GS5vq0xCSrj5eDAOVjpCV1Ighe2MZzK/4LFN/hBi6HE2aqKwTkBYChlFsVymtCv80SvWZI0uDA==";
  static final String W5_SIGNATURE =
      "IDIamMZa3gZAv7FJYQx3NduNh1pX5Q3HOrhvtLh5TRYpfmuXJd/ozDbHxyJWjmOTOJrtfNWsYBFG95ItAQl58rofERjgg8LyhwuOeXi+XfG6wUggcvYYSTIMAIXV1UZW3wsxr4OmeWcoCzheQOvHJENZUOmAi9Pui5FuvFogxMJodNpBOEVedAZKIZrLUHC/iqJAnLEZcEyhUDRrAcROtK482d6XdGNtEXUeBfb+J6IopDYcBWjvGcCvCdJUNWhchVpY2wDn4exz8jr3hfbslyLoXRPnJmbsXMfeK/nHL4ZrrviffSfhwcgLrivENptXOwMcnVco6c95MaiXeeTivA==";
  static final String W56_TIMESTAMP = "1554209980";
  static final String W56_NONCE = "c5ac7061fccab6bf3e254dcf98995b8c";
  static final String W6_CIPHERTEXT =
      "Y/YEfUnbjBvKjySBXpexHPMC5wc2rJu0ma+GDqJJTec+dUFFEmUAr1GSevciGbQaxBCU90ZRIDRRP3k0Q8C6+HrJ5eTgbTaEORoE2mN6L4zvytbkDjceOOVX+PcO8zfSqWelbBn/HTARoR/IJ8vaYvibDUCkftT9CMoL36cXDNde98UeVk5jdilJIvsWcocQDRnfSbdOmoGrYDrGIuaq+H4d277delFR1T00HFNYZvZPuIms2CHx3sOaWHZLStwaZQMkwM7dTb2AZMK6kuek1ZhPBVPRl3r/wvKKx59r/dZSePKbSZ9QVvW4aaBMD5zZkLSUjVWtg4IX+NXeOD0Qw+Cm/+iK2HCMNxe4UlPAPhfWsRrdnkFhHzMAZqccH03WxzeOrmqth8kfFHcGQqx/EOHQtQ2RwOe4qx++u7VXy4CKP4rc6c0zaeAdRqtdLIpZDxdLuWHsX/FQU+Wx4kweiflVegxuzYQ3bfU/8g/PG3uXrQXrb6Fyu6PLe4I8OFxjooOwerH1T5MokF4nPVzn1wEBDx7rsUmMMSlf2dAEcCETEpyRoNM3zUa0RFboxZQG72/ANLu9mOGms2xgNI/b+FxWXtSzemXJkQLE";
  static final String W6_BODY =
      "{\"id\":\"EV-2018022511223320873\",\"create_time\":\"2015-05-20T13:29:35+08:00\",\"resource_type\":\"encrypt-resource\",\"event_type\":\"TRANSACTION.SUCCESS\",\"summary\":\"支付成功\",\"resource\":{\"original_type\":\"transaction\",\"algorithm\":\"AEAD_AES_256_GCM\",\"ciphertext\":\""
          + W6_CIPHERTEXT
          + "\",\"associated_data\":\"transaction\",\"nonce\":\"fdasflkja484\"}}";
  static final String W6_SIGNATURE =
      "JGL36KgG/huPy9srD1OKSLMeoEA7pH4aIvgqdA9/BuVc0YQbhqDLY80cMPQyLfCyXdgzgA4EwJHOSgCJG2NiaqtTDTZt/hsWSTJODgUno9Pg+sXb5YemhHbhuFWYBzMY3rrguK1Hv6jxessp7eReor+rLRHBeXNRJq69AqU2NnVA+1BeSJxns1JHzvVWvWxdOxhxK/YyWjK2ddK0Ii6elgdhP554+Ukio7shuZX/f8empXQQdAKfBWQ7vuwGk8Wjvba40dKhHRKU4H4ZHNxNgOJe7S98kRycVZxFL7J550hHigpUcRXvtWyd8niuYjvA2RqOPBqGRh4jQu8x/QfV2w==";

  private Fixtures() {}

  static String key(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/io/unipay/testkit/keys/" + name)) {
      return new String(in.readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Clock at(long epochSecond) {
    return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
  }

  /** The published test merchant, without verification keys. */
  static WechatPayConfig.Builder merchant() {
    return WechatPayConfig.builder()
        .mchid(MCHID)
        .privateKey(key("merchant_private_key.pem"))
        .merchantSerialNumber(MERCHANT_SERIAL)
        .apiV3Key(API_V3_KEY)
        .defaultAppId(APPID);
  }

  /** Public-key mode with the published WeChat Pay public key. */
  static WechatPayConfig.Builder publicKeyMode() {
    return merchant().wechatPayPublicKey(key("wechat_pay_public_key.pem"), PUBLIC_KEY_ID);
  }

  /** Certificate mode with the published platform certificate, no download. */
  static WechatPayConfig.Builder pinnedCertificateMode() {
    return merchant().platformCertificate(platformCertificateAtVectorTime());
  }

  /**
   * The published platform certificate (serial {@value #PLATFORM_SERIAL}, same key) re-issued to
   * be valid at the W5/W6 vector time (2019): the published one is valid 2022–2025 only, and the
   * client verifies with a certificate only inside its validity.
   */
  static String platformCertificateAtVectorTime() {
    return TestCertificates.reissuedPem(
        key("wechat_pay_certificate.pem"),
        key("wechat_pay_private_key.pem"),
        Instant.ofEpochSecond(Long.parseLong(W56_TIMESTAMP)));
  }

  /** A config for a client talking to {@code sim} in the given verification mode. */
  static WechatPayConfig.Builder forSimulator(WechatPaySimulator sim, String mode) {
    WechatPayConfig.Builder b =
        WechatPayConfig.builder()
            .mchid(sim.mchid())
            .privateKey(sim.merchantPrivateKeyPem())
            .merchantSerialNumber(sim.merchantSerialNumber())
            .apiV3Key(sim.apiV3Key())
            .defaultAppId(sim.appId())
            .baseUrl(sim.baseUrl())
            .connectTimeout(java.time.Duration.ofSeconds(2))
            .readTimeout(java.time.Duration.ofSeconds(2));
    if (mode.equals("public-key") || mode.equals("combined")) {
      b.wechatPayPublicKey(sim.platformPublicKeyPem(), sim.publicKeyId());
    }
    if (mode.equals("certificate") || mode.equals("combined")) {
      b.downloadPlatformCertificates();
    }
    return b;
  }

  static NotifyRequest request(SignedNotification n) {
    return NotifyRequest.post("/notify/wxpay/jsapi", n.headers(), n.body());
  }

  static NotifyRequest w6Request(String serial) {
    return NotifyRequest.post(
        "/notify/wxpay/jsapi",
        java.util.Map.of(
            "Wechatpay-Timestamp", W56_TIMESTAMP,
            "Wechatpay-Nonce", W56_NONCE,
            "Wechatpay-Signature", W6_SIGNATURE,
            "Wechatpay-Serial", serial,
            "Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048"),
        W6_BODY.getBytes(UTF_8));
  }
}
