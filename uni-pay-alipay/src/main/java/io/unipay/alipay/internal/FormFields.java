package io.unipay.alipay.internal;

import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes an {@code application/x-www-form-urlencoded} body with the charset the body itself names
 * in its {@code charset} field (Alipay notifications), UTF-8 when absent.
 */
public final class FormFields {
  private FormFields() {}

  /**
   * The decoded fields in body order.
   *
   * @throws IllegalArgumentException when a name repeats, the charset is unknown or the escaping is
   *     malformed; the message never repeats the body
   */
  public static Map<String, String> decode(byte[] body) {
    // URL-encoded bodies are ASCII; decode the bytes later with the declared charset.
    String ascii = new String(body, StandardCharsets.ISO_8859_1);
    String[] pairs = ascii.isEmpty() ? new String[0] : ascii.split("&");
    Charset charset = StandardCharsets.UTF_8;
    for (String pair : pairs) {
      if (pair.startsWith("charset=")) {
        String name = URLDecoder.decode(pair.substring(8), StandardCharsets.ISO_8859_1).strip();
        try {
          if (!name.isEmpty()) charset = Charset.forName(name);
        } catch (RuntimeException e) {
          throw new IllegalArgumentException("unsupported charset in the form: '" + name + "'");
        }
      }
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : pairs) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      String key = URLDecoder.decode(name, charset);
      if (fields.put(key, URLDecoder.decode(value, charset)) != null) {
        throw new IllegalArgumentException("the form repeats the field '" + key + "'");
      }
    }
    return fields;
  }
}
