package io.unipay.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.testkit.alipay.AlipaySimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlipayConfigTest {
  private static AlipayConfig.Builder valid() {
    return AlipayConfig.builder()
        .appId("2014072300007148")
        .appPrivateKey(TestKeys.appKeyPem())
        .alipayPublicKey(TestKeys.alipayPublicKeyPem());
  }

  private static void assertInvalid(AlipayConfig.Builder builder, String message) {
    assertThatThrownBy(builder::build)
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION_INVALID))
        .hasMessageContaining(message);
  }

  @Test
  void buildNamesTheMissingSetting() {
    assertInvalid(AlipayConfig.builder(), "appId required.");
    assertInvalid(AlipayConfig.builder().appId("1"), "appPrivateKey required.");
    assertInvalid(AlipayConfig.builder().appId("1").appPrivateKey(TestKeys.appKeyPem()), "alipayPublicKey required");
    assertInvalid(AlipayConfig.builder().appId("1").appPrivateKey(TestKeys.appKeyPem())
        .appCert(TestKeys.resource("appCertPublicKey_2019091767145019.crt")), "alipayPublicCert required");
    assertInvalid(valid().appCert(TestKeys.resource("appCertPublicKey_2019091767145019.crt")), "choose public-key or certificate mode");
    assertInvalid(valid().sellerId("1234"), "sellerId must be 2088");
    assertInvalid(valid().gatewayUrl("https://openapi.alipay.com/gateway.do?charset=utf-8"), "must not carry a query");
    assertInvalid(valid().gatewayUrl("ftp://openapi.alipay.com/gateway.do"), "http(s) URL");
  }

  @Test
  void aBadKeyIsNamedButNeverPrinted() {
    String garbage = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCaZzehUwzcxdLgTOTALLYWRONG";

    assertThatThrownBy(() -> valid().appPrivateKey(garbage).build())
        .hasMessageContaining("appPrivateKey")
        .hasMessageNotContaining(garbage.substring(10, 40));
  }

  @Test
  void toStringRedactsThePrivateKey() {
    AlipayConfig config = valid().build();
    String keyBody = TestKeys.bare(TestKeys.appKeyPem());

    assertThat(config.toString())
        .contains("2014072300007148")
        .doesNotContain(keyBody.substring(100, 140));
    assertThat(new AlipayClient(config).toString()).doesNotContain(keyBody.substring(100, 140));
  }

  @Test
  void certificatesAreReadFromFiles(@TempDir Path dir) throws Exception {
    try (AlipaySimulator alipay = AlipaySimulator.builder().certificateMode(true).start()) {
      Path app = Files.writeString(dir.resolve("app.crt"), alipay.certificates().appCertPem());
      Path cert = Files.writeString(dir.resolve("alipay.crt"), alipay.certificates().alipayCertPem());
      Path root = Files.writeString(dir.resolve("root.crt"), alipay.certificates().alipayRootCertPem());

      AlipayConfig config = AlipayConfig.builder().appId(alipay.appId())
          .appPrivateKey(TestKeys.pkcs1Pem(alipay.appPrivateKeyPem()))
          .certificateMode(CertificateMode.builder()
              .appCertPath(app).alipayPublicCertPath(cert).alipayRootCertPath(root))
          .build();

      assertThat(config.isCertificateMode()).isTrue();
      assertThat(config.appCertSn()).contains(alipay.certificates().appCertSn());
      assertThat(config.alipayRootCertSn()).contains(alipay.certificates().alipayRootCertSn());
      assertThat(config.toString()).contains(alipay.certificates().appCertSn());
    }
  }

  @Test
  void aMissingCertificateFileIsNamed(@TempDir Path dir) {
    assertThatThrownBy(() -> CertificateMode.builder().appCertPath(dir.resolve("nope.crt")))
        .isInstanceOf(UniPayException.class)
        .hasMessageContaining("appCertPath")
        .hasMessageContaining("nope.crt");
  }

  @Test
  void clientReportsTheSellerAsMerchantAndTheAppForEveryAlipayPayType() {
    try (AlipayClient withSeller = new AlipayClient(valid().sellerId("2088102119685838").build());
        AlipayClient withoutSeller = new AlipayClient(valid().build())) {
      assertThat(withSeller.merchantId()).isEqualTo("2088102119685838");
      assertThat(withoutSeller.merchantId()).isEqualTo("2014072300007148");
      assertThat(withSeller.provider()).isEqualTo(Provider.ALIPAY);
      assertThat(withSeller.maxDescriptionBytes()).isEqualTo(256);
      for (PayType type : PayType.values()) {
        assertThat(withSeller.appId(type).isPresent()).isEqualTo(type.supportedBy(Provider.ALIPAY));
      }
    }
  }
}
