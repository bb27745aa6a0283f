package io.unipay.wechat.bill;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.internal.FixedTimes;
import io.unipay.core.internal.LogSafe;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The field rules shared by WeChat Pay's trade and fund-flow bills: backtick-prefixed fields,
 * exact yuan amounts, China-time timestamps, and the {@code BILL_MALFORMED} messages that name the
 * line and the column.
 */
final class BillText {
  /** Asia/Shanghai: UTC+8 all year (no daylight saving since 1991). */
  static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

  /** The most integer digits an amount may have (10^15 fen is far beyond any real bill). */
  private static final int MAX_INTEGER_DIGITS = 13;

  private final String what;

  /** @param what the bill, for messages, e.g. {@code WeChat Pay trade bill 2026-01-02} */
  BillText(String what) {
    this.what = what;
  }

  String what() {
    return what;
  }

  /** {@code BILL_MALFORMED} about a line (and a column, when not null). */
  UniPayException malformed(long line, String column, String issue) {
    return new UniPayException(
        ErrorCode.BILL_MALFORMED,
        what + ", line " + line + (column == null ? "" : ", column " + column) + ": " + issue);
  }

  /** {@code BILL_MALFORMED} for a line the reader refused or a stream that broke. */
  UniPayException malformed(String issue, Throwable cause) {
    return new UniPayException(ErrorCode.BILL_MALFORMED, what + ": " + issue, cause);
  }

  /**
   * Splits a data line into its fields: every field starts with a backtick and fields are
   * separated by a comma, so the separator is the two characters {@code ,`}. A comma inside a
   * field (e.g. in a product name) stays in the field; the leading backtick is removed.
   */
  List<String> fields(long line, String text, int expected, List<String> columns) {
    if (text.isEmpty() || text.charAt(0) != '`') {
      throw malformed(line, columns.get(0), "the field does not start with a backtick (`)");
    }
    List<String> fields = new ArrayList<>(expected);
    int start = 1;
    while (true) {
      int separator = text.indexOf(",`", start);
      if (separator < 0) {
        fields.add(text.substring(start));
        break;
      }
      fields.add(text.substring(start, separator));
      start = separator + 2;
    }
    if (fields.size() != expected) {
      throw malformed(
          line, null, "the line has " + fields.size() + " fields, the header has " + expected);
    }
    return fields;
  }

  /**
   * An amount in yuan, exactly, in fen: optional minus sign (only when {@code signed}), no
   * exponent, no grouping, at most {@code decimals} decimals; digits after the second decimal must
   * be zero (WeChat writes fees as {@code 0.06000}: still whole fen).
   */
  long fen(long line, String column, String text, int decimals, boolean signed) {
    int i = 0;
    boolean negative = false;
    if (signed && text.startsWith("-")) {
      negative = true;
      i = 1;
    }
    int dot = text.indexOf('.', i);
    int integerEnd = dot < 0 ? text.length() : dot;
    int integerDigits = integerEnd - i;
    if (integerDigits < 1 || integerDigits > MAX_INTEGER_DIGITS) throw notAmount(line, column, text);
    if (integerDigits > 1 && text.charAt(i) == '0') throw notAmount(line, column, text);
    long fen = 0;
    for (int k = i; k < integerEnd; k++) {
      char c = text.charAt(k);
      if (c < '0' || c > '9') throw notAmount(line, column, text);
      fen = fen * 10 + (c - '0');
    }
    fen *= 100;
    if (dot >= 0) {
      int fractionDigits = text.length() - dot - 1;
      if (fractionDigits < 1 || fractionDigits > decimals) throw notAmount(line, column, text);
      for (int k = 0; k < fractionDigits; k++) {
        char c = text.charAt(dot + 1 + k);
        if (c < '0' || c > '9') throw notAmount(line, column, text);
        if (k == 0) fen += (c - '0') * 10L;
        else if (k == 1) fen += c - '0';
        else if (c != '0') {
          throw malformed(line, column, "not a whole number of fen: " + LogSafe.quote(text));
        }
      }
    }
    return negative ? -fen : fen;
  }

  private UniPayException notAmount(long line, String column, String text) {
    return malformed(line, column, "not an exact yuan amount: " + LogSafe.quote(text));
  }

  /** A count: digits, optionally followed by {@code .0} (as in WeChat's own fund-flow sample). */
  long count(long line, String column, String text) {
    String digits = text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    if (digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(Character::isDigit)
        || (digits.length() > 1 && digits.charAt(0) == '0')) {
      throw malformed(line, column, "not a count: " + LogSafe.quote(text));
    }
    return Long.parseLong(digits);
  }

  /** {@code yyyy-MM-dd HH:mm:ss} in China time. */
  Instant time(long line, String column, String text) {
    Instant instant = FixedTimes.local(text, CHINA);
    if (instant == null) {
      throw malformed(line, column, "not a time (yyyy-MM-dd HH:mm:ss): " + LogSafe.quote(text));
    }
    return instant;
  }

  /** A required non-empty field. */
  String required(long line, String column, String text) {
    if (text.isEmpty()) throw malformed(line, column, "empty");
    return text;
  }

  /** A stated total that must equal what the lines add up to. */
  void same(long line, String column, long stated, long computed, boolean money) {
    if (stated != computed) {
      throw malformed(
          line,
          column,
          "the bill states "
              + (money ? yuan(stated) : Long.toString(stated))
              + ", its lines add up to "
              + (money ? yuan(computed) : Long.toString(computed)));
    }
  }

  static String yuan(long fen) {
    return java.math.BigDecimal.valueOf(fen, 2).toPlainString();
  }
}
