package io.unipay.wechat.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.unipay.core.UniPayException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.util.Base64;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;

/**
 * Encrypts sensitive request fields (a transfer's {@code user_name}) as WeChat Pay requires:
 * {@code RSA/ECB/OAEPWithSHA-1AndMGF1Padding} with the WeChat Pay public key or platform
 * certificate, Base64 (standard, padded). OAEP is randomised: every call gives another ciphertext.
 *
 * <p>The plaintext never appears in a message or exception. Uses the JDK's providers (the
 * operation is rare and off the notification path); one {@link Cipher} per thread. Thread-safe.
 */
public final class PrivacyEncryptor {
  private static final String OAEP = "RSA/ECB/OAEPWithSHA-1AndMGF1Padding";

  private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(PrivacyEncryptor::newCipher);

  /** Fails at construction, not on the first transfer, when the JDK lacks the transformation. */
  public PrivacyEncryptor() {
    newCipher();
  }

  /**
   * Base64 of the OAEP encryption of {@code plaintext}'s UTF-8 bytes.
   *
   * @param field the field's name, for messages (never its value)
   * @throws UniPayException {@code INVALID_ARGUMENT} when the value is too long for the key
   */
  public String encrypt(PublicKey key, String plaintext, String field) {
    Cipher cipher = ciphers.get();
    byte[] bytes = plaintext.getBytes(UTF_8);
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key);
      return Base64.getEncoder().encodeToString(cipher.doFinal(bytes));
    } catch (IllegalBlockSizeException | BadPaddingException e) {
      throw UniPayException.invalid(
          field + " is too long to encrypt for WeChat Pay (" + bytes.length + " bytes UTF-8)");
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("WeChat Pay's key is not an RSA public key", e);
    }
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance(OAEP);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(OAEP + " is not available from the JDK providers", e);
    }
  }
}
