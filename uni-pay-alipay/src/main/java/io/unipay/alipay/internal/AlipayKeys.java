package io.unipay.alipay.internal;

import java.security.PublicKey;
import java.util.List;

/**
 * The Alipay keys that may verify an answer or a notification: one fixed key in public-key mode,
 * the known (and downloadable) Alipay certificates in certificate mode ({@link CertificateStore}).
 * Thread-safe.
 */
public interface AlipayKeys {
  /** Fetches one certificate file with {@code alipay.open.app.alipaycert.download}. */
  @FunctionalInterface
  interface Downloader {
    /**
     * The download answer, not yet trusted.
     *
     * @throws io.unipay.core.UniPayException when it failed or Alipay refused it
     */
    Downloaded download(String alipayCertSn);
  }

  /**
   * A download answer: the {@code alipay_cert_sn} it is signed under (null when absent), the raw
   * signed content, its {@code sign} and {@code alipay_cert_content} (Base64 of a PEM file).
   */
  record Downloaded(String answerCertSn, String content, String sign, String certContent) {}

  /**
   * The keys for an answer that names {@code certSn} (null when it names none: every known key). An
   * unknown SN is downloaded with {@code downloader} and trusted only if it passes {@link
   * CertificateStore}'s checks.
   *
   * @throws io.unipay.core.UniPayException {@code SIGNATURE_INVALID} when the SN is not trusted;
   *     another code when the download could not be made
   */
  List<PublicKey> forAnswer(String certSn, Downloader downloader);

  /** The keys to try on a notification (it names no certificate), newest first. */
  List<PublicKey> forNotification();

  /** Public-key mode: always {@code key}, whatever an answer names. */
  static AlipayKeys fixed(PublicKey key) {
    List<PublicKey> only = List.of(key);
    return new AlipayKeys() {
      @Override
      public List<PublicKey> forAnswer(String certSn, Downloader downloader) {
        return only;
      }

      @Override
      public List<PublicKey> forNotification() {
        return only;
      }
    };
  }
}
