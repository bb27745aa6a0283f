package io.unipay.testkit.alipay;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A signed Alipay notification exactly as the gateway POSTs it: the raw form body and its content
 * type. Feed {@link #body()} to the code under test (e.g. a {@code NotifyRequest}) without
 * re-encoding it.
 *
 * @param body the URL-encoded form body (UTF-8)
 * @param contentType {@code application/x-www-form-urlencoded; charset=utf-8}
 * @param fields the decoded fields, in body order, including {@code sign_type} and {@code sign}
 */
public record SignedForm(byte[] body, String contentType, Map<String, String> fields) {
  public SignedForm {
    requireNonNull(body, "body == null");
    requireNonNull(contentType, "contentType == null");
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(fields, "fields == null")));
  }

  /** The body as text. */
  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The content type header as a single-entry map, handy for building a request. */
  public Map<String, String> headers() {
    return Map.of("Content-Type", contentType);
  }

  @Override
  public String toString() {
    return "SignedForm{" + body.length + " bytes, out_trade_no=" + fields.get("out_trade_no") + "}";
  }
}
