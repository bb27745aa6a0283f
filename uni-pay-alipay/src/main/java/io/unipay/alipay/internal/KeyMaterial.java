package io.unipay.alipay.internal;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;

/**
 * Parses Alipay keys and certificates and computes certificate serial numbers (protocols §B5).
 * Every failure is an {@link IllegalArgumentException} whose message names the setting, never the
 * key material.
 */
public final class KeyMaterial {
  /** Signature algorithm OIDs of RSA certificates (sha1WithRSA, sha256WithRSA, ...). */
  private static final String RSA_SIGNATURE_OID_PREFIX = "1.2.840.113549.1.1";

  private KeyMaterial() {}

  /**
   * An RSA private key from bare Base64 or PEM, in PKCS#8 ({@code PRIVATE KEY}) or PKCS#1
   * ({@code RSA PRIVATE KEY}) form.
   */
  public static PrivateKey privateKey(String text, String setting) {
    if (text == null || text.isBlank()) throw new IllegalArgumentException(setting + " is empty");
    if (text.contains("ENCRYPTED")) {
      throw new IllegalArgumentException(setting + " is encrypted; decrypt it to PKCS#8 or PKCS#1 first");
    }
    byte[] der = base64Body(text, setting);
    try {
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      if (!text.contains("BEGIN RSA PRIVATE KEY")) {
        try {
          return rsa.generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException notPkcs8) {
          // fall through: a bare Base64 key may be PKCS#1
        }
      }
      RSAPrivateKey pkcs1 = RSAPrivateKey.getInstance(der);
      PrivateKeyInfo info =
          new PrivateKeyInfo(
              new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), pkcs1);
      return rsa.generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
    } catch (GeneralSecurityException | IOException | IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException(
          setting + " is not an RSA private key in PKCS#8 or PKCS#1 form (Base64 or PEM)");
    }
  }

  /** An RSA public key from bare Base64 or PEM ({@code PUBLIC KEY}, or PKCS#1 {@code RSA PUBLIC KEY}). */
  public static PublicKey publicKey(String text, String setting) {
    if (text == null || text.isBlank()) throw new IllegalArgumentException(setting + " is empty");
    byte[] der = base64Body(text, setting);
    try {
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      if (!text.contains("BEGIN RSA PUBLIC KEY")) {
        try {
          return rsa.generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException notSpki) {
          // fall through: maybe PKCS#1
        }
      }
      RSAPublicKey pkcs1 = RSAPublicKey.getInstance(der);
      SubjectPublicKeyInfo info =
          new SubjectPublicKeyInfo(
              new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), pkcs1);
      return rsa.generatePublic(new X509EncodedKeySpec(info.getEncoded()));
    } catch (GeneralSecurityException | IOException | IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException(setting + " is not an RSA public key (Base64 or PEM)");
    }
  }

  private static byte[] base64Body(String text, String setting) {
    StringBuilder body = new StringBuilder(text.length());
    for (String line : text.split("\\R")) {
      String l = line.strip();
      if (l.startsWith("-----") || l.isEmpty() || l.contains(":")) continue; // armor, headers
      body.append(l);
    }
    try {
      return Base64.getMimeDecoder().decode(body.toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(setting + " is not valid Base64 or PEM");
    }
  }

  /**
   * Every certificate of a PEM text, in file order, parsed with BouncyCastle (the JDK cannot parse
   * the SM2 certificate in Alipay's root bundle).
   */
  public static List<X509CertificateHolder> certificates(String pem, String setting) {
    if (pem == null || pem.isBlank()) throw new IllegalArgumentException(setting + " is empty");
    List<X509CertificateHolder> result = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object o;
      while ((o = parser.readObject()) != null) {
        if (o instanceof X509CertificateHolder holder) result.add(holder);
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(setting + " is not a PEM certificate file");
    }
    if (result.isEmpty()) {
      throw new IllegalArgumentException(setting + " contains no PEM certificate");
    }
    return result;
  }

  /** The JDK form of an RSA certificate. */
  public static X509Certificate toX509(X509CertificateHolder holder, String setting) {
    try {
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (CertificateException e) {
      throw new IllegalArgumentException(setting + " holds a certificate the JDK cannot read", e);
    }
  }

  /** Whether the certificate is signed with an RSA algorithm (OID 1.2.840.113549.1.1.*). */
  public static boolean isRsaSigned(X509CertificateHolder holder) {
    return holder.getSignatureAlgorithm().getAlgorithm().getId().startsWith(RSA_SIGNATURE_OID_PREFIX);
  }

  /**
   * Alipay's certificate SN: lower-hex MD5 of the issuer's RFC 2253 name followed by the decimal
   * serial number, left-padded with {@code 0} to 32 characters.
   */
  public static String certSn(X509Certificate certificate) {
    String source =
        certificate.getIssuerX500Principal().getName() + certificate.getSerialNumber().toString(10);
    try {
      byte[] md5 = MessageDigest.getInstance("MD5").digest(source.getBytes(StandardCharsets.UTF_8));
      String hex = new BigInteger(1, md5).toString(16).toLowerCase(Locale.ROOT);
      return "0".repeat(32 - hex.length()) + hex;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from this JDK", e);
    }
  }

  /**
   * {@code alipay_root_cert_sn}: the SN of every RSA-signed certificate of the bundle, joined by
   * {@code _} in file order. Other certificates (SM2, ECDSA) are skipped.
   */
  public static String rootCertSn(String bundlePem, String setting) {
    StringBuilder sn = new StringBuilder(66);
    for (X509CertificateHolder holder : certificates(bundlePem, setting)) {
      if (!isRsaSigned(holder)) continue;
      if (sn.length() > 0) sn.append('_');
      sn.append(certSn(toX509(holder, setting)));
    }
    if (sn.length() == 0) {
      throw new IllegalArgumentException(setting + " contains no RSA-signed certificate");
    }
    return sn.toString();
  }
}
