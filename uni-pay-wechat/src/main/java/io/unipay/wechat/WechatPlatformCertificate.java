package io.unipay.wechat;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * One WeChat Pay platform certificate a {@link WechatPayClient} knows (configured, or downloaded
 * in certificate mode), as {@link WechatPayClient#platformCertificates()} reports it. Holds public
 * data only.
 *
 * @param serial its serial number in upper-case hex, as {@code Wechatpay-Serial} names it
 * @param notBefore start of validity
 * @param notAfter end of validity
 */
public record WechatPlatformCertificate(String serial, Instant notBefore, Instant notAfter) {

  public WechatPlatformCertificate {
    requireNonNull(serial, "serial == null");
    requireNonNull(notBefore, "notBefore == null");
    requireNonNull(notAfter, "notAfter == null");
  }

  static WechatPlatformCertificate of(String serial, X509Certificate certificate) {
    return new WechatPlatformCertificate(
        serial,
        certificate.getNotBefore().toInstant(),
        certificate.getNotAfter().toInstant());
  }

  /** The time left until {@link #notAfter()} at {@code now}; negative once expired. */
  public Duration validityLeft(Instant now) {
    return Duration.between(now, notAfter);
  }
}
