package io.unipay.apple;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The bijection between an Apple payment order's {@code out_trade_no} and the {@code
 * appAccountToken} the app passes to StoreKit: the out_trade_no <em>is</em> the token's 32
 * lowercase hex digits. New tokens are UUID version 7 (48-bit millisecond time, then 74 random
 * bits), so out_trade_nos still sort by creation and are unique by construction. Nothing is
 * stored: a signed transaction's token names exactly one order.
 */
public final class AccountTokens {
  private static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private AccountTokens() {}

  /** A new UUID v7 token for the given clock. */
  public static UUID newToken(Clock clock) {
    long millis = clock.millis() & 0xFFFF_FFFF_FFFFL;
    long msb = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
    long lsb = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }

  /** The out_trade_no of the order bound to {@code token}. */
  public static String outTradeNo(UUID token) {
    return token.toString().replace("-", "");
  }

  /** The token of an Apple order's out_trade_no, or empty when it is not of that form. */
  public static Optional<UUID> token(String outTradeNo) {
    if (outTradeNo == null || !HEX32.matcher(outTradeNo).matches()) return Optional.empty();
    String h = outTradeNo;
    return Optional.of(
        UUID.fromString(
            h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-"
                + h.substring(16, 20) + "-" + h.substring(20)));
  }

  /** The out_trade_no named by a payload's {@code appAccountToken}, or empty when it is no UUID. */
  static Optional<String> outTradeNoOf(String appAccountToken) {
    if (appAccountToken == null) return Optional.empty();
    try {
      UUID token = UUID.fromString(appAccountToken.toLowerCase(Locale.ROOT));
      String outTradeNo = outTradeNo(token);
      // UUID.fromString accepts short groups; only the canonical form names an order.
      return outTradeNo.length() == 32
              && token.toString().equalsIgnoreCase(appAccountToken)
          ? Optional.of(outTradeNo)
          : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
