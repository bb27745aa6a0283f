package io.unipay.alipay.internal;

import io.unipay.core.ErrorCode;
import io.unipay.core.NotifyRejectedException;
import io.unipay.core.internal.LogSafe;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.core.spi.RefundSnapshot;
import io.unipay.core.spi.TradeSnapshot;
import io.unipay.core.spi.TradeState;
import java.nio.charset.Charset;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies Alipay asynchronous notifications (protocols §B4): form body decoded with its own
 * {@code charset} (UTF-8, GBK, GB2312 or GB18030), V1 signature content (without {@code sign} and
 * {@code sign_type}) verified over its bytes <b>in that charset</b>, as the gateway signs them,
 * then app id, seller id and amount checks. The raw data handed on is exactly the signed content:
 * fields the signature does not cover ({@code sign}, {@code sign_type}, empty values, empty names)
 * are not in it. Every unverified value in a log line or message is escaped ({@link LogSafe}).
 * Thread-safe.
 */
public final class NotifyVerifier {
  /** Largest accepted notification body. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  private static final Logger log = LoggerFactory.getLogger(NotifyVerifier.class);
  private static final Set<String> V1_EXCLUDED = Set.of("sign", "sign_type");

  private final String appId;
  private final String sellerId;
  private final AlipayKeys keys;
  private final Rsa2 rsa;

  /**
   * @param sellerId the configured seller id, or null to accept any
   * @param keys the Alipay keys; in certificate mode every known certificate, newest first (a
   *     notification names no certificate)
   */
  public NotifyVerifier(String appId, String sellerId, AlipayKeys keys, Rsa2 rsa) {
    this.appId = appId;
    this.sellerId = sellerId;
    this.keys = keys;
    this.rsa = rsa;
  }

