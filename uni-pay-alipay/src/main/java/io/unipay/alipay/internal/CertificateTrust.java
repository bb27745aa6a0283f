package io.unipay.alipay.internal;

import io.unipay.core.internal.LogSafe;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Decides whether a downloaded Alipay certificate file ({@code alipay_cert_content}) is trusted:
 * its first certificate (the leaf, as in {@code alipayCertPublicKey_RSA2.crt}) must have the SN
 * that was asked for, hold an RSA key, and chain up, through CA certificates of the same file, to a
 * certificate of the configured root bundle; each link is matched by name <b>and</b> checked by
 * signature, so a root or intermediate that only borrows a genuine name is not trusted; every
 * certificate of the chain, the root included, must be valid at {@code now}.
 */
final class CertificateTrust {
  private static final int MAX_DEPTH = 5;

  private CertificateTrust() {}

  /** Thrown with a log-safe reason when the certificate is not trusted. */
  static final class UntrustedException extends Exception {
    private static final long serialVersionUID = 1L;

    UntrustedException(String reason) {
      super(reason);
    }
  }

  /**
   * The trusted leaf of {@code base64Content}.
   *
   * @throws UntrustedException naming why it is not trusted
   */
  static X509Certificate verify(
      String base64Content, List<X509Certificate> roots, Instant now, String requestedSn)
      throws UntrustedException {
    List<X509Certificate> file = parse(base64Content);
    X509Certificate leaf = file.get(0);
    String sn = KeyMaterial.certSn(leaf);
    if (!sn.equals(requestedSn)) {
      throw new UntrustedException(
          "the downloaded certificate has alipay_cert_sn "
              + sn
              + ", not the requested "
              + LogSafe.quote(requestedSn));
    }
    if (!(leaf.getPublicKey() instanceof RSAPublicKey)) {
      throw new UntrustedException("it holds no RSA key");
    }
    X509Certificate current = leaf;
    for (int depth = 0; depth <= MAX_DEPTH; depth++) {
      requireValid(current, now);
      for (X509Certificate root : roots) {
        if (issues(root, current)) {
          requireValid(root, now);
          return leaf;
        }
      }
      X509Certificate next = null;
      for (X509Certificate candidate : file) {
        if (candidate != current
            && candidate.getBasicConstraints() >= 0
            && issues(candidate, current)) {
          next = candidate;
          break;
        }
      }
      if (next == null) {
        throw new UntrustedException(
            "it does not chain up to a configured root certificate (no configured root or CA of"
                + " the file has signed "
                + LogSafe.quote(current.getSubjectX500Principal().getName())
                + ", issuer "
                + LogSafe.quote(current.getIssuerX500Principal().getName())
                + ")");
      }
      current = next;
    }
    throw new UntrustedException("its chain is longer than " + MAX_DEPTH + " certificates");
  }

  private static List<X509Certificate> parse(String base64Content) throws UntrustedException {
    String pem;
    try {
      pem = new String(Base64.getMimeDecoder().decode(base64Content), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new UntrustedException("alipay_cert_content is not Base64");
    }
    List<X509Certificate> file = new ArrayList<>();
    try {
      for (X509CertificateHolder holder : KeyMaterial.certificates(pem, "alipay_cert_content")) {
        file.add(KeyMaterial.toX509(holder, "alipay_cert_content"));
      }
    } catch (IllegalArgumentException e) {
      throw new UntrustedException(e.getMessage());
    }
    return file;
  }

  /** Whether {@code issuer}'s name is {@code cert}'s issuer and its key verifies the signature. */
  private static boolean issues(X509Certificate issuer, X509Certificate cert) {
    if (!issuer.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) return false;
    PublicKey key = issuer.getPublicKey();
    try {
      cert.verify(key);
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static void requireValid(X509Certificate cert, Instant now) throws UntrustedException {
    try {
      cert.checkValidity(Date.from(now));
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      throw new UntrustedException(
          "certificate "
              + LogSafe.quote(cert.getSubjectX500Principal().getName())
              + " of the chain is not valid at "
              + now
              + " (valid "
              + cert.getNotBefore().toInstant()
              + " to "
              + cert.getNotAfter().toInstant()
              + ")");
    }
  }
}
