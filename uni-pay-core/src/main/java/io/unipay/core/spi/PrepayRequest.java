package io.unipay.core.spi;

import static java.util.Objects.requireNonNull;

import io.unipay.core.order.PayType;
import java.time.Instant;

/**
 * What the engine asks a {@link PayClient} to prepare: one payment order at the provider.
 *
 * @param outTradeNo the payment order number (≤ 32 chars of [0-9A-Za-z])
 * @param payType how the payer pays
 * @param totalFee amount in fen, &gt; 0
 * @param currency ISO currency code (CNY)
 * @param description shown to the payer; already checked against the provider's length limit
 * @param notifyUrl where the provider must send the payment notification
 * @param expireAt when the provider must stop accepting payment ({@code time_expire})
 * @param openid the payer's provider-side id (WeChat openid, Alipay buyer id) or null
 * @param clientIp the payer's IP (WeChat H5 {@code scene_info}) or null
 * @param returnUrl where the payer's browser returns after paying (Alipay page/wap) or null
 * @param type the order's business type (selects e.g. the Apple product), or null when unknown
 */
public record PrepayRequest(
    String outTradeNo,
    PayType payType,
    long totalFee,
    String currency,
    String description,
    String notifyUrl,
    Instant expireAt,
    String openid,
    String clientIp,
    String returnUrl,
    String type) {

  /** A request without the business type (for providers that do not need it). */
  public PrepayRequest(
      String outTradeNo,
      PayType payType,
      long totalFee,
      String currency,
      String description,
      String notifyUrl,
      Instant expireAt,
      String openid,
      String clientIp,
      String returnUrl) {
    this(outTradeNo, payType, totalFee, currency, description, notifyUrl, expireAt, openid,
        clientIp, returnUrl, null);
  }

  public PrepayRequest {
    requireNonNull(outTradeNo, "outTradeNo == null");
    requireNonNull(payType, "payType == null");
    requireNonNull(currency, "currency == null");
    requireNonNull(description, "description == null");
    requireNonNull(notifyUrl, "notifyUrl == null");
    requireNonNull(expireAt, "expireAt == null");
    if (totalFee <= 0) throw new IllegalArgumentException("totalFee <= 0: " + totalFee);
  }
}
