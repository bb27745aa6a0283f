package io.unipay.wechat.login;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Base64;

/**
 * A mini program's {@code session_key}: the secret WeChat shares with the app server for one
 * user's session (it decrypts {@code encryptedData} and checks {@code signature} of the
 * mini-program user APIs). It must stay on the server: {@link #toString()} and its JSON form
 * ({@code "<redacted>"}) never show it, it has no bean getter, and the library never logs it.
 * Read it with {@link #bytes()} or {@link #base64()} only where it is used.
 */
public final class SessionKey {
  private static final String REDACTED = "<redacted>";

  private final byte[] key;

  private SessionKey(byte[] key) {
    this.key = key;
  }

  /** The key WeChat sent, as Base64; null when it is not valid Base64 or empty. */
  static SessionKey parse(String base64) {
    if (base64 == null || base64.isEmpty()) return null;
    try {
      byte[] bytes = Base64.getDecoder().decode(base64);
      return bytes.length == 0 ? null : new SessionKey(bytes);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The raw key bytes (AES-128 for {@code encryptedData}), a fresh copy. */
  public byte[] bytes() {
    return key.clone();
  }

  /** The key as WeChat sent it (standard Base64). */
  public String base64() {
    return Base64.getEncoder().encodeToString(key);
  }

  /** {@code "<redacted>"}: how Jackson writes a session key. */
  @JsonValue
  String json() {
    return REDACTED;
  }

  /** Never the key. */
  @Override
  public String toString() {
    return "SessionKey" + REDACTED;
  }
}
