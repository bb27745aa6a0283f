package io.unipay.wechat.internal;

import java.security.SecureRandom;
import java.util.function.Supplier;

/** The default nonce source: 32 characters of {@code [0-9A-Za-z]} from a {@link SecureRandom}. */
public final class Nonces implements Supplier<String> {
  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  private final SecureRandom random = new SecureRandom();

  @Override
  public String get() {
    char[] out = new char[32];
    for (int i = 0; i < out.length; i++) out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    return new String(out);
  }

  @Override
  public String toString() {
    return "SecureRandom nonces";
  }
}
