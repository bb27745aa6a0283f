package io.unipay.core.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Parses the two fixed timestamp layouts the providers send on every notification without the
 * {@code DateTimeFormatter} machinery (measured at a fifth of a notification's parsing time):
 * {@code yyyy-MM-ddTHH:mm:ss±hh:mm} (WeChat, RFC 3339) and {@code yyyy-MM-dd HH:mm:ss} in a known
 * zone (Alipay, GMT+8). Anything else gives null, and the caller falls back to the full parser.
 */
public final class FixedTimes {
  private FixedTimes() {}

  /** {@code yyyy-MM-ddTHH:mm:ss±hh:mm} exactly, or null. */
  public static Instant withOffset(String s) {
    if (s == null || s.length() != 25 || !dateTime(s, 'T')) return null;
    char sign = s.charAt(19);
    if ((sign != '+' && sign != '-') || s.charAt(22) != ':') return null;
    int hours = digits(s, 20, 2);
    int minutes = digits(s, 23, 2);
    if ((hours | minutes) < 0) return null;
    int factor = sign == '-' ? -1 : 1;
    try {
      return local(s).toInstant(ZoneOffset.ofHoursMinutes(factor * hours, factor * minutes));
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** {@code yyyy-MM-dd HH:mm:ss} exactly, read in {@code zone}, or null. */
  public static Instant local(String s, ZoneOffset zone) {
    if (s == null || s.length() != 19 || !dateTime(s, ' ')) return null;
    try {
      return local(s).toInstant(zone);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** Whether the first 19 chars have the separators of {@code yyyy-MM-dd?HH:mm:ss} and digits. */
  private static boolean dateTime(String s, char separator) {
    return s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == separator
        && s.charAt(13) == ':' && s.charAt(16) == ':'
        && (digits(s, 0, 4) | digits(s, 5, 2) | digits(s, 8, 2) | digits(s, 11, 2)
                | digits(s, 14, 2) | digits(s, 17, 2)) >= 0;
  }

  private static LocalDateTime local(String s) {
    return LocalDateTime.of(
        digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2),
        digits(s, 11, 2), digits(s, 14, 2), digits(s, 17, 2));
  }

  /** The decimal value of {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return -1;
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
