package io.unipay.wechat;

import static io.unipay.wechat.Fixtures.*;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.order.PayType;
import io.unipay.wechat.internal.Crypto;
import io.unipay.wechat.internal.Pem;
import io.unipay.wechat.internal.RequestSigner;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WechatPayConfigTest {

  @Test
  void buildNamesTheFirstMissingField() {
    assertThatThrownBy(() -> WechatPayConfig.builder().build()).hasMessage("mchid required");
    assertThatThrownBy(() -> WechatPayConfig.builder().mchid(MCHID).build())
        .hasMessageStartingWith("merchant private key required");
    assertThatThrownBy(
            () ->
                WechatPayConfig.builder()
                    .mchid(MCHID)
                    .privateKey(key("merchant_private_key.pem"))
                    .build())
        .hasMessage("merchantSerialNumber required");
    assertThatThrownBy(
            () ->
                WechatPayConfig.builder()
                    .mchid(MCHID)
                    .privateKey(key("merchant_private_key.pem"))
                    .merchantSerialNumber(MERCHANT_SERIAL)
                    .build())
        .hasMessage("apiV3Key required");
    assertThatThrownBy(
            () ->
                WechatPayConfig.builder()
                    .mchid(MCHID)
                    .privateKey(key("merchant_private_key.pem"))
                    .merchantSerialNumber(MERCHANT_SERIAL)
                    .apiV3Key(API_V3_KEY)
                    .build())
        .hasMessageStartingWith("app id required");
    assertThatThrownBy(() -> merchant().build())
        .hasMessageStartingWith("verification key required");
  }

  @Test
  void settersNameThePropertyAndTheRule() {
    WechatPayConfig.Builder b = WechatPayConfig.builder();
    assertThatThrownBy(() -> b.apiV3Key("too short")).hasMessage("apiV3Key must be 32 bytes");
    assertThatThrownBy(() -> b.mchid("12ab")).hasMessage("mchid must be digits: 12ab");
    assertThatThrownBy(() -> b.merchantSerialNumber("not-hex"))
        .hasMessageStartingWith("merchantSerialNumber must be hex");
    assertThatThrownBy(() -> b.wechatPayPublicKey(key("wechat_pay_public_key.pem"), "440024045C4A"))
        .hasMessageStartingWith("publicKeyId must start with PUB_KEY_ID_");
    assertThatThrownBy(() -> b.appId(PayType.PAGE, "wx1"))
        .hasMessageContaining("does not support pay type PAGE");
    assertThatThrownBy(() -> b.baseUrl("api.mch.weixin.qq.com"))
        .hasMessageStartingWith("baseUrl must start with");
  }

  @Test
  void invalidPemIsReportedWithoutEchoingIt() {
    String broken = "-----BEGIN PRIVATE KEY-----\nSECRETSECRETSECRET\n-----END PRIVATE KEY-----\n";

    assertThatThrownBy(() -> WechatPayConfig.builder().privateKey(broken))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("merchant private key")
        .message()
        .doesNotContain("SECRET");
  }

  @Test
  void pkcs1PrivateKeySignsLikeTheSamePkcs8Key(@TempDir Path dir) throws Exception {
    PrivateKey pkcs8 = Pem.privateKey(key("merchant_private_key.pem"), "key");
    StringWriter pkcs1 = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(pkcs1)) {
      writer.writeObject(
          new PemObject(
              "RSA PRIVATE KEY",
              PrivateKeyInfo.getInstance(pkcs8.getEncoded())
                  .parsePrivateKey()
                  .toASN1Primitive()
                  .getEncoded()));
    }
    Path file = dir.resolve("apiclient_key.pem");
    Files.writeString(file, pkcs1.toString());

    WechatPayConfig config =
        merchant()
            .privateKeyFromPath(file)
            .wechatPayPublicKey(key("wechat_pay_public_key.pem"), PUBLIC_KEY_ID)
            .build();
    String authorization =
        new RequestSigner(MCHID, MERCHANT_SERIAL, config.merchantPrivateKey(), new Crypto(null))
            .authorization(
                "POST",
                "/v3/pay/transactions/jsapi",
                1554208460,
                "593BEC0C930BF1AFEB40B4A08C8FB242",
                W1_BODY.getBytes(UTF_8));

    assertThat(pkcs1.toString()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(authorization).endsWith("signature=\"" + W1_SIGNATURE + "\"");
  }

  @Test
  void bareBase64PrivateKeyIsAccepted() {
    String bare =
        key("merchant_private_key.pem")
            .lines()
            .filter(l -> !l.startsWith("-----"))
            .reduce("", String::concat);

    assertThat(Pem.privateKey(bare, "key"))
        .isEqualTo(Pem.privateKey(key("merchant_private_key.pem"), "key"));
  }

  @Test
  void appIdsArePerPayTypeWithADefault() {
    WechatPayConfig config =
        publicKeyMode()
            .appId(PayType.MP, "wxminiprogram0001")
            .appId(PayType.APP, "wxmobileapp000001")
            .build();

    assertThat(config.appId(PayType.MP)).hasValue("wxminiprogram0001");
    assertThat(config.appId(PayType.APP)).hasValue("wxmobileapp000001");
    assertThat(config.appId(PayType.JSAPI)).hasValue(APPID);
    assertThat(config.appId(PayType.WAP)).isEmpty();
    assertThat(config.allAppIds())
        .containsExactlyInAnyOrder("wxminiprogram0001", "wxmobileapp000001", APPID);
    try (WechatPayClient client = new WechatPayClient(config)) {
      assertThat(client.appId(PayType.MP)).hasValue("wxminiprogram0001");
      assertThat(client.merchantId()).isEqualTo(MCHID);
      assertThat(client.maxDescriptionBytes()).isEqualTo(127);
    }
  }

  @Test
  void toStringRedactsEverySecret() {
    WechatPayConfig config =
        publicKeyMode().platformCertificate(key("wechat_pay_certificate.pem")).build();
    String privateKeyLine =
        key("merchant_private_key.pem").lines().skip(1).findFirst().orElseThrow();

    assertThat(config.toString())
        .contains(MCHID, MERCHANT_SERIAL, PUBLIC_KEY_ID, PLATFORM_SERIAL, "<redacted>")
        .doesNotContain(API_V3_KEY)
        .doesNotContain(privateKeyLine)
        .doesNotContain(privateKeyLine.substring(0, 20));
    try (WechatPayClient client = new WechatPayClient(config)) {
      assertThat(client.toString()).doesNotContain(API_V3_KEY);
    }
  }

  @Test
  void propertiesSetEverySettingAndRefuseUnknownNames() {
    WechatPayConfig config =
        WechatPayConfig.builder()
            .properties(
                java.util.Map.of(
                    "mchid", MCHID,
                    "merchantPrivateKey", key("merchant_private_key.pem"),
                    "merchantSerialNumber", MERCHANT_SERIAL,
                    "apiV3Key", API_V3_KEY,
                    "appId", APPID,
                    "appId.mp", "wxminiprogram0001",
                    "baseUrl", "http://127.0.0.1:9",
                    "wechatPayPublicKey", key("wechat_pay_public_key.pem"),
                    "wechatPayPublicKeyId", PUBLIC_KEY_ID))
            .build();

    assertThat(config.appId(PayType.MP)).hasValue("wxminiprogram0001");
    assertThat(config.appId(PayType.NATIVE)).hasValue(APPID);
    assertThat(config.baseUrl()).isEqualTo("http://127.0.0.1:9");
    assertThat(config.wechatPayPublicKeyId()).hasValue(PUBLIC_KEY_ID);
    assertThatThrownBy(() -> WechatPayConfig.builder().properties(java.util.Map.of("mchId", MCHID)))
        .hasMessage("unknown WeChat Pay property: mchId");
    assertThatThrownBy(
            () ->
                WechatPayConfig.builder()
                    .properties(java.util.Map.of("wechatPayPublicKeyId", PUBLIC_KEY_ID)))
        .hasMessageContaining("must be given together");
  }

  @Test
  void newBuilderCopiesEverySetting() {
    WechatPayConfig config = publicKeyMode().baseUrl("http://127.0.0.1:1/").build();
    WechatPayConfig copy = config.newBuilder().mchid("1900000109").build();

    assertThat(copy.baseUrl()).isEqualTo("http://127.0.0.1:1");
    assertThat(copy.mchid()).isEqualTo("1900000109");
    assertThat(copy.wechatPayPublicKeyId()).hasValue(PUBLIC_KEY_ID);
    assertThat(copy.merchantPrivateKey()).isEqualTo(config.merchantPrivateKey());
  }
}
