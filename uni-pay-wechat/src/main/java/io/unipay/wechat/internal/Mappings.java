package io.unipay.wechat.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
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

/** Maps WeChat Pay JSON (transactions, refunds) to the provider-neutral results. */
public final class Mappings {
  /** China Standard Time: WeChat Pay writes and expects {@code +08:00}, never {@code Z}. */
  public static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

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
      default -> throw new IllegalArgumentException("unknown trade_state " + tradeState);
    };
  }

  /** A refund status from {@code status} (API) or {@code refund_status} (notification). */
  public static RefundStatus refundStatus(String status) {
    return switch (status) {
      case "PROCESSING" -> RefundStatus.PROCESSING;
      case "SUCCESS" -> RefundStatus.SUCCESS;
      case "CLOSED" -> RefundStatus.CLOSED;
      case "ABNORMAL" -> RefundStatus.ABNORMAL;
      default -> throw new IllegalArgumentException("unknown refund status " + status);
    };
  }

  /**
   * A trade from a transaction object (query answer or decrypted notification).
   *
   * @param raw the verified JSON text, kept as the original data
   * @throws IllegalArgumentException when a required field is missing or unknown
   */
  public static TradeSnapshot trade(JsonNode t, String raw) {
    String outTradeNo = required(t, "out_trade_no");
    TradeState state = tradeState(required(t, "trade_state"));
    JsonNode amount = t.path("amount");
    long total = amount.path("total").isIntegralNumber() ? amount.path("total").asLong() : -1;
    String currency = optional(amount, "currency");
    return new TradeSnapshot(
        outTradeNo,
        state,
        optional(t, "transaction_id"),
        total,
        currency == null ? "CNY" : currency,
        optional(t, "appid"),
        optional(t, "mchid"),
        optional(t.path("payer"), "openid"),
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
    JsonNode amount = r.path("amount");
    long refunded = amount.path("refund").isIntegralNumber() ? amount.path("refund").asLong() : -1;
    return new RefundSnapshot(
        optional(r, "out_trade_no"),
        required(r, "out_refund_no"),
        optional(r, "refund_id"),
        refundStatus(status),
        refunded,
        instant(optional(r, "success_time")),
        raw);
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
      throw new IllegalArgumentException("time is not RFC 3339: " + rfc3339, e);
    }
  }

  static String required(JsonNode node, String field) {
    String value = optional(node, field);
    if (value == null || value.isEmpty()) throw new IllegalArgumentException(field + " missing");
    return value;
  }

  static String optional(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
  }
}
