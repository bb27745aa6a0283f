package io.unipay.core.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Identifier rules and the default out_trade_no / out_refund_no source: a 14-digit UTC time prefix
 * (so numbers sort by creation) and 18 random base-62 characters (~107 bits), 32 chars in all.
 */
public final class Ids {
  /** out_trade_no: ≤ 32 chars of [0-9A-Za-z]. */
  public static final Pattern OUT_TRADE_NO = Pattern.compile("[0-9A-Za-z]{1,32}");
  /** order_no / out_refund_no: 1..64 chars of [0-9A-Za-z_-]. */
  public static final Pattern ORDER_NO = Pattern.compile("[0-9A-Za-z_-]{1,64}");
  /** type: 1..32 chars of [0-9A-Za-z_-]. */
  public static final Pattern TYPE = Pattern.compile("[0-9A-Za-z_-]{1,32}");

  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final DateTimeFormatter PREFIX =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  /** A generator of 32-char, time-prefixed, random identifiers. */
  public static Supplier<String> timeOrdered(Clock clock) {
    return () -> {
      StringBuilder sb = new StringBuilder(32).append(PREFIX.format(clock.instant()));
      for (int i = 0; i < 18; i++) sb.append(BASE62[RANDOM.nextInt(BASE62.length)]);
      return sb.toString();
    };
  }
}
