package io.unipay.wechat.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.internal.LogSafe;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.spi.RefundSnapshot;
import io.unipay.core.spi.TradeSnapshot;
import io.unipay.core.spi.TradeState;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;

/** Maps WeChat Pay JSON (transactions, refunds) to the provider-neutral results. */
public final class Mappings {
  /** China Standard Time: WeChat Pay writes and expects {@code +08:00}, never {@code Z}. */
  public static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

  /**
   * Every field {@link #trade} reads, for a notification's resource ({@link PartialTree}); keep in
   * step with {@link #trade}.
   */
  static final PartialTree TRADE_FIELDS =
      new PartialTree(
          Set.of(
              "out_trade_no",
              "trade_state",
              "amount",
              "transaction_id",
              "appid",
              "mchid",
              "payer",
              "success_time"),
          Map.of("amount", Set.of("total", "payer_total", "currency"), "payer", Set.of("openid")));

  /** Every field {@link #refund} reads, and {@code mchid}; keep in step with {@link #refund}. */
  static final PartialTree REFUND_FIELDS =
      new PartialTree(
          Set.of(
              "status",
              "refund_status",
              "amount",
              "out_trade_no",
              "out_refund_no",
              "refund_id",
              "success_time",
              "mchid"),
          Map.of("amount", Set.of("refund", "total", "payer_total", "payer_refund")));

  private Mappings() {}

  /**
   * {@code time_expire}: RFC 3339 at second precision in +08:00, e.g. {@code
   * 2018-06-08T10:34:56+08:00}.
   */
  public static String timeExpire(Instant instant) {
    return OffsetDateTime.ofInstant(instant, CHINA).truncatedTo(ChronoUnit.SECONDS).format(RFC3339);
  }

  /** A trade state from {@code trade_state}. */
  public static TradeState tradeState(String tradeState) {
    return switch (tradeState) {
      case "SUCCESS" -> TradeState.PAID;
      case "REFUND" -> TradeState.REFUNDED;
      case "NOTPAY", "PAYERROR" -> TradeState.NOT_PAID;
      case "USERPAYING" -> TradeState.PAYING;
      case "CLOSED", "REVOKED" -> TradeState.CLOSED;
      default ->
          throw new IllegalArgumentException("unknown trade_state " + LogSafe.quote(tradeState));
    };
  }

  /** A refund status from {@code status} (API) or {@code refund_status} (notification). */
  public static RefundStatus refundStatus(String status) {
    return switch (status) {
      case "PROCESSING" -> RefundStatus.PROCESSING;
      case "SUCCESS" -> RefundStatus.SUCCESS;
      case "CLOSED" -> RefundStatus.CLOSED;
      case "ABNORMAL" -> RefundStatus.ABNORMAL;
      default ->
          throw new IllegalArgumentException("unknown refund status " + LogSafe.quote(status));
    };
  }

  /**
   * A trade from a transaction object (query answer or decrypted notification).
   *
   * @param raw the verified JSON text, kept as the original data
   * @throws IllegalArgumentException when a required field is missing, of the wrong type or
   *     unknown, or an amount is not a JSON integer in range (see {@link #amount})
   */
  public static TradeSnapshot trade(JsonNode t, String raw) {
    String outTradeNo = required(t, "out_trade_no");
    TradeState state = tradeState(required(t, "trade_state"));
    JsonNode amount = object(t, "amount");
    long total = amount(amount, "total", true);
    amount(amount, "payer_total", false);
    if (total < 0 && (state == TradeState.PAID || state == TradeState.REFUNDED)) {
      throw new IllegalArgumentException("amount.total missing for a paid trade");
    }
    String currency = optional(amount, "currency");
    return new TradeSnapshot(
        outTradeNo,
        state,
        optional(t, "transaction_id"),
        total,
        currency == null ? "CNY" : currency,
        optional(t, "appid"),
        optional(t, "mchid"),
        optional(object(t, "payer"), "openid"),
        instant(optional(t, "success_time")),
        raw);
  }

  /**
   * A refund from a refund object (API answer: {@code status}; notification: {@code
   * refund_status}).
   */
  public static RefundSnapshot refund(JsonNode r, String raw) {
    String status = optional(r, "status");
    if (status == null) status = required(r, "refund_status");
    JsonNode amount = object(r, "amount");
    long refunded = amount(amount, "refund", false);
    amount(amount, "total", true);
    amount(amount, "payer_total", false);
    amount(amount, "payer_refund", false);
    return new RefundSnapshot(
        optional(r, "out_trade_no"),
        required(r, "out_refund_no"),
        optional(r, "refund_id"),
        refundStatus(status),
        refunded,
        instant(optional(r, "success_time")),
        raw);
  }

  /**
   * An amount in fen, or -1 when absent (or null). Present, it must be a JSON integer (not {@code
   * 1e2}, {@code 990.0} or a string) that fits in a long and is {@code >= 0}, or {@code > 0} for a
   * total; anything else throws, so a wrapped or truncated number can never settle.
   */
  static long amount(JsonNode amount, String field, boolean positive) {
    JsonNode value = amount.get(field);
    if (value == null || value.isNull()) return -1;
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new IllegalArgumentException(
          "amount."
              + field
              + " is not an integer number of fen: "
              + LogSafe.quote(value.toString()));
    }
    long fen = value.longValue();
    if (fen < 0 || (positive && fen == 0)) {
      throw new IllegalArgumentException("amount." + field + " out of range: " + fen);
    }
    return fen;
  }

  /** Wraps a mapping failure of a verified answer as {@code OUTCOME_UNKNOWN}. */
  public static UniPayException unexpected(String what, RuntimeException e) {
    return new UniPayException(
        ErrorCode.OUTCOME_UNKNOWN, what + ": unexpected WeChat Pay answer: " + e.getMessage(), e);
  }

  static Instant instant(String rfc3339) {
    if (rfc3339 == null || rfc3339.isEmpty()) return null;
    Instant fast = io.unipay.core.internal.FixedTimes.withOffset(rfc3339);
    if (fast != null) return fast;
    try {
      return OffsetDateTime.parse(rfc3339, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("time is not RFC 3339: " + LogSafe.quote(rfc3339), e);
    }
  }

  static String required(JsonNode node, String field) {
    String value = optional(node, field);
    if (value == null || value.isEmpty()) throw new IllegalArgumentException(field + " missing");
    return value;
  }

  /** A string field, or null when absent or JSON null; any other type throws. */
  static String optional(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) return null;
    if (!value.isTextual()) throw new IllegalArgumentException(field + " is not a string");
    return value.textValue();
  }

  /** An object field, or an empty node when absent or JSON null; any other type throws. */
  static JsonNode object(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull())
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    if (!value.isObject()) throw new IllegalArgumentException(field + " is not an object");
    return value;
  }
}
