package io.unipay.testkit.alipay;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Form/query encoding and the two Alipay signing contents, from protocols §B1 and §B4. */
final class SimForm {
  private SimForm() {}

  /** Decodes {@code a=b&c=d} (query string or form body) into {@code into}; later values win. */
  static Map<String, String> decode(String encoded, Map<String, String> into) {
    if (encoded == null || encoded.isEmpty()) return into;
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      into.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return into;
  }

  static Map<String, String> decode(String encoded) {
    return decode(encoded, new LinkedHashMap<>());
  }

  static String encode(Map<String, String> fields) {
    return encode(fields, StandardCharsets.UTF_8);
  }

  /** URL-encodes in {@code charset} (e.g. GBK, as the gateway does for GBK apps). */
  static String encode(Map<String, String> fields, java.nio.charset.Charset charset) {
    StringBuilder sb = new StringBuilder();
    fields.forEach(
        (k, v) -> {
          if (v == null) return;
          if (sb.length() > 0) sb.append('&');
          sb.append(URLEncoder.encode(k, charset)).append('=').append(URLEncoder.encode(v, charset));
        });
    return sb.toString();
  }

  /** Request content (V2): everything but {@code sign}; {@code sign_type} stays. */
  static String requestContent(Map<String, String> params) {
    return content(params, Set.of("sign"));
  }

  /** Notification content (V1): everything but {@code sign} and {@code sign_type}. */
  static String notifyContent(Map<String, String> fields) {
    return content(fields, Set.of("sign", "sign_type"));
  }

  private static String content(Map<String, String> params, Set<String> skip) {
    TreeMap<String, String> sorted = new TreeMap<>();
    params.forEach(
        (k, v) -> {
          if (!skip.contains(k) && k != null && !k.isEmpty() && v != null && !v.isEmpty()) {
            sorted.put(k, v);
          }
        });
    StringBuilder sb = new StringBuilder();
    sorted.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(k).append('=').append(v));
    return sb.toString();
  }
}
