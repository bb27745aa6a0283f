package io.unipay.spring;

import io.unipay.wechat.WechatPayClient;
import io.unipay.wechat.WechatPlatformCertificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Judges a WeChat Pay merchant's verification keys for the health indicator. With the WeChat Pay
 * public key configured the platform certificates are a fallback: their expiry is shown, never
 * alarming. Without it (certificate mode) the client can verify nothing once its last platform
 * certificate has expired: DOWN when no certificate is valid now (also before the first download
 * arrived), a warning when the one that lasts longest expires within the warning period (a newer
 * one should have been downloaded by then). Public data only.
 */
record WechatCertificateHealth(boolean down, List<String> warnings, Map<String, Object> details) {

  static WechatCertificateHealth of(WechatPayClient client, Instant now, Duration warning) {
    boolean publicKey = client.config().wechatPayPublicKeyId().isPresent();
    List<WechatPlatformCertificate> certificates = client.platformCertificates();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("mchid", client.merchantId());
    details.put("mode", mode(publicKey, client.config().downloadsPlatformCertificates()));
    client.config().wechatPayPublicKeyId().ifPresent(id -> details.put("publicKeyId", id));
    List<Map<String, Object>> listed = new ArrayList<>();
    for (WechatPlatformCertificate c : certificates) {
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("serial", c.serial());
      detail.put("notAfter", c.notAfter().toString());
      detail.put("daysLeft", c.validityLeft(now).toDays());
      detail.put("state", state(c, now, warning));
      listed.add(detail);
    }
    details.put("platformCertificates", listed);
    if (publicKey) return new WechatCertificateHealth(false, List.of(), details);

    Optional<WechatPlatformCertificate> latest =
        certificates.stream()
            .filter(c -> isValid(c, now))
            .max(Comparator.comparing(WechatPlatformCertificate::notAfter));
    String mchid = client.merchantId();
    if (latest.isEmpty()) {
      return new WechatCertificateHealth(
          true,
          List.of(
              "WeChat Pay merchant " + mchid + " has no valid platform certificate: notifications"
                  + " and answers cannot be verified"),
          details);
    }
    List<String> warnings = new ArrayList<>();
    WechatPlatformCertificate last = latest.get();
    if (expiresWithin(last, now, warning)) {
      warnings.add(
          "the latest WeChat Pay platform certificate " + last.serial() + " of merchant " + mchid
              + " expires at " + last.notAfter()
              + ": check the certificate download, or configure the WeChat Pay public key");
    }
    return new WechatCertificateHealth(false, List.copyOf(warnings), details);
  }

  private static String mode(boolean publicKey, boolean downloads) {
    if (publicKey) return downloads ? "public-key+certificate" : "public-key";
    return "certificate";
  }

  private static boolean isValid(WechatPlatformCertificate c, Instant now) {
    return !now.isBefore(c.notBefore()) && !now.isAfter(c.notAfter());
  }

  private static boolean expiresWithin(WechatPlatformCertificate c, Instant now, Duration warning) {
    return c.notAfter().isBefore(now.plus(warning));
  }

  private static String state(WechatPlatformCertificate c, Instant now, Duration warning) {
    if (now.isAfter(c.notAfter())) return "expired";
    if (now.isBefore(c.notBefore())) return "not yet valid";
    return expiresWithin(c, now, warning) ? "expiring" : "valid";
  }
}
