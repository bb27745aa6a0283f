package io.unipay.testkit.wechat;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A WeChat Pay notification as it would arrive over HTTP: the {@code Wechatpay-*} headers (names
 * spelled exactly as WeChat Pay writes them) and the raw body bytes the signature covers. Use it to
 * drive a notification endpoint without HTTP, or tamper with it ({@link #withHeader}, {@link
 * #withBody}) to test rejection.
 *
 * @param headers header name to value, in sending order
 * @param body the raw JSON body
 */
public record SignedNotification(Map<String, String> headers, byte[] body) {

  public SignedNotification {
    requireNonNull(headers, "headers == null");
    requireNonNull(body, "body == null");
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    body = body.clone();
  }

  /** The raw body (a copy). */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The body as UTF-8 text. */
  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** A header's value, matched case-insensitively, or null. */
  public String header(String name) {
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
    }
    return null;
  }

  /** A copy with {@code name} set to {@code value} (replacing any spelling of it). */
  public SignedNotification withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>();
    boolean replaced = false;
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        copy.put(e.getKey(), value);
        replaced = true;
      } else {
        copy.put(e.getKey(), e.getValue());
      }
    }
    if (!replaced) copy.put(name, value);
    return new SignedNotification(copy, body);
  }

  /** A copy without the header {@code name}. */
  public SignedNotification withoutHeader(String name) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.keySet().removeIf(k -> k.equalsIgnoreCase(name));
    return new SignedNotification(copy, body);
  }

  /** A copy with another body (the signature headers are kept, so it no longer verifies). */
  public SignedNotification withBody(byte[] newBody) {
    return new SignedNotification(headers, newBody);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedNotification other
        && headers.equals(other.headers)
        && java.util.Arrays.equals(body, other.body);
  }

  @Override
  public int hashCode() {
    return 31 * headers.hashCode() + java.util.Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "SignedNotification{" + headers + ", " + body.length + " bytes}";
  }
}