  public ProviderNotification parse(byte[] body) {
    if (body.length > MAX_BODY_BYTES) {
      throw reject(
          ErrorCode.NOTIFY_REJECTED,
          "BODY_TOO_LARGE",
          body.length + " bytes, the limit is " + MAX_BODY_BYTES);
    }
    Map<String, String> fields;
    Charset charset;
    try {
      FormFields.Form form = FormFields.read(body);
      charset = form.charset();
      fields = form.fields();
    } catch (IllegalArgumentException e) {
      throw reject(ErrorCode.NOTIFY_REJECTED, "MALFORMED", e.getMessage());
    }
    String sign = fields.get("sign");
    if (sign == null || sign.isEmpty()) {
      throw reject(ErrorCode.SIGNATURE_INVALID, "MISSING_SIGN", "the notification has no sign field");
    }
    String signed = SignContent.of(fields, V1_EXCLUDED);
    if (!verifies(signed, charset, sign)) {
      throw reject(
          ErrorCode.SIGNATURE_INVALID,
          "BAD_SIGNATURE",
          "out_trade_no " + LogSafe.quote(fields.get("out_trade_no"))
              + " does not verify with the Alipay key or any known Alipay certificate (charset "
              + charset + ")");
    }
    // Verified from here on; values are still quoted in messages (they may hold control chars).
    String outTradeNo = fields.get("out_trade_no");
    if (!appId.equals(fields.get("app_id"))) {
      throw reject(
          ErrorCode.NOTIFY_REJECTED,
          "APPID_MISMATCH",
          "app_id " + LogSafe.quote(fields.get("app_id")) + " is not the configured " + appId
              + " (out_trade_no " + LogSafe.quote(outTradeNo) + ")");
    }
    if (sellerId != null && !sellerId.equals(fields.get("seller_id"))) {
      throw reject(
          ErrorCode.NOTIFY_REJECTED,
          "SELLER_MISMATCH",
          "seller_id " + LogSafe.quote(fields.get("seller_id")) + " is not the configured "
              + sellerId + " (out_trade_no " + LogSafe.quote(outTradeNo) + ")");
    }
    if (outTradeNo == null || outTradeNo.isEmpty()) {
      throw reject(ErrorCode.NOTIFY_REJECTED, "MALFORMED", "no out_trade_no");
    }
    long totalFee = amount(fields, "total_amount", outTradeNo);
    for (String name : new String[] {"receipt_amount", "buyer_pay_amount", "send_back_fee"}) {
      amount(fields, name, outTradeNo);
    }
    long refundedFee = amount(fields, "refund_fee", outTradeNo);
    if (totalFee == 0) {
      throw reject(ErrorCode.NOTIFY_REJECTED, "BAD_AMOUNT", "total_amount 0 for "
          + LogSafe.quote(outTradeNo));
    }
    if (totalFee > 0 && refundedFee > totalFee) {
      throw reject(ErrorCode.NOTIFY_REJECTED, "BAD_AMOUNT", "refund_fee above total_amount for "
          + LogSafe.quote(outTradeNo));
    }
    String status = fields.getOrDefault("trade_status", "");
    String outBizNo = value(fields, "out_biz_no");
    Instant paidAt = time(fields, "gmt_payment");
    Instant refundedAt = time(fields, "gmt_refund");
    time(fields, "gmt_create");
    time(fields, "notify_time");
    if (refundedFee > 0 && outBizNo != null && !outBizNo.isEmpty()) {
      return new ProviderNotification.RefundResult(
          new RefundSnapshot(
              outTradeNo, outBizNo, null, RefundStatus.SUCCESS, -1, refundedAt, signed));
    }
    boolean refundShown = refundedFee > 0 || refundedAt != null;
    TradeState state =
        switch (status) {
          case "TRADE_SUCCESS", "TRADE_FINISHED" ->
              refundShown ? TradeState.REFUNDED : TradeState.PAID;
          case "TRADE_CLOSED" -> paidAt != null || refundShown ? TradeState.REFUNDED : null;
          case "WAIT_BUYER_PAY" -> null;
          default ->
              throw reject(
                  ErrorCode.NOTIFY_REJECTED,
                  "MALFORMED",
                  "unknown trade_status " + LogSafe.quote(status) + " for out_trade_no "
                      + LogSafe.quote(outTradeNo));
        };
    if (state == null) return new ProviderNotification.Informational(outTradeNo, status, signed);
    if (totalFee < 0) {
      throw reject(
          ErrorCode.NOTIFY_REJECTED, "BAD_AMOUNT", "no total_amount for " + LogSafe.quote(outTradeNo));
    }
    return new ProviderNotification.Payment(
        new TradeSnapshot(
            outTradeNo,
            state,
            value(fields, "trade_no"),
            totalFee,
            "CNY",
            fields.get("app_id"),
            sellerId == null ? null : fields.get("seller_id"),
            value(fields, "buyer_id") != null ? value(fields, "buyer_id") : value(fields, "buyer_open_id"),
            paidAt,
            signed));
  }

  private boolean verifies(String signed, Charset charset, String sign) {
    for (PublicKey key : keys.forNotification()) {
      if (rsa.verify(key, signed, charset, sign)) return true;
    }
    return false;
  }

  /** A field's value, null when absent or empty (an empty value is not signed). */
  private static String value(Map<String, String> fields, String name) {
    String v = fields.get(name);
    return v == null || v.isEmpty() ? null : v;
  }

  /** A yuan field in fen, -1 when absent or empty; anything but an exact amount is rejected. */
  private long amount(Map<String, String> fields, String name, String outTradeNo) {
    String value = fields.get(name);
    if (value == null || value.isEmpty()) return -1;
    try {
      return Yuan.toFen(value);
    } catch (NumberFormatException e) {
      throw reject(
          ErrorCode.NOTIFY_REJECTED,
          "BAD_AMOUNT",
          name + " of out_trade_no " + LogSafe.quote(outTradeNo) + ": " + e.getMessage());
    }
  }

  private Instant time(Map<String, String> fields, String name) {
    try {
      return AlipayTime.parse(fields.get(name));
    } catch (IllegalArgumentException e) {
      throw reject(ErrorCode.NOTIFY_REJECTED, "MALFORMED", name + ": " + e.getMessage());
    }
  }

  private NotifyRejectedException reject(ErrorCode code, String reason, String message) {
    log.warn("{} - Alipay notification rejected: {} - {}", appId, reason, message);
    return new NotifyRejectedException(code, reason, message);
  }
}
