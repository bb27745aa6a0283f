package io.unipay.core;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An asynchronous notification exactly as the host's web layer received it: method, path, headers
 * and the <b>raw body bytes</b>. Signatures are verified over those bytes, so never re-encode the
 * body (no JSON or form round-trip) before building this. Header lookup is case-insensitive.
 *
 * @param method HTTP method, e.g. {@code POST}
 * @param path request path, e.g. {@code /pay/notify/wxpay/native}; routing uses its last two
 *     segments ({@code {provider}/{payType}}, {@code {provider}/refund} or {@code
 *     {provider}/transfer})
 * @param headers header name to values; names are matched case-insensitively
 * @param body the raw request body
 */
public record NotifyRequest(
    String method, String path, Map<String, List<String>> headers, byte[] body) {

  public NotifyRequest {
    requireNonNull(method, "method == null");
    requireNonNull(path, "path == null");
    requireNonNull(headers, "headers == null");
    requireNonNull(body, "body == null");
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach(
        (name, values) -> {
          if (name != null && values != null) {
            List<String> kept = copy.computeIfAbsent(name, n -> new ArrayList<>());
            for (String value : values) {
              if (value != null) kept.add(value); // host frameworks do produce null values
            }
          }
        });
    copy.replaceAll((name, values) -> List.copyOf(values));
    headers = Collections.unmodifiableMap(copy);
  }

  /** The first value of a header, matched case-insensitively. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The body decoded as UTF-8 (for providers whose messages are text). */
  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** A POST notification with single-valued headers; convenient for tests and simple hosts. */
  public static NotifyRequest post(String path, Map<String, String> headers, byte[] body) {
    Map<String, List<String>> multi = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach(
        (k, v) -> {
          if (k != null && v != null) multi.put(k, List.of(v));
        });
    return new NotifyRequest("POST", path, multi, body);
  }

  @Override
  public String toString() {
    // Never print the body: it may hold payer data. Length is enough to diagnose.
    return "NotifyRequest{" + method + " " + path + ", " + body.length + " bytes}";
  }
}
