package io.unipay.alipay;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * One certificate an {@link AlipayClient} works with in certificate mode, as {@link
 * AlipayClient#certificates()} and {@link CertificateListener} report it: the app certificate, or
 * an Alipay public-key certificate (configured, or downloaded after Alipay re-issued it). Holds
 * public data only.
 *
 * @param kind whose certificate it is
 * @param sn its SN as the protocol computes it ({@code app_cert_sn} / {@code alipay_cert_sn})
 * @param subject the subject's RFC 2253 name
 * @param issuer the issuer's RFC 2253 name
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param downloaded true for an Alipay certificate downloaded with {@code
 *     alipay.open.app.alipaycert.download}, false for a configured one
 */
public record AlipayCertificate(
    Kind kind,
    String sn,
    String subject,
    String issuer,
    Instant notBefore,
    Instant notAfter,
    boolean downloaded) {

  /** Whose certificate it is. */
  public enum Kind {
    /** The app's certificate ({@code appCertPublicKey_<appid>.crt}); requests name its SN. */
    APP,
    /** An Alipay public-key certificate; answers name its SN in {@code alipay_cert_sn}. */
    ALIPAY
  }

  public AlipayCertificate {
    requireNonNull(kind, "kind == null");
    requireNonNull(sn, "sn == null");
    requireNonNull(subject, "subject == null");
    requireNonNull(issuer, "issuer == null");
    requireNonNull(notBefore, "notBefore == null");
    requireNonNull(notAfter, "notAfter == null");
  }

  /** The time left until {@link #notAfter()} at {@code now}; negative once expired. */
  public Duration validityLeft(Instant now) {
    return Duration.between(now, notAfter);
  }
}
