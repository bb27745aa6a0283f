package io.unipay.alipay.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/** The Alipay signing string and URL encoding rules (protocols §B1, §B4). */
public final class SignContent {
  private SignContent() {}

  /**
   * {@code k=v&...} over the parameters not in {@code excluded}, skipping empty keys and null or
   * empty values, sorted by key in Java {@link String} order, values raw (not URL-encoded).
   * Requests exclude only {@code sign}; notifications exclude {@code sign} and {@code sign_type}.
   */
  public static String of(Map<String, String> params, Set<String> excluded) {
    // Sorting the ~25 names of an array is cheaper than a TreeMap of entries; same order.
    String[] names = new String[params.size()];
    int count = 0;
    int length = 0;
    for (Map.Entry<String, String> e : params.entrySet()) {
      String k = e.getKey();
      String v = e.getValue();
      if (k != null && !k.isEmpty() && v != null && !v.isEmpty() && !excluded.contains(k)) {
        names[count++] = k;
        length += k.length() + v.length() + 2;
      }
    }
    Arrays.sort(names, 0, count);
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < count; i++) {
      if (i > 0) sb.append('&');
      sb.append(names[i]).append('=').append(params.get(names[i]));
    }
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
