package io.unipay.testkit.wechat;

import io.unipay.testkit.wechat.WechatPaySimulator.SigningKey;
import io.unipay.testkit.wechat.WechatPaySimulator.SigningMode;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * WeChat Pay's side of the simulator's keys: the public key (with its id) and the platform
 * certificates served by {@code /v3/certificates}, which of them signs now under the signing
 * mode, and which decrypts a merchant's sensitive fields. Thread-safe.
 */
final class PlatformKeys {
  private final PrivateKey publicKeyModeKey;
  private final String platformPublicKeyPem;
  private final String publicKeyId;
  private final SigningMode signingMode;
  private final List<SimCrypto.Identity> certificates = new CopyOnWriteArrayList<>();
  private final AtomicInteger mixedCounter = new AtomicInteger();

  /**
   * The platform key and certificate; a certificate not valid at {@code startedAt} is reissued
   * for the same key.
   */
  PlatformKeys(
      String platformPrivateKeyPem, String platformCertificatePem, String publicKeyId,
      SigningMode signingMode, Instant startedAt) {
    X509Certificate platformCertificate = SimCrypto.certificate(platformCertificatePem);
    PrivateKey platformKey = SimCrypto.privateKey(platformPrivateKeyPem);
    if (startedAt.isBefore(platformCertificate.getNotBefore().toInstant())
        || startedAt.isAfter(platformCertificate.getNotAfter().toInstant())) {
      platformCertificate = SimCrypto.reissued(platformCertificate, platformKey, startedAt);
    }
    this.certificates.add(
        new SimCrypto.Identity(
            SimCrypto.serial(platformCertificate), platformKey, platformCertificate));
    this.publicKeyModeKey = platformKey;
    this.platformPublicKeyPem = SimCrypto.publicKeyPem(platformCertificate.getPublicKey());
    this.publicKeyId = publicKeyId;
    this.signingMode = signingMode;
  }

  String platformPublicKeyPem() {
    return platformPublicKeyPem;
  }

  String publicKeyId() {
    return publicKeyId;
  }

  SigningMode signingMode() {
    return signingMode;
  }

  /** Serials served by {@code /v3/certificates}, oldest first. */
  List<String> servedSerials() {
    return certificates.stream().map(SimCrypto.Identity::serial).toList();
  }

  /** Switches to a new platform key and certificate; keeps the previous one served. */
  SimCrypto.Identity rotate(Instant now) {
    SimCrypto.Identity fresh = SimCrypto.newIdentity(now);
    certificates.add(fresh);
    while (certificates.size() > 2) certificates.remove(0);
    return fresh;
  }

  /** The key and serial signing now (alternating in mixed mode). */
  SigningKey signingKey() {
    SimCrypto.Identity current = currentCertificate();
    return switch (signingMode) {
      case PUBLIC_KEY -> new SigningKey(publicKeyId, publicKeyModeKey);
      case CERTIFICATE -> new SigningKey(current.serial(), current.privateKey());
      case MIXED ->
          mixedCounter.getAndIncrement() % 2 == 0
              ? new SigningKey(publicKeyId, publicKeyModeKey)
              : new SigningKey(current.serial(), current.privateKey());
    };
  }

  /**
   * The private key behind a {@code Wechatpay-Serial} a merchant encrypted sensitive fields for:
   * the public key id (public-key and mixed mode) or a served platform certificate (certificate and
   * mixed mode); empty for any other serial.
   */
  Optional<PrivateKey> privacyKey(String serial) {
    if (signingMode != SigningMode.CERTIFICATE && publicKeyId.equals(serial)) {
      return Optional.of(publicKeyModeKey);
    }
    if (signingMode == SigningMode.PUBLIC_KEY) return Optional.empty();
    for (SimCrypto.Identity identity : certificates) {
      if (identity.serial().equalsIgnoreCase(serial)) return Optional.of(identity.privateKey());
    }
    return Optional.empty();
  }

  List<SimCrypto.Identity> servedCertificates() {
    return List.copyOf(certificates);
  }

  /** The platform certificate signing now. */
  SimCrypto.Identity currentCertificate() {
    return certificates.get(certificates.size() - 1);
  }
}
