package io.unipay.spring;

import io.unipay.alipay.AlipayConfig;
import io.unipay.core.order.PayType;
import io.unipay.wechat.WechatPayConfig;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Turns {@code unipay.wechat.*} and {@code unipay.alipay.*} into provider configurations, checking
 * every setting first so that a failure names the property and its fix.
 */
final class ProviderConfigs {
  private static final String WX = "unipay.wechat.";
  private static final String ALI = "unipay.alipay.";

  private ProviderConfigs() {}

  static WechatPayConfig wechat(UniPayProperties.Wechat p, ConfigText text) {
    WechatPayConfig.Builder b = WechatPayConfig.builder();
    apply(WX + "mchid", "Use the digits-only merchant id", () -> b.mchid(p.getMchid().strip()));
    String key =
        text.required(
            WX + "merchant-private-key",
            p.getMerchantPrivateKey(),
            "Set it to the apiclient_key.pem content, or to classpath:... / file:...");
    apply(WX + "merchant-private-key", "Use the PKCS#8 or PKCS#1 PEM of apiclient_key.pem",
        () -> b.privateKey(key));
    String serial = p.getMerchantSerialNumber();
    if (serial == null || serial.isBlank()) {
      throw new UniPayConfigurationException(
          WX + "merchant-serial-number", "is not set",
          "Copy the merchant API certificate's serial (hex) from the merchant platform");
    }
    apply(WX + "merchant-serial-number", "Use the certificate serial in hex",
        () -> b.merchantSerialNumber(serial.strip()));
    String apiV3Key = p.getApiV3Key();
    if (apiV3Key == null || apiV3Key.isEmpty()) {
      throw new UniPayConfigurationException(
          WX + "api-v3-key", "is not set", "Set the APIv3 key from the merchant platform");
    }
    int bytes = apiV3Key.getBytes(StandardCharsets.UTF_8).length;
    if (bytes != 32) {
      throw new UniPayConfigurationException(
          WX + "api-v3-key", "must be exactly 32 bytes (UTF-8), it has " + bytes,
          "Copy the APIv3 key exactly (no quotes or whitespace), or set a new one in the merchant"
              + " platform");
    }
    b.apiV3Key(apiV3Key);
    if (p.getAppId() != null && !p.getAppId().isBlank()) {
      apply(WX + "app-id", "Use the app id (wx...)", () -> b.defaultAppId(p.getAppId().strip()));
    }
    for (Map.Entry<String, String> e : p.getAppIds().entrySet()) {
      String property = WX + "app-ids." + e.getKey();
      apply(property, "Use a WeChat pay type (jsapi, mp, app, native, h5) and its app id",
          () -> b.appId(PayType.ofCode(e.getKey()), e.getValue().strip()));
    }
    if ((p.getAppId() == null || p.getAppId().isBlank()) && p.getAppIds().isEmpty()) {
      throw new UniPayConfigurationException(
          WX + "app-id", "is not set (nor any " + WX + "app-ids.<payType>)",
          "Set the app id bound to the merchant");
    }
    String publicKey = text.resolve(WX + "public-key", p.getPublicKey());
    boolean hasKeyId = p.getPublicKeyId() != null && !p.getPublicKeyId().isBlank();
    if (publicKey != null && !hasKeyId) {
      throw new UniPayConfigurationException(
          WX + "public-key-id", "is not set while " + WX + "public-key is",
          "Set the key's id (PUB_KEY_ID_...) shown next to the WeChat Pay public key");
    }
    if (publicKey == null && hasKeyId) {
      throw new UniPayConfigurationException(
          WX + "public-key", "is not set while " + WX + "public-key-id is",
          "Set the WeChat Pay public key PEM (inline, classpath: or file:)");
    }
    if (publicKey != null) {
      apply(WX + "public-key", "Use the WeChat Pay public key PEM and its PUB_KEY_ID_...",
          () -> b.wechatPayPublicKey(publicKey, p.getPublicKeyId().strip()));
    }
    if (p.isDownloadPlatformCertificates()) b.downloadPlatformCertificates();
    if (publicKey == null && !p.isDownloadPlatformCertificates()) {
      throw new UniPayConfigurationException(
          WX + "public-key", "no verification key is configured",
          "Set " + WX + "public-key and " + WX + "public-key-id (public-key mode), or "
              + WX + "download-platform-certificates=true (certificate mode)");
    }
    if (p.getBaseUrl() != null && !p.getBaseUrl().isBlank()) {
      apply(WX + "base-url", "Use an http(s) URL", () -> b.baseUrl(p.getBaseUrl().strip()));
    }
    return build(WX + "mchid", b::build);
  }

