package io.unipay.alipay.internal;

import io.unipay.core.internal.LogSafe;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;

/** Alipay's {@code yyyy-MM-dd HH:mm:ss} timestamps, always in GMT+8. */
public final class AlipayTime {
  /** China Standard Time, the zone of every Alipay timestamp. */
  public static final ZoneOffset GMT8 = ZoneOffset.ofHours(8);

  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  // gmt_refund carries milliseconds ("2015-04-28 15:45:57.320"); accept an optional fraction.
  private static final DateTimeFormatter PARSE =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .toFormatter()
          .withResolverStyle(ResolverStyle.STRICT);

  private AlipayTime() {}

  public static String format(Instant instant) {
    return FORMAT.format(instant.atOffset(GMT8));
  }

  /**
   * Parses a GMT+8 timestamp strictly (no day-of-month clamping: {@code 2026-02-30} is rejected);
   * null or blank gives null.
   *
   * @throws IllegalArgumentException naming the (escaped) text when it is not such a timestamp
   */
  public static Instant parse(String text) {
    if (text == null || text.isBlank()) return null;
    Instant fast = io.unipay.core.internal.FixedTimes.local(text, GMT8);
    if (fast != null) return fast;
    try {
      return LocalDateTime.parse(text, PARSE).toInstant(GMT8);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "not an Alipay timestamp (yyyy-MM-dd HH:mm:ss): " + LogSafe.quote(text), e);
    }
  }
}
