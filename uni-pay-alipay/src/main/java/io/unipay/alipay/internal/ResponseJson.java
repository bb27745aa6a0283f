package io.unipay.alipay.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * The top level of an Alipay gateway response, read without re-serialising anything: each member
 * of the root object is kept as the <b>raw substring</b> of its value, so the signed content is
 * exactly the bytes Alipay signed (protocols §B3). Quote- and escape-aware; a root member that
 * appears twice is rejected, the same key nested inside a value is fine.
 */
public final class ResponseJson {
  private final String body;
  private final Map<String, int[]> members;

  private ResponseJson(String body, Map<String, int[]> members) {
    this.body = body;
    this.members = members;
  }

  /**
   * Scans the root object.
   *
   * @throws DuplicateMemberException when a root key repeats (a sign of tampering)
   * @throws IllegalArgumentException when the body is not a JSON object
   */
  public static ResponseJson parse(String body) {
    Scanner s = new Scanner(body);
    Map<String, int[]> members = new HashMap<>();
    s.skipWs();
    s.expect('{');
    s.skipWs();
    if (s.peek() == '}') return new ResponseJson(body, members);
    while (true) {
      s.skipWs();
      int keyStart = s.pos;
      s.skipString();
      String key = unquote(body.substring(keyStart, s.pos));
      s.skipWs();
      s.expect(':');
      s.skipWs();
      int valueStart = s.pos;
      s.skipValue();
      if (members.put(key, new int[] {valueStart, s.pos}) != null) {
        throw new DuplicateMemberException(key);
      }
      s.skipWs();
      char c = s.next();
      if (c == '}') break;
      if (c != ',') throw s.error("expected ',' or '}'");
    }
    s.skipWs();
    if (s.pos != body.length()) throw s.error("trailing data after the root object");
    return new ResponseJson(body, members);
  }

  /** The raw text of a root member's value, or null when absent. */
  public String raw(String key) {
    int[] span = members.get(key);
    return span == null ? null : body.substring(span[0], span[1]);
  }

  /** A root member that is a JSON string, decoded; null when absent or not a string. */
  public String string(String key) {
    String raw = raw(key);
    return raw == null || raw.isEmpty() || raw.charAt(0) != '"' ? null : unquote(raw);
  }

  /** A root member appears twice: the signed content would be ambiguous. */
  public static final class DuplicateMemberException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    DuplicateMemberException(String key) {
      super("response repeats the root member '" + key + "'");
    }
  }

  private static String unquote(String quoted) {
    StringBuilder sb = new StringBuilder(quoted.length());
    for (int i = 1; i < quoted.length() - 1; i++) {
      char c = quoted.charAt(i);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = quoted.charAt(++i);
      switch (e) {
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'u' -> {
          sb.append((char) Integer.parseInt(quoted.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> sb.append(e); // \" \\ \/
      }
    }
    return sb.toString();
  }

  private static final class Scanner {
    final String s;
    int pos;

    Scanner(String s) {
      this.s = s;
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException("malformed Alipay response at offset " + pos + ": " + what);
    }

    char peek() {
      if (pos >= s.length()) throw error("unexpected end");
      return s.charAt(pos);
    }

    char next() {
      char c = peek();
      pos++;
      return c;
    }

    void expect(char c) {
      if (next() != c) throw error("expected '" + c + "'");
    }

    void skipWs() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
    }

    void skipString() {
      expect('"');
      while (true) {
        char c = next();
        if (c == '\\') {
          next();
        } else if (c == '"') {
          return;
        }
      }
    }

    void skipValue() {
      char c = peek();
      if (c == '"') {
        skipString();
      } else if (c == '{' || c == '[') {
        int depth = 0;
        do {
          char d = peek();
          if (d == '"') {
            skipString();
            continue;
          }
          pos++;
          if (d == '{' || d == '[') depth++;
          else if (d == '}' || d == ']') depth--;
        } while (depth > 0);
      } else {
        int start = pos;
        while (pos < s.length() && ",}] \t\r\n".indexOf(s.charAt(pos)) < 0) pos++;
        if (pos == start) throw error("expected a value");
      }
    }
  }
}