  static AlipayConfig alipay(UniPayProperties.Alipay p, ConfigText text) {
    AlipayConfig.Builder b = AlipayConfig.builder();
    apply(ALI + "app-id", "Use the app id (digits)", () -> b.appId(p.getAppId().strip()));
    String key =
        text.required(
            ALI + "app-private-key", p.getAppPrivateKey(),
            "Set the app private key (PEM or bare Base64), or classpath:... / file:...");
    apply(ALI + "app-private-key", "Use the app private key, PKCS#8 or PKCS#1",
        () -> b.appPrivateKey(key.strip()));
    if (p.getSellerId() != null && !p.getSellerId().isBlank()) {
      apply(ALI + "seller-id", "Use 2088 followed by 12 digits",
          () -> b.sellerId(p.getSellerId().strip()));
    }
    String publicKey = text.resolve(ALI + "alipay-public-key", p.getAlipayPublicKey());
    String appCert = text.resolve(ALI + "app-cert", p.getAppCert());
    String alipayCert = text.resolve(ALI + "alipay-public-cert", p.getAlipayPublicCert());
    String rootCert = text.resolve(ALI + "alipay-root-cert", p.getAlipayRootCert());
    boolean certMode = appCert != null || alipayCert != null || rootCert != null;
    if (publicKey != null && certMode) {
      throw new UniPayConfigurationException(
          ALI + "alipay-public-key", "is set together with certificates",
          "Choose one mode: public-key mode (" + ALI + "alipay-public-key) or certificate mode ("
              + ALI + "app-cert, " + ALI + "alipay-public-cert, " + ALI + "alipay-root-cert)");
    }
    if (publicKey == null && !certMode) {
      throw new UniPayConfigurationException(
          ALI + "alipay-public-key", "no verification key is configured",
          "Set " + ALI + "alipay-public-key (public-key mode), or " + ALI + "app-cert, "
              + ALI + "alipay-public-cert and " + ALI + "alipay-root-cert (certificate mode)");
    }
    if (publicKey != null) {
      apply(ALI + "alipay-public-key", "Use the Alipay public key (PEM or bare Base64)",
          () -> b.alipayPublicKey(publicKey.strip()));
    } else {
      requireCert(ALI + "app-cert", appCert);
      requireCert(ALI + "alipay-public-cert", alipayCert);
      requireCert(ALI + "alipay-root-cert", rootCert);
      apply(ALI + "app-cert", "Use appCertPublicKey_*.crt", () -> b.appCert(appCert));
      apply(ALI + "alipay-public-cert", "Use alipayCertPublicKey_RSA2.crt",
          () -> b.alipayPublicCert(alipayCert));
      apply(ALI + "alipay-root-cert", "Use alipayRootCert.crt", () -> b.alipayRootCert(rootCert));
    }
    if (p.getGatewayUrl() != null && !p.getGatewayUrl().isBlank()) {
      apply(ALI + "gateway-url", "Use an http(s) URL without query",
          () -> b.gatewayUrl(p.getGatewayUrl().strip()));
    }
    return build(ALI + "app-id", b::build);
  }

  private static void requireCert(String property, String pem) {
    if (pem == null) {
      throw new UniPayConfigurationException(
          property, "is not set (certificate mode needs all three certificates)",
          "Set it to the certificate file (classpath:... / file:...) or its PEM");
    }
  }

  private static void apply(String property, String fix, Runnable setter) {
    try {
      setter.run();
    } catch (RuntimeException e) {
      throw new UniPayConfigurationException(property, describe(e), fix, e);
    }
  }

  private static <T> T build(String property, java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (RuntimeException e) {
      throw new UniPayConfigurationException(
          property.substring(0, property.lastIndexOf('.')) + ".*", describe(e),
          "Complete the account settings", e);
    }
  }

  private static String describe(RuntimeException e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
