package io.unipay.alipay.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * {@code SHA256withRSA} (Alipay "RSA2") signing and verification. Every {@link Signature} of the
 * module is created here, so the JCA provider is chosen in one place.
 *
 * <p>Thread-safe: each thread keeps its own {@link Signature} objects, re-initialised per call with
 * the key (cheap), so no per-call {@code Signature.getInstance} lookup happens.
 */
public final class Rsa2 {
  private static final String ALGORITHM = "SHA256withRSA";

  private final Provider provider;
  private final ThreadLocal<Signature> signatures = ThreadLocal.withInitial(this::newSignature);

  /** @param provider the JCA provider for RSA, or null for the JDK default */
  public Rsa2(Provider provider) {
    this.provider = provider;
    newSignature(); // fail at construction if the provider lacks SHA256withRSA
  }

  private Signature newSignature() {
    try {
      return provider == null
          ? Signature.getInstance(ALGORITHM)
          : Signature.getInstance(ALGORITHM, provider);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is not available from " + providerName(), e);
    }
  }

  private String providerName() {
    return provider == null ? "the default JCA providers" : provider.getName();
  }

  /** Base64 (standard, padded) of SHA256withRSA over the UTF-8 bytes of {@code content}. */
  public String sign(PrivateKey key, String content) {
    Signature signature = signatures.get();
    try {
      signature.initSign(key);
      signature.update(content.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA2 signing failed with the configured app private key", e);
    }
  }

  /**
   * Whether {@code base64Signature} is a valid SHA256withRSA signature of {@code content}. Malformed
   * Base64 or a signature of the wrong length is simply invalid.
   */
  public boolean verify(PublicKey key, String content, String base64Signature) {
    return verify(key, content, StandardCharsets.UTF_8, base64Signature);
  }

  /**
   * Whether a gateway answer's content verifies (protocols §B3): as sent, or, when it contains
   * {@code \/}, with {@code \/} unescaped to {@code /}, as the official SDK retries.
   */
  public boolean verifyAnswer(PublicKey key, String content, String base64Signature) {
    return verify(key, content, base64Signature)
        || (content.contains("\\/") && verify(key, content.replace("\\/", "/"), base64Signature));
  }

  /** {@link #verify(PublicKey, String, String)} over the bytes of {@code content} in {@code charset}. */
  public boolean verify(
      PublicKey key, String content, java.nio.charset.Charset charset, String base64Signature) {
    byte[] sig;
    try {
      sig = Base64.getMimeDecoder().decode(base64Signature);
    } catch (IllegalArgumentException e) {
      return false;
    }
    Signature signature = signatures.get();
    try {
      signature.initVerify(key);
      signature.update(content.getBytes(charset));
      return signature.verify(sig);
    } catch (java.security.SignatureException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA2 verification could not run with the Alipay key", e);
    }
  }
}
