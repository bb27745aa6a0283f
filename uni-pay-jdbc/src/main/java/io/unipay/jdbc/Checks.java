package io.unipay.jdbc;

import io.unipay.core.UniPayException;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.spi.OrderRepository.PaidUpdate;
import java.util.regex.Pattern;

/**
 * Validation of values before they reach SQL, so that an identifier or text that the columns cannot
 * hold fails with {@code INVALID_ARGUMENT} naming the field, instead of a database error or (on a
 * lenient MySQL) silent truncation.
 */
final class Checks {
  static final Pattern OUT_TRADE_NO = Pattern.compile("[0-9A-Za-z]{1,32}");
  static final Pattern ORDER_NO = Pattern.compile("[0-9A-Za-z_-]{1,64}");
  static final Pattern OUT_REFUND_NO = Pattern.compile("[0-9A-Za-z_\\-|*@]{1,64}");

  /** Upper bound of {@code custom} and {@code original_data}, in characters. */
  static final int MAX_LARGE_TEXT = 1_000_000;

  private Checks() {}

  static String outTradeNo(String value) {
    return identifier("out_trade_no", value, OUT_TRADE_NO, "1..32 chars of [0-9A-Za-z]");
  }

  static String orderNo(String value) {
    return identifier("order_no", value, ORDER_NO, "1..64 chars of [0-9A-Za-z_-]");
  }

  static String outRefundNo(String value) {
    return identifier("out_refund_no", value, OUT_REFUND_NO, "1..64 chars of [0-9A-Za-z_-|*@]");
  }

  /** Whether a lookup key could exist at all (lookups of impossible keys find nothing). */
  static boolean possible(Pattern pattern, String value) {
    return value != null && pattern.matcher(value).matches();
  }

  static void order(PayOrder order) {
    outTradeNo(order.outTradeNo());
    orderNo(order.orderNo());
    text("type", order.type(), 64);
    text("currency", order.currency(), 8);
    text("description", order.description(), 256);
    text("user_id", order.userId(), 64);
    text("openid", order.openid(), 128);
    text("client_ip", order.clientIp(), 64);
    text("provider_appid", order.providerAppId(), 64);
    text("mch_id", order.mchId(), 64);
    text("transaction_id", order.transactionId(), 64);
    text("custom", order.custom(), MAX_LARGE_TEXT);
    text("original_data", order.originalData(), MAX_LARGE_TEXT);
  }

  static void paid(PaidUpdate paid) {
    text("transaction_id", paid.transactionId(), 64);
    text("openid (payerId)", paid.payerId(), 128);
    text("original_data", paid.originalData(), MAX_LARGE_TEXT);
  }

  static void refund(Refund refund) {
    outRefundNo(refund.outRefundNo());
    outTradeNo(refund.outTradeNo());
    text("reason", refund.reason(), 256);
    text("refund_id", refund.refundId(), 64);
  }

  /** A refund outcome to record: a final status, a well-formed key, a refund id that fits. */
  static void refundCompletion(String outRefundNo, RefundStatus outcome, String refundId) {
    if (outcome == null) throw new NullPointerException("outcome == null");
    if (outcome == RefundStatus.PROCESSING) {
      throw new IllegalArgumentException("outcome must be final: " + outcome);
    }
    outRefundNo(outRefundNo);
    text("refund_id", refundId, 64);
  }

  static void text(String field, String value, int maxChars) {
    if (value == null || value.length() <= maxChars) return;
    int chars = value.codePointCount(0, value.length());
    if (chars > maxChars) {
      throw UniPayException.invalid(
          field + " is " + chars + " characters long; the column holds at most " + maxChars);
    }
  }

  static void positive(String name, int value) {
    if (value <= 0) throw new IllegalArgumentException(name + " <= 0: " + value);
  }

  private static String identifier(String field, String value, Pattern pattern, String rule) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw UniPayException.invalid(field + " must be " + rule + ": " + quote(value));
    }
    return value;
  }

  private static String quote(String value) {
    if (value == null) return "null";
    if (value.length() <= 80) return "'" + value + "'";
    return "'" + value.substring(0, 80) + "…' (" + value.length() + " chars)";
  }
}
