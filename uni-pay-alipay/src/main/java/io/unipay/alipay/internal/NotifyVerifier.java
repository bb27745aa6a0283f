package io.unipay.alipay.internal;

import io.unipay.core.ErrorCode;
import io.unipay.core.NotifyRejectedException;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.core.spi.RefundSnapshot;
import io.unipay.core.spi.TradeSnapshot;
import io.unipay.core.spi.TradeState;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies Alipay asynchronous notifications (protocols §B4): form body decoded with its own
 * {@code charset}, V1 signature content (without {@code sign} and {@code sign_type}), then app id,
 * seller id and amount checks. Thread-safe.
 */
public final class NotifyVerifier {
  /** Largest accepted notification body. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  private static final Logger log = LoggerFactory.getLogger(NotifyVerifier.class);
  private static final Set<String> V1_EXCLUDED = Set.of("sign", "sign_type");

  private final String appId;
  private final String sellerId;
  private final PublicKey alipayPublicKey;
  private final Rsa2 rsa;

  /** @param sellerId the configured seller id, or null to accept any */
  public NotifyVerifier(String appId, String sellerId, PublicKey alipayPublicKey, Rsa2 rsa) {
    this.appId = appId;
    this.sellerId = sellerId;
    this.alipayPublicKey = alipayPublicKey;
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
    try {
      fields = FormFields.decode(body);
    } catch (IllegalArgumentException e) {
      throw reject(ErrorCode.NOTIFY_REJECTED, "MALFORMED", e.getMessage());
    }
    String sign = fields.get("sign");
    if (sign == null || sign.isEmpty()) {
      throw reject(ErrorCode.SIGNATURE_INVALID, "MISSING_SIGN", "the notification has no sign field");
    }
    if (!rsa.verify(alipayPublicKey, SignContent.of(fields, V1_EXCLUDED), sign)) {
      throw reject(
          ErrorCode.SIGNATURE_INVALID,
          "BAD_SIGNATURE",
          "out_trade_no " + fields.get("out_trade_no")
              + " does not verify with the configured Alipay key");
    }
    String outTradeNo = fields.get("out_trade_no");
    if (!appId.equals(fields.get("app_id"))) {
      throw reject(
          ErrorCode.NOTIFY_REJECTED,
          "APPID_MISMATCH",
          "app_id " + fields.get("app_id") + " is not the configured " + appId
              + " (out_trade_no " + outTradeNo + ")");
    }
    if (sellerId != null && !sellerId.equals(fields.get("seller_id"))) {
      throw reject(
          ErrorCode.NOTIFY_REJECTED,
          "SELLER_MISMATCH",
          "seller_id " + fields.get("seller_id") + " is not the configured " + sellerId
              + " (out_trade_no " + outTradeNo + ")");
    }
    if (outTradeNo == null || outTradeNo.isEmpty()) {
      throw reject(ErrorCode.NOTIFY_REJECTED, "MALFORMED", "no out_trade_no");
    }
    long totalFee = -1;
    String totalAmount = fields.get("total_amount");
    if (totalAmount != null) {
      try {
        totalFee = Yuan.toFen(totalAmount);
      } catch (NumberFormatException e) {
        throw reject(
            ErrorCode.NOTIFY_REJECTED,
            "BAD_AMOUNT",
            "total_amount of out_trade_no " + outTradeNo + ": " + e.getMessage());
      }
    }
    String raw = text(fields);
    String status = fields.getOrDefault("trade_status", "");
    String refundFee = fields.get("refund_fee");
    String outBizNo = fields.get("out_biz_no");
    if (refundFee != null && !refundFee.isEmpty() && outBizNo != null && !outBizNo.isEmpty()) {
      return new ProviderNotification.RefundResult(
          new RefundSnapshot(
              outTradeNo, outBizNo, null, RefundStatus.SUCCESS, -1, time(fields, "gmt_refund"), raw));
    }
    switch (status) {
      case "TRADE_SUCCESS", "TRADE_FINISHED" -> {
        if (totalFee < 0) {
          throw reject(ErrorCode.NOTIFY_REJECTED, "BAD_AMOUNT", "no total_amount for " + outTradeNo);
        }
        return new ProviderNotification.Payment(
            new TradeSnapshot(
                outTradeNo,
                TradeState.PAID,
                fields.get("trade_no"),
                totalFee,
                "CNY",
                fields.get("app_id"),
                sellerId == null ? null : fields.get("seller_id"),
                fields.get("buyer_id") != null ? fields.get("buyer_id") : fields.get("buyer_open_id"),
                time(fields, "gmt_payment"),
                raw));
      }
      case "WAIT_BUYER_PAY", "TRADE_CLOSED" -> {
        return new ProviderNotification.Informational(outTradeNo, status);
      }
      default ->
          throw reject(
              ErrorCode.NOTIFY_REJECTED,
              "MALFORMED",
              "unknown trade_status '" + status + "' for out_trade_no " + outTradeNo);
    }
  }

  private Instant time(Map<String, String> fields, String name) {
    try {
      return AlipayTime.parse(fields.get(name));
    } catch (IllegalArgumentException e) {
      throw reject(ErrorCode.NOTIFY_REJECTED, "MALFORMED", name + ": " + e.getMessage());
    }
  }

  /** The decoded form as {@code k=v&...} in body order: what original_data keeps. */
  private static String text(Map<String, String> fields) {
    StringBuilder sb = new StringBuilder(512);
    fields.forEach(
        (k, v) -> {
          if (sb.length() > 0) sb.append('&');
          sb.append(k).append('=').append(v);
        });
    return sb.toString();
  }

  private NotifyRejectedException reject(ErrorCode code, String reason, String message) {
    log.warn("{} - Alipay notification rejected: {} - {}", appId, reason, message);
    return new NotifyRejectedException(code, reason, message);
  }
}
