package io.unipay.alipay.internal;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
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
  private static final byte[] CHARSET_NAME = "charset=".getBytes(StandardCharsets.US_ASCII);

  private FormFields() {}

  /**
   * The decoded fields in body order.
   *
   * @throws IllegalArgumentException when a name repeats, the charset is unknown or the escaping is
   *     malformed; the message never repeats the body
   */
  public static Map<String, String> decode(byte[] body) {
    Charset charset = declaredCharset(body);
    Map<String, String> fields = new LinkedHashMap<>();
    int start = 0;
    while (start <= body.length) {
      int end = indexOf(body, (byte) '&', start, body.length);
      if (end > start) {
        int eq = indexOf(body, (byte) '=', start, end);
        String key = component(body, start, eq, charset);
        String value = eq < end ? component(body, eq + 1, end, charset) : "";
        if (fields.put(key, value) != null) {
          throw new IllegalArgumentException("the form repeats the field '" + key + "'");
        }
      }
      start = end + 1;
    }
    return fields;
  }

  /** The charset of the last {@code charset=} field, UTF-8 when there is none or it is empty. */
  private static Charset declaredCharset(byte[] body) {
    Charset charset = StandardCharsets.UTF_8;
    int start = 0;
    while (start <= body.length) {
      int end = indexOf(body, (byte) '&', start, body.length);
      if (startsWith(body, start, end, CHARSET_NAME)) {
        String name =
            component(body, start + CHARSET_NAME.length, end, StandardCharsets.ISO_8859_1).strip();
        try {
          if (!name.isEmpty()) charset = Charset.forName(name);
        } catch (RuntimeException e) {
          throw new IllegalArgumentException("unsupported charset in the form: '" + name + "'");
        }
      }
      start = end + 1;
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

  /** The first index of {@code b} in {@code body[from, to)}, or {@code to}. */
  private static int indexOf(byte[] body, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (body[i] == b) return i;
    }
    return to;
  }

  private static boolean startsWith(byte[] body, int from, int to, byte[] prefix) {
    if (to - from < prefix.length) return false;
    for (int i = 0; i < prefix.length; i++) {
      if (body[from + i] != prefix[i]) return false;
    }
    return true;
  }
}
