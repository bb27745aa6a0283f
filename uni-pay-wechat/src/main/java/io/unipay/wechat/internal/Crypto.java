package io.unipay.wechat.internal;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one place that creates {@link Signature} and {@link Cipher} objects: SHA256withRSA (PKCS#1
 * v1.5) and AES-256-GCM with a 128-bit tag, from one JCA provider chosen at construction (see
 * {@link io.unipay.core.internal.JcaProviders}). Keys are parsed elsewhere, once.
 *
 * <p>Thread-safe: each thread keeps its own {@code Signature} and {@code Cipher}, re-initialised
 * with the key on every call (which resets any state a failed call left), so no per-call {@code
 * getInstance} provider lookup happens on the notification path.
 */
public final class Crypto {
  private static final String RSA = "SHA256withRSA";
  private static final String AES_GCM = "AES/GCM/NoPadding";

  private final Provider provider;
  private final ThreadLocal<Signature> signatures = ThreadLocal.withInitial(this::newSignature);
  private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(this::newAesGcm);

  /**
   * Uses {@code provider} for every operation, or the JDK's default when null.
   *
   * @throws IllegalStateException when the provider lacks SHA256withRSA or AES/GCM/NoPadding
   */
  public Crypto(Provider provider) {
    this.provider = provider;
    newSignature();
    newAesGcm();
  }

  /** SHA256withRSA over the concatenation of {@code parts}. */
  public byte[] sign(PrivateKey key, byte[]... parts) {
    try {
      Signature signature = signatures.get();
      signature.initSign(key);
      for (byte[] part : parts) signature.update(part);
      return signature.sign();
    } catch (InvalidKeyException | SignatureException e) {
      throw new IllegalStateException("SHA256withRSA signing failed", e);
    }
  }

  /** Whether {@code signature} is a valid SHA256withRSA signature over the concatenated parts. */
  public boolean verify(PublicKey key, byte[] signature, byte[]... parts) {
    try {
      Signature verifier = signatures.get();
      verifier.initVerify(key);
      for (byte[] part : parts) verifier.update(part);
      return verifier.verify(signature);
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("verification key is not an RSA public key", e);
    } catch (SignatureException e) {
      return false; // malformed signature bytes (wrong length, bad padding)
    }
  }

  /**
   * AES-256-GCM decryption of {@code ciphertextAndTag} (ciphertext followed by the 16-byte tag).
   *
   * @throws GeneralSecurityException when the tag does not verify ({@link
   *     javax.crypto.AEADBadTagException}) or the input is malformed
   */
  public byte[] decrypt(SecretKeySpec key, byte[] nonce, byte[] aad, byte[] ciphertextAndTag)
      throws GeneralSecurityException {
    return decrypt(key, nonce, aad, ciphertextAndTag, 0, ciphertextAndTag.length);
  }

  /** As above, over {@code input[offset, offset + length)}. */
  public byte[] decrypt(
      SecretKeySpec key, byte[] nonce, byte[] aad, byte[] input, int offset, int length)
      throws GeneralSecurityException {
    Cipher cipher = ciphers.get();
    cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
    if (aad.length > 0) cipher.updateAAD(aad);
    return cipher.doFinal(input, offset, length);
  }

  private Signature newSignature() {
    try {
      return provider == null ? Signature.getInstance(RSA) : Signature.getInstance(RSA, provider);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(RSA + " is not available from " + providerName(), e);
    }
  }

  private Cipher newAesGcm() {
    try {
      return provider == null ? Cipher.getInstance(AES_GCM) : Cipher.getInstance(AES_GCM, provider);
    } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
      throw new IllegalStateException(AES_GCM + " is not available from " + providerName(), e);
    }
  }

  private String providerName() {
    return provider == null ? "the JDK default providers" : provider.getName();
  }

  @Override
  public String toString() {
    return "Crypto{" + providerName() + "}";
  }
}
