package io.unipay.alipay.bill;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.internal.FixedTimes;
import io.unipay.core.internal.LogSafe;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The field rules of Alipay's bill CSVs: comma-separated fields, a field that starts with {@code
 * "} is quoted ({@code ""} inside is one quote; it may not span lines), one trailing tab (Alipay's
 * guard against spreadsheets reading ids as numbers) is dropped; exact yuan amounts; China-time
 * timestamps; and the {@code BILL_MALFORMED} messages that name the file, line and column.
 */
final class BillText {
  /** Asia/Shanghai: UTC+8 all year (no daylight saving since 1991). */
  static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

  private static final int MAX_INTEGER_DIGITS = 13;

  private final String what;

  /** @param what the file, for messages, e.g. {@code Alipay trade bill 2026-01-02 (业务明细)} */
  BillText(String what) {
    this.what = what;
  }

  String what() {
    return what;
  }

  UniPayException malformed(long line, String column, String issue) {
    return new UniPayException(
        ErrorCode.BILL_MALFORMED,
        what + ", line " + line + (column == null ? "" : ", column " + column) + ": " + issue);
  }

  UniPayException malformed(String issue, Throwable cause) {
    return new UniPayException(ErrorCode.BILL_MALFORMED, what + ": " + issue, cause);
  }

  /** The fields of a line, unquoted, each without its one trailing tab. */
  List<String> fields(long line, String text, int expected) {
    List<String> fields = new ArrayList<>(expected);
    int i = 0;
    int n = text.length();
    while (true) {
      String field;
      if (i < n && text.charAt(i) == '"') {
        StringBuilder b = new StringBuilder();
        int k = i + 1;
        while (true) {
          if (k >= n) {
            throw malformed(line, "#" + (fields.size() + 1), "a quoted field is not closed");
          }
          char c = text.charAt(k);
          if (c == '"') {
            if (k + 1 < n && text.charAt(k + 1) == '"') {
              b.append('"');
              k += 2;
              continue;
            }
            k++;
            break;
          }
          b.append(c);
          k++;
        }
        if (k < n && text.charAt(k) == '\t') k++;
        if (k < n && text.charAt(k) != ',') {
          throw malformed(line, "#" + (fields.size() + 1), "text after a quoted field");
        }
        field = b.toString();
        i = k;
      } else {
        int comma = text.indexOf(',', i);
        int end = comma < 0 ? n : comma;
        field = text.substring(i, end);
        if (field.endsWith("\t")) field = field.substring(0, field.length() - 1);
        if (field.indexOf('"') >= 0) {
          throw malformed(line, "#" + (fields.size() + 1), "a quote inside an unquoted field");
        }
        i = end;
      }
      fields.add(field);
      if (i >= n) break;
      i++; // the comma
      if (i == n) {
        fields.add("");
        break;
      }
    }
    if (fields.size() != expected) {
      throw malformed(
          line, null, "the line has " + fields.size() + " fields, the header has " + expected);
    }
    return fields;
  }

  /** Exact yuan in fen: optional minus sign, at most 2 decimals, no exponent or grouping. */
  long fen(long line, String column, String text) {
    int i = text.startsWith("-") ? 1 : 0;
    int dot = text.indexOf('.', i);
    int integerEnd = dot < 0 ? text.length() : dot;
    int digits = integerEnd - i;
    if (digits < 1 || digits > MAX_INTEGER_DIGITS || (digits > 1 && text.charAt(i) == '0')) {
      throw notAmount(line, column, text);
    }
    int fraction = dot < 0 ? 0 : text.length() - dot - 1;
    if (dot >= 0 && (fraction < 1 || fraction > 2)) throw notAmount(line, column, text);
    for (int k = i; k < text.length(); k++) {
      char c = text.charAt(k);
      if (k != dot && (c < '0' || c > '9')) throw notAmount(line, column, text);
    }
    return new BigDecimal(text).movePointRight(2).longValueExact();
  }

  private UniPayException notAmount(long line, String column, String text) {
    return malformed(line, column, "not an exact yuan amount: " + LogSafe.quote(text));
  }

  /** A count: decimal digits. */
  long count(long line, String column, String text) {
    if (text.isEmpty() || text.length() > 12 || !text.chars().allMatch(Character::isDigit)
        || (text.length() > 1 && text.charAt(0) == '0')) {
      throw malformed(line, column, "not a count: " + LogSafe.quote(text));
    }
    return Long.parseLong(text);
  }

  /** {@code yyyy-MM-dd HH:mm:ss} in China time. */
  Instant time(long line, String column, String text) {
    Instant instant = FixedTimes.local(text, CHINA);
    if (instant == null) {
      throw malformed(line, column, "not a time (yyyy-MM-dd HH:mm:ss): " + LogSafe.quote(text));
    }
    return instant;
  }

  String required(long line, String column, String text) {
    if (text.isEmpty()) throw malformed(line, column, "empty");
    return text;
  }

  /** A stated total that must equal what the lines add up to. */
  void same(long line, String column, long stated, long computed, boolean money) {
    if (stated != computed) {
      throw malformed(line, column, "the bill states " + (money ? yuan(stated) : stated)
          + ", the 业务明细 lines add up to " + (money ? yuan(computed) : computed));
    }
  }

  static String yuan(long fen) {
    return BigDecimal.valueOf(fen, 2).toPlainString();
  }
}
