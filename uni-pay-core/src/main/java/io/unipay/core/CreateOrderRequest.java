package io.unipay.core;

import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import java.time.Duration;

/**
 * A request to take payment for one business order. Build with {@link #builder()}.
 *
 * <p>The amount must come from the host's server-side data (a package's price, a cart total),
 * never from the browser.
 *
 * @param type business type; selects the registered {@code NotifyHandler}
 * @param orderNo the host's business order number, 1..64 chars of {@code [0-9A-Za-z_-]}
 * @param provider wxpay or alipay
 * @param payType how the payer pays
 * @param totalFee amount in fen, &gt; 0
 * @param description what is paid for, shown to the payer
 * @param userId the host's user id, or null
 * @param openid the payer's provider-side id (required for jsapi and mp), or null
 * @param clientIp the payer's IP (required for WeChat h5), or null
 * @param custom host data as JSON text (stored with the order, never trusted for money), or null
 * @param expireAfter how long the order may be paid, or null for the configured default
 * @param returnUrl where the browser returns after paying (Alipay page/wap), or null
 */
public record CreateOrderRequest(
    String type,
    String orderNo,
    Provider provider,
    PayType payType,
    long totalFee,
    String description,
    String userId,
    String openid,
    String clientIp,
    String custom,
    Duration expireAfter,
    String returnUrl) {

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link CreateOrderRequest}; validation happens in {@code UniPay.createOrder}. */
  public static final class Builder {
    private String type;
    private String orderNo;
    private Provider provider;
    private PayType payType;
    private long totalFee;
    private String description;
    private String userId;
    private String openid;
    private String clientIp;
    private String custom;
    private Duration expireAfter;
    private String returnUrl;

    private Builder() {}

    public Builder type(String type) {
      this.type = type;
      return this;
    }

    public Builder orderNo(String orderNo) {
      this.orderNo = orderNo;
      return this;
    }

    public Builder provider(Provider provider) {
      this.provider = provider;
      return this;
    }

    public Builder payType(PayType payType) {
      this.payType = payType;
      return this;
    }

    /** Amount in fen. */
    public Builder totalFee(long totalFee) {
      this.totalFee = totalFee;
      return this;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    public Builder userId(String userId) {
      this.userId = userId;
      return this;
    }

    public Builder openid(String openid) {
      this.openid = openid;
      return this;
    }

    public Builder clientIp(String clientIp) {
      this.clientIp = clientIp;
      return this;
    }

    /** Host data as JSON text (an object or any JSON value). */
    public Builder custom(String customJson) {
      this.custom = customJson;
      return this;
    }

    public Builder expireAfter(Duration expireAfter) {
      this.expireAfter = expireAfter;
      return this;
    }

    public Builder returnUrl(String returnUrl) {
      this.returnUrl = returnUrl;
      return this;
    }

    public CreateOrderRequest build() {
      return new CreateOrderRequest(
          type, orderNo, provider, payType, totalFee, description, userId, openid, clientIp,
          custom, expireAfter, returnUrl);
    }
  }
}
