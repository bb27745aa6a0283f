package io.unipay.alipay.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.unipay.core.UniPayException;
import io.unipay.core.internal.LogSafe;
import java.time.Instant;

/**
 * One answer of the gateway: the {@code <method>_response} object, either signed and verified or
 * an unsigned error (which is never trusted for anything but "it failed").
 */
public final class Answer {
  private final String method;
  private final String where;
  private final boolean idempotent;
  private final boolean verified;
  private final String content;
  private final JsonNode node;

  Answer(
      String method,
      String where,
      boolean idempotent,
      boolean verified,
      String content,
      JsonNode node) {
    this.method = method;
    this.where = where;
    this.idempotent = idempotent;
    this.verified = verified;
    this.content = content;
    this.node = node;
  }

  /** The gateway method this answers, e.g. {@code alipay.trade.query}. */
  public String method() {
    return method;
  }

  /** Whether the answer carried a sign that verified. */
  public boolean verified() {
    return verified;
  }

  /** Code 10000 (always signed and verified). */
  public boolean isOk() {
    return verified && "10000".equals(node.path("code").asText());
  }

  /** A signed, verified business error with this {@code sub_code}; unsigned errors never match. */
  public boolean verifiedSubCode(String subCode) {
    return verified && subCode.equals(node.path("sub_code").asText());
  }

  /** The {@code code} field as sent ("" when absent). */
  public String code() {
    return node.path("code").asText("");
  }

  /** The {@code sub_code} field as sent ("" when absent). */
  public String subCode() {
    return node.path("sub_code").asText("");
  }

  /** Returns when the answer is code 10000; otherwise throws what {@link AlipayErrors} maps. */
  public void requireOk() {
    if (isOk()) return;
    throw AlipayErrors.failure(this);
  }

  /** A required string field of a successful answer. */
  public String text(String field) {
    String value = optionalText(field);
    if (value == null) throw malformed("missing " + field);
    return value;
  }

  /** A string field, or null when absent, null or empty. */
  public String optionalText(String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }

  /** A required yuan amount ({@code 0 <= x <= 100000000}, at most 2 decimals), in fen. */
  public long fen(String field) {
    try {
      return Yuan.toFen(text(field));
    } catch (NumberFormatException e) {
      throw malformed(field + ": " + e.getMessage());
    }
  }

  /** A required yuan amount that must be greater than zero, in fen. */
  public long positiveFen(String field) {
    long fen = fen(field);
    if (fen <= 0) throw malformed(field + " must be greater than 0: " + LogSafe.quote(text(field)));
    return fen;
  }

  /** An optional yuan amount in fen, or -1 when absent. */
  public long optionalFen(String field) {
    return optionalText(field) == null ? -1 : fen(field);
  }

  /** A GMT+8 timestamp field, or null when absent. */
  public Instant time(String field) {
    try {
      return AlipayTime.parse(optionalText(field));
    } catch (IllegalArgumentException e) {
      throw malformed(field + ": " + e.getMessage());
    }
  }

  /** The raw, verified response object, as Alipay sent it. */
  public String content() {
    return content;
  }

  /** Where the answer came from, for messages: method and out_trade_no. */
  public String where() {
    return where;
  }

  boolean idempotent() {
    return idempotent;
  }

  /** A signed answer that cannot be used: {@code OUTCOME_UNKNOWN}/{@code PROVIDER_UNAVAILABLE}. */
  public UniPayException malformed(String what) {
    return Gateway.failure(idempotent, "Alipay response to " + where + " is unusable: " + what, null);
  }

  /**
   * A signed answer about another object than the one asked about (design §14.4): always {@code
   * OUTCOME_UNKNOWN}, whatever the call, because nothing may be concluded from it.
   */
  public UniPayException mismatch(String field, String asked, String answered) {
    return new UniPayException(
        io.unipay.core.ErrorCode.OUTCOME_UNKNOWN,
        "Alipay answer to " + where + " is about " + field + " " + LogSafe.quote(answered)
            + ", not the requested " + LogSafe.quote(asked)
            + ": ignored (a replayed or misrouted answer); the outcome is unknown, query again");
  }
}
