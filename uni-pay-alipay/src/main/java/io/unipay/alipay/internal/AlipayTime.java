package io.unipay.alipay.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/** Alipay's {@code yyyy-MM-dd HH:mm:ss} timestamps, always in GMT+8. */
public final class AlipayTime {
  /** China Standard Time, the zone of every Alipay timestamp. */
  public static final ZoneOffset GMT8 = ZoneOffset.ofHours(8);

  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  // gmt_refund carries milliseconds ("2015-04-28 15:45:57.320"); accept an optional fraction.
  private static final DateTimeFormatter PARSE =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .toFormatter();

  private AlipayTime() {}

  public static String format(Instant instant) {
    return FORMAT.format(instant.atOffset(GMT8));
  }

  /** Parses a GMT+8 timestamp; null or blank gives null. */
  public static Instant parse(String text) {
    if (text == null || text.isBlank()) return null;
    Instant fast = plainSeconds(text);
    if (fast != null) return fast;
    try {
      return LocalDateTime.parse(text, PARSE).toInstant(GMT8);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not an Alipay timestamp (yyyy-MM-dd HH:mm:ss): '" + text + "'", e);
    }
  }

  /**
   * {@code yyyy-MM-dd HH:mm:ss} exactly, without the formatter machinery; null for anything else
   * (fractions, malformed text), which the full parser then handles.
   */
  private static Instant plainSeconds(String s) {
    if (s.length() != 19
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != ' '
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) return null;
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(GMT8);
    } catch (java.time.DateTimeException e) {
      return null;
    }
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
