package io.unipay.wechat.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;

/**
 * Verifies WeChat Pay's signature over {@code TIMESTAMP\nNONCE\nBODY\n}, BODY being the raw bytes
 * received (empty for a 204), for both API responses and notifications. Checks, in order: headers
 * present, not a {@code WECHATPAY/SIGNTEST/} probe, timestamp inside the window, serial known,
 * signature valid. Thread-safe.
 */
public final class SignatureVerifier {
  /** The prefix of WeChat's signature probe traffic; such messages must fail verification. */
  public static final String SIGNTEST_PREFIX = "WECHATPAY/SIGNTEST/";

  private static final byte[] NEWLINE = {'\n'};

  /** Why a message did not verify: a stable reason code and a message without secrets. */
  public record Failure(String reason, String message) {}

  private final PlatformKeys keys;
  private final Crypto crypto;
  private final Clock clock;
  private final Duration tolerance;

  public SignatureVerifier(PlatformKeys keys, Crypto crypto, Clock clock, Duration tolerance) {
    this.keys = keys;
    this.crypto = crypto;
    this.clock = clock;
    this.tolerance = tolerance;
  }

  /**
   * Returns empty when the signature is valid, else the first check that failed.
   *
   * @param refreshOnUnknownSerial whether an unknown serial may trigger a certificate download
   */
  public Optional<Failure> check(
      String timestamp,
      String nonce,
      String signature,
      String serial,
      byte[] body,
      boolean refreshOnUnknownSerial) {
    return check(
        timestamp,
        nonce,
        signature,
        serial,
        body,
        refreshOnUnknownSerial ? keys::findOrRefresh : keys::find);
  }

  /** As above, with an explicit key lookup (e.g. certificates just downloaded). */
  public Optional<Failure> check(
      String timestamp,
      String nonce,
      String signature,
      String serial,
      byte[] body,
      Function<String, Optional<PublicKey>> keyLookup) {
    if (timestamp == null || timestamp.isEmpty()) return missing("Wechatpay-Timestamp");
    if (nonce == null || nonce.isEmpty()) return missing("Wechatpay-Nonce");
    if (signature == null || signature.isEmpty()) return missing("Wechatpay-Signature");
    if (serial == null || serial.isEmpty()) return missing("Wechatpay-Serial");
    if (signature.startsWith(SIGNTEST_PREFIX)) {
      return fail("SIGNTEST_PROBE", "signature is a WECHATPAY/SIGNTEST/ probe");
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return fail("MALFORMED", "Wechatpay-Timestamp is not a number");
    }
    long now = clock.instant().getEpochSecond();
    long tol = tolerance.toSeconds();
    // now - seconds overflows for extreme timestamps (and Math.abs(Long.MIN_VALUE) < 0): compare
    // without subtracting first.
    long low = now - tol > now ? Long.MIN_VALUE : now - tol;
    long high = now + tol < now ? Long.MAX_VALUE : now + tol;
    boolean inWindow = seconds > low && seconds < high;
    if (!inWindow) {
      long drift;
      try {
        drift = Math.subtractExact(now, seconds);
      } catch (ArithmeticException e) {
        drift = seconds > now ? Long.MIN_VALUE : Long.MAX_VALUE;
      }
      return fail(
          "STALE_TIMESTAMP",
          "Wechatpay-Timestamp is "
              + (drift == Long.MIN_VALUE || drift == Long.MAX_VALUE ? "far" : drift + " s")
              + " from now (tolerance "
              + tol
              + " s)");
    }
    Optional<PublicKey> key = keyLookup.apply(serial);
    if (key.isEmpty()) {
      return fail(
          "UNKNOWN_SERIAL",
          "no WeChat Pay key for the Wechatpay-Serial received; known: " + keys.describe());
    }
    byte[] signatureBytes;
    try {
      signatureBytes = Base64.getDecoder().decode(signature);
    } catch (IllegalArgumentException e) {
      return fail("BAD_SIGNATURE", "Wechatpay-Signature is not Base64");
    }
    byte[] head = (timestamp + "\n" + nonce + "\n").getBytes(UTF_8);
    if (!crypto.verify(key.get(), signatureBytes, head, body, NEWLINE)) {
      return fail("BAD_SIGNATURE", "signature does not verify over the received body");
    }
    return Optional.empty();
  }

  private static Optional<Failure> missing(String header) {
    return fail("MISSING_HEADER", "header " + header + " missing");
  }

  private static Optional<Failure> fail(String reason, String message) {
    return Optional.of(new Failure(reason, message));
  }
}
