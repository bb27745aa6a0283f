package io.unipay.wechat.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Parses PEM keys and certificates once, at configuration time. Private keys may be PKCS#8 ({@code
 * BEGIN PRIVATE KEY}) or PKCS#1 ({@code BEGIN RSA PRIVATE KEY}); a bare Base64 PKCS#8 body is
 * accepted too. Messages never contain key material.
 */
public final class Pem {
  private static final JcaPEMKeyConverter CONVERTER = new JcaPEMKeyConverter();

  private Pem() {}

  /** Reads a whole PEM file as UTF-8. */
  public static String read(Path path, String what) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + what + " from " + path, e);
    }
  }

  /** An RSA private key from PKCS#8 or PKCS#1 PEM. */
  public static PrivateKey privateKey(String pem, String what) {
    Object parsed = parse(armored(pem, "PRIVATE KEY"), what);
    try {
      if (parsed instanceof PrivateKeyInfo info) return CONVERTER.getPrivateKey(info);
      if (parsed instanceof PEMKeyPair pair) return CONVERTER.getKeyPair(pair).getPrivate();
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " is not a valid RSA private key", e);
    }
    throw new IllegalArgumentException(
        what + " must be a PKCS#8 or PKCS#1 private key PEM (got " + kind(parsed) + ")");
  }

  /** A public key from {@code BEGIN PUBLIC KEY} PEM (or a certificate PEM). */
  public static PublicKey publicKey(String pem, String what) {
    Object parsed = parse(armored(pem, "PUBLIC KEY"), what);
    try {
      if (parsed instanceof SubjectPublicKeyInfo info) return CONVERTER.getPublicKey(info);
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " is not a valid public key", e);
    }
    if (parsed instanceof org.bouncycastle.cert.X509CertificateHolder) {
      return certificate(pem, what).getPublicKey();
    }
    throw new IllegalArgumentException(
        what + " must be a public key PEM (got " + kind(parsed) + ")");
  }

  /** An X.509 certificate from PEM. */
  public static X509Certificate certificate(String pem, String what) {
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      return (X509Certificate)
          factory.generateCertificate(
              new ByteArrayInputStream(pem.trim().getBytes(StandardCharsets.US_ASCII)));
    } catch (CertificateException | ClassCastException e) {
      throw new IllegalArgumentException(what + " is not a valid X.509 certificate PEM", e);
    }
  }

  /** The serial number as WeChat writes it: upper-case hex without leading zeros. */
  public static String serial(X509Certificate certificate) {
    return certificate.getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT);
  }

  private static String armored(String pem, String label) {
    String trimmed = pem.trim();
    if (trimmed.startsWith("-----BEGIN")) return trimmed;
    // A bare Base64 body (as some consoles export it): assume the default label.
    return "-----BEGIN " + label + "-----\n" + trimmed + "\n-----END " + label + "-----\n";
  }

  private static Object parse(String pem, String what) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object parsed = parser.readObject();
      if (parsed == null) throw new IllegalArgumentException(what + " contains no PEM object");
      return parsed;
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae
          && iae.getMessage() != null
          && iae.getMessage().startsWith(what)) {
        throw iae;
      }
      throw new IllegalArgumentException(what + " is not valid PEM", e);
    }
  }

  private static String kind(Object parsed) {
    return parsed.getClass().getSimpleName();
  }
}
