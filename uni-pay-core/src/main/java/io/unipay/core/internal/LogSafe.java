package io.unipay.core.internal;

/**
 * Makes unverified text safe to put in a log line: control characters (CR, LF, tabs, NUL, the
 * C1 range, U+2028/U+2029) become {@code \\uXXXX} escapes, backslashes are doubled, and the result
 * is cut at a bounded length, so a value an attacker chose can never start a forged log line.
 * Use it for every value that did not pass a signature check.
 */
public final class LogSafe {
  /** Longest output, in chars, before the {@code …} cut mark. */
  public static final int MAX_CHARS = 128;

  private LogSafe() {}

  /** {@code value} escaped and bounded, in double quotes; {@code null} for null. */
  public static String quote(String value) {
    if (value == null) return "null";
    StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_CHARS) + 8).append('"');
    int n = Math.min(value.length(), MAX_CHARS);
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c == '\\') {
        out.append("\\\\");
      } else if (c == '"') {
        out.append("\\\"");
      } else if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029'
          || Character.isSurrogate(c) && !validSurrogateAt(value, i)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (value.length() > MAX_CHARS) out.append('…');
    return out.append('"').toString();
  }

  private static boolean validSurrogateAt(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
