package io.unipay.alipay.internal;

import io.unipay.core.internal.LogSafe;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes an {@code application/x-www-form-urlencoded} body with the charset the body itself names
 * in its {@code charset} field (Alipay notifications), UTF-8 when absent.
 *
 * <p>Same rules as {@link java.net.URLDecoder}: {@code +} is a space, runs of {@code %XX} are bytes
 * in the charset, any other byte stands for itself (as ISO-8859-1). Works on the bytes, one {@code
 * String} per field in the usual case (ASCII around the escapes); a notification has ~25 fields.
 */
public final class FormFields {
  private static final String CHARSET_FIELD = "charset=";

  private FormFields() {}

  /**
   * The decoded fields in body order.
   *
   * @throws IllegalArgumentException when a name repeats, the charset is unknown or the escaping is
   *     malformed; the message never repeats the body
   */
  public static Map<String, String> decode(byte[] body) {
    return read(body).fields();
  }

  /** A decoded form: the charset it declares and its fields in body order. */
  public record Form(Charset charset, Map<String, String> fields) {}

  /**
   * {@link #declaredCharset(byte[])} and {@link #decode(byte[])} in one pass over the body.
   *
   * @throws IllegalArgumentException as either of them
   */
  public static Form read(byte[] body) {
    // One Latin-1 view of the bytes: String.indexOf is vectorised, byte loops are not.
    String form = new String(body, StandardCharsets.ISO_8859_1);
    Charset charset = declaredCharset(body, form);
    // A notification has about 25 fields: sized so that it never rehashes.
    Map<String, String> fields = new LinkedHashMap<>(64);
    int nextPercent = -1;
    int nextPlus = -1;
    int start = 0;
    while (start <= body.length) {
      int end = indexOf(form, '&', start, body.length);
      if (end > start) {
        int eq = indexOf(form, '=', start, end);
        // The next escape positions only move forward, so the whole body is scanned once.
        if (nextPercent < start) nextPercent = indexOf(form, '%', start, body.length);
        if (nextPlus < start) nextPlus = indexOf(form, '+', start, body.length);
        String key;
        String value;
        if (nextPercent >= end && nextPlus >= end) {
          key = form.substring(start, eq);
          value = eq < end ? form.substring(eq + 1, end) : "";
        } else {
          key = component(body, start, eq, charset);
          value = eq < end ? component(body, eq + 1, end, charset) : "";
        }
        if (fields.put(key, value) != null) {
          throw new IllegalArgumentException("the form repeats the field " + LogSafe.quote(key));
        }
      }
      start = end + 1;
    }
    return new Form(charset, fields);
  }

  /**
   * The charset the body declares in its last {@code charset=} field, UTF-8 when there is none or
   * it is empty. Only the charsets Alipay uses are accepted: UTF-8, GBK, GB2312 and GB18030.
   *
   * @throws IllegalArgumentException for any other name (quoted with {@link LogSafe})
   */
  public static Charset declaredCharset(byte[] body) {
    return declaredCharset(body, new String(body, StandardCharsets.ISO_8859_1));
  }

  private static Charset declaredCharset(byte[] body, String form) {
    Charset charset = StandardCharsets.UTF_8;
    for (int at = form.indexOf(CHARSET_FIELD); at >= 0; at = form.indexOf(CHARSET_FIELD, at + 1)) {
      if (at > 0 && form.charAt(at - 1) != '&') continue;
      int end = indexOf(form, '&', at, body.length);
      String name =
          component(body, at + CHARSET_FIELD.length(), end, StandardCharsets.ISO_8859_1).strip();
      if (name.isEmpty()) continue;
      charset = switch (name.toUpperCase(Locale.ROOT)) {
        case "UTF-8", "UTF8" -> StandardCharsets.UTF_8;
        case "GBK" -> Charset.forName("GBK");
        case "GB2312" -> Charset.forName("GB2312");
        case "GB18030" -> Charset.forName("GB18030");
        default -> throw new IllegalArgumentException(
            "unsupported charset in the form: " + LogSafe.quote(name)
                + " (Alipay uses UTF-8, GBK, GB2312 or GB18030)");
      };
    }
    return charset;
  }

  /** The decoded text of {@code body[from, to)}. */
  private static String component(byte[] body, int from, int to, Charset charset) {
    boolean escaped = false;
    boolean rawNonAscii = false;
    for (int i = from; i < to; i++) {
      byte b = body[i];
      if (b == '%' || b == '+') escaped = true;
      else if (b < 0) rawNonAscii = true;
    }
    if (!escaped) return new String(body, from, to - from, StandardCharsets.ISO_8859_1);
    // ASCII around the escapes reads the same in any ASCII-compatible charset: decode once.
    if (!rawNonAscii) {
      byte[] bytes = new byte[to - from];
      int n = 0;
      for (int i = from; i < to; ) {
        byte b = body[i];
        if (b == '%') {
          bytes[n++] = unescape(body, i, to);
          i += 3;
        } else {
          bytes[n++] = b == '+' ? (byte) ' ' : b;
          i++;
        }
      }
      return new String(bytes, 0, n, charset);
    }
    // Raw bytes above 0x7F stand for themselves (ISO-8859-1), as in URLDecoder.
    StringBuilder out = new StringBuilder(to - from);
    byte[] run = new byte[(to - from) / 3 + 1];
    for (int i = from; i < to; ) {
      byte b = body[i];
      if (b == '%') {
        int n = 0;
        while (i < to && body[i] == '%') {
          run[n++] = unescape(body, i, to);
          i += 3;
        }
        out.append(new String(run, 0, n, charset));
      } else {
        out.append(b == '+' ? ' ' : (char) (b & 0xff));
        i++;
      }
    }
    return out.toString();
  }

  /** The byte of the {@code %XX} escape at {@code i}. */
  private static byte unescape(byte[] body, int i, int to) {
    if (i + 2 >= to) {
      throw new IllegalArgumentException("incomplete %-escape at the end of a form field");
    }
    int hi = Character.digit(body[i + 1], 16);
    int lo = Character.digit(body[i + 2], 16);
    if (hi < 0 || lo < 0) {
      throw new IllegalArgumentException("illegal hex characters in a form %-escape");
    }
    return (byte) ((hi << 4) | lo);
  }

  /** The first index of {@code c} in {@code form[from, to)}, or {@code to}. */
  private static int indexOf(String form, char c, int from, int to) {
    int at = form.indexOf(c, from);
    return at < 0 || at > to ? to : at;
  }
}
