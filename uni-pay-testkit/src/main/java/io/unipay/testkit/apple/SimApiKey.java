package io.unipay.testkit.apple;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * An App Store Connect in-app purchase key as Apple hands it out: an issuer id (UUID), a ten
 * character key id and a P-256 private key in a {@code .p8} file (PKCS#8 PEM).
 */
final class SimApiKey {
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  final String issuerId = UUID.randomUUID().toString();
  final String keyId;
  final KeyPair keys;
  final String p8Pem;

  SimApiKey() {
    StringBuilder id = new StringBuilder(10);
    for (int i = 0; i < 10; i++) id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    this.keyId = id.toString();
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      this.keys = g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    this.p8Pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(
                keys.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
  }

  ECPublicKey publicKey() {
    return (ECPublicKey) keys.getPublic();
  }
}
