package io.unipay.alipay;

import java.time.Duration;

/**
 * Hears about the certificate lifecycle of an {@link AlipayClient} in certificate mode, e.g. to
 * feed a health indicator ({@link AlipayConfig.Builder#certificateListener}). Every method has an
 * empty default. Calls come from the thread that verified an answer or built the client; they must
 * be quick and must not call the client. A listener that throws is logged and ignored.
 */
public interface CertificateListener {
  /**
   * A new Alipay certificate was downloaded, verified against the root bundle and accepted; it
   * verifies answers and notifications from now on, alongside the earlier ones.
   */
  default void accepted(AlipayCertificate certificate) {}

  /**
   * A certificate downloaded for {@code alipayCertSn} was refused (not issued by a configured root,
   * not valid now, another SN than asked for, a badly signed answer) or could not be downloaded;
   * the answer that named it was not trusted. {@code reason} is safe to log.
   */
  default void refused(String alipayCertSn, String reason) {}

  /**
   * A certificate the client relies on (the app certificate, or a known Alipay certificate) expires
   * within the configured warning period ({@link CertificateMode#expiryWarning()}); sent once per
   * certificate and client. {@code left} is negative once it has expired.
   */
  default void expiring(AlipayCertificate certificate, Duration left) {}
}
