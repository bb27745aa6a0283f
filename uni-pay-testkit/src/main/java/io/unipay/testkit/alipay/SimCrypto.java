package io.unipay.testkit.alipay;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** The simulator's own RSA2, PEM and certificate code, written from the protocol, not the client. */
final class SimCrypto {
  private static final SecureRandom RANDOM = new SecureRandom();

  private SimCrypto() {}

  static String resource(String name) {
    try (InputStream in = SimCrypto.class.getResourceAsStream("/io/unipay/testkit/keys/" + name)) {
      if (in == null) throw new IllegalStateException("missing test key resource " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] pemBody(String pem) {
    StringBuilder b = new StringBuilder();
    for (String line : pem.split("\\R")) {
      if (!line.startsWith("-----")) b.append(line.strip());
    }
    return Base64.getMimeDecoder().decode(b.toString());
  }

  /** A PKCS#8 RSA private key (PEM or bare Base64). */
  static PrivateKey privateKey(String pem) {
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pemBody(pem)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a PKCS#8 RSA private key", e);
    }
  }

  static PublicKey publicKey(String pem) {
    try {
      return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(pemBody(pem)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an RSA public key", e);
    }
  }

  /** The public half of an RSA CRT private key. */
  static PublicKey publicKeyOf(PrivateKey key) {
    RSAPrivateCrtKey crt = (RSAPrivateCrtKey) key;
    try {
      return KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(String type, byte[] der) {
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
  }

  static String sign(PrivateKey key, String content) {
    return sign(key, content, StandardCharsets.UTF_8);
  }

  static String sign(PrivateKey key, String content, java.nio.charset.Charset charset) {
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key);
      s.update(content.getBytes(charset));
      return Base64.getEncoder().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean verify(PublicKey key, String content, String sign) {
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initVerify(key);
      s.update(content.getBytes(StandardCharsets.UTF_8));
      return s.verify(Base64.getMimeDecoder().decode(sign));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static final java.util.Map<String, KeyPair> CA_KEYS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * One RSA key per purpose ({@code "root"}, {@code "ca"}, {@code "impostor-root"}, ...) per JVM:
   * issuing certificates is cheap, generating RSA keys is not.
   */
  static KeyPair caKeyPair(String purpose) {
    return CA_KEYS.computeIfAbsent(purpose, p -> rsaKeyPair());
  }

  static KeyPair rsaKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048, RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A certificate for {@code subject}'s key, issued by {@code issuerName} with {@code issuerKey}. */
  static X509Certificate certificate(
      String subjectName, PublicKey subjectKey, String issuerName, PrivateKey issuerKey, boolean ca, String sigAlg) {
    Instant now = Instant.now();
    return certificate(subjectName, subjectKey, issuerName, issuerKey, ca, sigAlg,
        now.minus(1, ChronoUnit.DAYS), now.plus(3650, ChronoUnit.DAYS));
  }

  /** {@link #certificate(String, PublicKey, String, PrivateKey, boolean, String)} valid in [from, to]. */
  static X509Certificate certificate(
      String subjectName,
      PublicKey subjectKey,
      String issuerName,
      PrivateKey issuerKey,
      boolean ca,
      String sigAlg,
      Instant from,
      Instant to) {
    try {
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              new X500Name(issuerName),
              new BigInteger(64, RANDOM).add(BigInteger.ONE),
              Date.from(from),
              Date.from(to),
              new X500Name(subjectName),
              subjectKey);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      X509CertificateHolder holder = b.build(new JcaContentSignerBuilder(sigAlg).build(issuerKey));
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (IOException | OperatorCreationException | CertificateException e) {
      throw new IllegalStateException("cannot issue a test certificate", e);
    }
  }

  /** A self-signed ECDSA root, for a bundle with a non-RSA entry (like Alipay's E1 root). */
  static X509Certificate ecRoot(String name) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      KeyPair kp = g.generateKeyPair();
      return certificate(name, kp.getPublic(), name, kp.getPrivate(), true, "SHA256withECDSA");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(X509Certificate... certs) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      for (X509Certificate c : certs) w.writeObject(c);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Certificates of a PEM bundle in file order, via BouncyCastle (SM2 entries parse too). */
  static List<X509CertificateHolder> certificates(String pem) {
    List<X509CertificateHolder> certs = new ArrayList<>();
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      for (Object o; (o = p.readObject()) != null; ) {
        if (o instanceof X509CertificateHolder h) certs.add(h);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("not a PEM certificate bundle", e);
    }
    return certs;
  }

  /** MD5(issuer RFC 2253 + decimal serial), lower hex, 32 chars. */
  static String certSn(X509CertificateHolder holder) {
    try {
      X509Certificate c = new JcaX509CertificateConverter().getCertificate(holder);
      byte[] d =
          MessageDigest.getInstance("MD5")
              .digest(
                  (c.getIssuerX500Principal().getName() + c.getSerialNumber())
                      .getBytes(StandardCharsets.UTF_8));
      return String.format("%032x", new BigInteger(1, d));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SNs of the RSA-signed certificates of a root bundle, joined by {@code _}. */
  static String rootCertSn(String bundlePem) {
    List<String> parts = new ArrayList<>();
    for (X509CertificateHolder h : certificates(bundlePem)) {
      if (h.getSignatureAlgorithm().getAlgorithm().getId().startsWith("1.2.840.113549.1.1.")) {
        parts.add(certSn(h));
      }
    }
    return String.join("_", parts);
  }
}
