package io.unipay.testkit.wechat;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The simulator's own crypto, written from the protocol (not shared with the client): PEM handling,
 * SHA256withRSA, AES-256-GCM and test certificate generation.
 */
final class SimCrypto {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final JcaPEMKeyConverter CONVERTER = new JcaPEMKeyConverter();
  private static final char[] ALNUM =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  private SimCrypto() {}

  static String resource(String name) {
    String path = "/io/unipay/testkit/keys/" + name;
    try (InputStream in = SimCrypto.class.getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException("missing test key resource " + path);
      return new String(in.readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static PrivateKey privateKey(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object o = parser.readObject();
      if (o instanceof PrivateKeyInfo info) return CONVERTER.getPrivateKey(info);
      if (o instanceof PEMKeyPair pair) return CONVERTER.getKeyPair(pair).getPrivate();
      throw new IllegalArgumentException("not a private key PEM");
    } catch (IOException e) {
      throw new IllegalArgumentException("not a private key PEM", e);
    }
  }

  static X509Certificate certificate(String pem) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(pem.getBytes(UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a certificate PEM", e);
    }
  }

  static String serial(X509Certificate certificate) {
    return certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
  }

  static String pem(String label, byte[] der) {
    String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + base64 + "\n-----END " + label + "-----\n";
  }

  static String certificatePem(X509Certificate certificate) {
    try {
      return pem("CERTIFICATE", certificate.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String publicKeyPem(PublicKey key) {
    return pem("PUBLIC KEY", key.getEncoded());
  }

  static String privateKeyPem(PrivateKey key) {
    return pem("PRIVATE KEY", key.getEncoded());
  }

  /** Base64 SHA256withRSA over the concatenated parts. */
  static String sign(PrivateKey key, byte[]... parts) {
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key);
      for (byte[] part : parts) s.update(part);
      return Base64.getEncoder().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing failed", e);
    }
  }

  static boolean verify(PublicKey key, String base64Signature, byte[]... parts) {
    try {
      byte[] signature = Base64.getDecoder().decode(base64Signature);
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initVerify(key);
      for (byte[] part : parts) s.update(part);
      return s.verify(signature);
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return false;
    }
  }

  /** Base64 of AES-256-GCM ciphertext‖tag. */
  static String encrypt(byte[] key, String nonce, String aad, byte[] plaintext) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(128, nonce.getBytes(UTF_8)));
      cipher.updateAAD(aad.getBytes(UTF_8));
      return Base64.getEncoder().encodeToString(cipher.doFinal(plaintext));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /**
   * RSA/ECB/OAEPWithSHA-1AndMGF1Padding decryption of Base64 {@code ciphertext} (WeChat Pay's
   * encryption of sensitive fields such as {@code user_name}); null when it does not decrypt.
   */
  static byte[] decryptOaep(PrivateKey key, String ciphertext) {
    try {
      Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
      cipher.init(Cipher.DECRYPT_MODE, key);
      return cipher.doFinal(Base64.getDecoder().decode(ciphertext));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return null;
    }
  }

  static String alnum(int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) out[i] = ALNUM[RANDOM.nextInt(ALNUM.length)];
    return new String(out);
  }

  static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    StringBuilder out = new StringBuilder();
    for (byte x : b) out.append(String.format("%02x", x));
    return out.toString();
  }

  /** A fresh RSA-2048 key and a self-signed certificate with a random 20-byte serial. */
  static Identity newIdentity(Instant now) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, RANDOM);
      KeyPair pair = generator.generateKeyPair();
      byte[] serialBytes = new byte[20];
      RANDOM.nextBytes(serialBytes);
      serialBytes[0] = (byte) ((serialBytes[0] & 0x7f) | 0x10); // positive, 40 hex digits
      X500Name subject =
          new X500Name("C=CN,O=Tenpay.com,OU=Tenpay.com CA Center,CN=Tenpay.com Root CA");
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  new JcaX509v3CertificateBuilder(
                          subject,
                          new BigInteger(serialBytes),
                          Date.from(now.minus(Duration.ofDays(1))),
                          Date.from(now.plus(Duration.ofDays(5 * 365))),
                          subject,
                          pair.getPublic())
                      .build(
                          new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
      return new Identity(serial(certificate), pair.getPrivate(), certificate);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot create a platform certificate", e);
    }
  }

  /**
   * {@code certificate} re-issued (self-signed, same subject, serial and key) to be valid around
   * {@code now}: the published test certificate expired in 2025, and a client rightly refuses an
   * expired certificate, while WeChat Pay only serves valid ones.
   */
  static X509Certificate reissued(X509Certificate certificate, PrivateKey key, Instant now) {
    try {
      X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
      return new JcaX509CertificateConverter()
          .getCertificate(
              new JcaX509v3CertificateBuilder(
                      subject,
                      certificate.getSerialNumber(),
                      Date.from(now.minus(Duration.ofDays(1))),
                      Date.from(now.plus(Duration.ofDays(5 * 365))),
                      subject,
                      certificate.getPublicKey())
                  .build(new JcaContentSignerBuilder("SHA256withRSA").build(key)));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot re-issue the platform certificate", e);
    }
  }

  /** A platform signing identity: certificate serial, private key and certificate. */
  record Identity(String serial, PrivateKey privateKey, X509Certificate certificate) {}
}
