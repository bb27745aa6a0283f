package io.unipay.alipay.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The Alipay signing string and URL encoding rules (protocols §B1, §B4). */
public final class SignContent {
  private SignContent() {}

  /**
   * {@code k=v&...} over the parameters not in {@code excluded}, skipping empty keys and null or
   * empty values, sorted by key in Java {@link String} order, values raw (not URL-encoded).
   * Requests exclude only {@code sign}; notifications exclude {@code sign} and {@code sign_type}.
   */
  public static String of(Map<String, String> params, Set<String> excluded) {
    TreeMap<String, String> sorted = new TreeMap<>();
    params.forEach(
        (k, v) -> {
          if (k != null && !k.isEmpty() && v != null && !v.isEmpty() && !excluded.contains(k)) {
            sorted.put(k, v);
          }
        });
    StringBuilder sb = new StringBuilder(256);
    sorted.forEach(
        (k, v) -> {
          if (sb.length() > 0) sb.append('&');
          sb.append(k).append('=').append(v);
        });
    return sb.toString();
  }

  /** {@code URLEncoder.encode(value, UTF-8)}: space becomes {@code +}, as the official SDK does. */
  public static String urlEncode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** {@code k=v&...} with URL-encoded keys and values, in the map's order, skipping empty values. */
  public static String query(Map<String, String> params) {
    StringBuilder sb = new StringBuilder(512);
    params.forEach(
        (k, v) -> {
          if (v == null || v.isEmpty()) return;
          if (sb.length() > 0) sb.append('&');
          sb.append(urlEncode(k)).append('=').append(urlEncode(v));
        });
    return sb.toString();
  }
}
