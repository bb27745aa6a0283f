package io.unipay.core.order;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A payment order: one attempt to take money for a business order, at one provider. Immutable;
 * the repository returns a fresh copy after each change. Money is {@code long} fen.
 *
 * @param outTradeNo the library-generated payment order number (≤ 32 chars of [0-9A-Za-z]), unique
 * @param orderNo the host's business order number
 * @param type the business type that selects the NotifyHandler (e.g. vip)
 * @param provider wxpay or alipay
 * @param payType how the payer pays
 * @param status the current status
 * @param totalFee the amount to pay, in fen
 * @param refundFee the sum of refunds reserved or done, in fen
 * @param refundCount how many refunds were requested
 * @param currency ISO currency code, CNY
 * @param description what is paid for, shown to the payer
 * @param userId the host's user id, or null
 * @param openid the payer's provider-side id (WeChat openid / Alipay buyer id), or null
 * @param clientIp the payer's IP (WeChat H5), or null
 * @param providerAppId the provider app id the order was created under
 * @param mchId the merchant id (WeChat mchid; Alipay app id or seller id)
 * @param transactionId the provider's transaction id once paid, or null
 * @param userOrderSuccess the host's handler completed for this payment
 * @param custom host data as JSON text, or null
 * @param originalData the verified, decrypted provider result that settled the order, or null
 * @param createDate when the order was created
 * @param expireDate when an unpaid order expires (also sent to the provider)
 * @param payDate the provider's success time, or null
 * @param notifyDate when the settlement was recorded, or null
 * @param cancelDate when the order was closed, or null
 * @param refundDate when the last refund was requested, or null
 * @param nextCheckAt when the sweeper should next look at this order
 * @param checkCount how many times the sweeper has queried the provider for it
 * @param settleFlag how the payment was settled
 * @param finalCheckAt for a closed order whose provider did not know the trade yet (design §14.1):
 *     when the sweeper queries it one last time after expiry; null once that check is done (or
 *     when none is needed). A closed order is never purged while this is set.
 */
public record PayOrder(
    String outTradeNo,
    String orderNo,
    String type,
    Provider provider,
    PayType payType,
    OrderStatus status,
    long totalFee,
    long refundFee,
    int refundCount,
    String currency,
    String description,
    String userId,
    String openid,
    String clientIp,
    String providerAppId,
    String mchId,
    String transactionId,
    boolean userOrderSuccess,
    String custom,
    String originalData,
    Instant createDate,
    Instant expireDate,
    Instant payDate,
    Instant notifyDate,
    Instant cancelDate,
    Instant refundDate,
    Instant nextCheckAt,
    int checkCount,
    SettlementFlag settleFlag,
    Instant finalCheckAt) {

  public PayOrder {
    requireNonNull(outTradeNo, "outTradeNo == null");
    requireNonNull(orderNo, "orderNo == null");
    requireNonNull(type, "type == null");
    requireNonNull(provider, "provider == null");
    requireNonNull(payType, "payType == null");
    requireNonNull(status, "status == null");
    requireNonNull(currency, "currency == null");
    requireNonNull(description, "description == null");
    requireNonNull(createDate, "createDate == null");
    requireNonNull(expireDate, "expireDate == null");
    if (settleFlag == null) settleFlag = SettlementFlag.NONE;
    if (nextCheckAt == null) nextCheckAt = createDate;
    if (totalFee <= 0) throw new IllegalArgumentException("totalFee <= 0: " + totalFee);
    if (refundFee < 0 || refundFee > totalFee) {
      throw new IllegalArgumentException("refundFee out of [0, totalFee]: " + refundFee);
    }
  }

  /** What is left to refund, in fen. */
  public long refundableFee() {
    return status.isRefundable() ? totalFee - refundFee : 0;
  }

  /** A builder holding a copy of this order's fields. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link PayOrder} values; used by repositories and tests. */
  public static final class Builder {
    private String outTradeNo;
    private String orderNo;
    private String type;
    private Provider provider;
    private PayType payType;
    private OrderStatus status;
    private long totalFee;
    private long refundFee;
    private int refundCount;
    private String currency;
    private String description;
    private String userId;
    private String openid;
    private String clientIp;
    private String providerAppId;
    private String mchId;
    private String transactionId;
    private boolean userOrderSuccess;
    private String custom;
    private String originalData;
    private Instant createDate;
    private Instant expireDate;
    private Instant payDate;
    private Instant notifyDate;
    private Instant cancelDate;
    private Instant refundDate;
    private Instant nextCheckAt;
    private int checkCount;
    private SettlementFlag settleFlag;
    private Instant finalCheckAt;

    private Builder() {
      this.status = OrderStatus.UNPAID;
      this.currency = "CNY";
      this.settleFlag = SettlementFlag.NONE;
    }

    private Builder(PayOrder o) {
      this.outTradeNo = o.outTradeNo;
      this.orderNo = o.orderNo;
      this.type = o.type;
      this.provider = o.provider;
      this.payType = o.payType;
      this.status = o.status;
      this.totalFee = o.totalFee;
      this.refundFee = o.refundFee;
      this.refundCount = o.refundCount;
      this.currency = o.currency;
      this.description = o.description;
      this.userId = o.userId;
      this.openid = o.openid;
      this.clientIp = o.clientIp;
      this.providerAppId = o.providerAppId;
      this.mchId = o.mchId;
      this.transactionId = o.transactionId;
      this.userOrderSuccess = o.userOrderSuccess;
      this.custom = o.custom;
      this.originalData = o.originalData;
      this.createDate = o.createDate;
      this.expireDate = o.expireDate;
      this.payDate = o.payDate;
      this.notifyDate = o.notifyDate;
      this.cancelDate = o.cancelDate;
      this.refundDate = o.refundDate;
      this.nextCheckAt = o.nextCheckAt;
      this.checkCount = o.checkCount;
      this.settleFlag = o.settleFlag;
      this.finalCheckAt = o.finalCheckAt;
    }

    public Builder outTradeNo(String outTradeNo) {
      this.outTradeNo = outTradeNo;
      return this;
    }

    public Builder orderNo(String orderNo) {
      this.orderNo = orderNo;
      return this;
    }

    public Builder type(String type) {
      this.type = type;
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

    public Builder status(OrderStatus status) {
      this.status = status;
      return this;
    }

    public Builder totalFee(long totalFee) {
      this.totalFee = totalFee;
      return this;
    }

    public Builder refundFee(long refundFee) {
      this.refundFee = refundFee;
      return this;
    }

    public Builder refundCount(int refundCount) {
      this.refundCount = refundCount;
      return this;
    }

    public Builder currency(String currency) {
      this.currency = currency;
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

    public Builder providerAppId(String providerAppId) {
      this.providerAppId = providerAppId;
      return this;
    }

    public Builder mchId(String mchId) {
      this.mchId = mchId;
      return this;
    }

    public Builder transactionId(String transactionId) {
      this.transactionId = transactionId;
      return this;
    }

    public Builder userOrderSuccess(boolean userOrderSuccess) {
      this.userOrderSuccess = userOrderSuccess;
      return this;
    }

    public Builder custom(String custom) {
      this.custom = custom;
      return this;
    }

    public Builder originalData(String originalData) {
      this.originalData = originalData;
      return this;
    }

    public Builder createDate(Instant createDate) {
      this.createDate = createDate;
      return this;
    }

    public Builder expireDate(Instant expireDate) {
      this.expireDate = expireDate;
      return this;
    }

    public Builder payDate(Instant payDate) {
      this.payDate = payDate;
      return this;
    }

    public Builder notifyDate(Instant notifyDate) {
      this.notifyDate = notifyDate;
      return this;
    }

    public Builder cancelDate(Instant cancelDate) {
      this.cancelDate = cancelDate;
      return this;
    }

    public Builder refundDate(Instant refundDate) {
      this.refundDate = refundDate;
      return this;
    }

    public Builder nextCheckAt(Instant nextCheckAt) {
      this.nextCheckAt = nextCheckAt;
      return this;
    }

    public Builder checkCount(int checkCount) {
      this.checkCount = checkCount;
      return this;
    }

    public Builder finalCheckAt(Instant finalCheckAt) {
      this.finalCheckAt = finalCheckAt;
      return this;
    }

    public Builder settleFlag(SettlementFlag settleFlag) {
      this.settleFlag = settleFlag;
      return this;
    }

    public PayOrder build() {
      return new PayOrder(outTradeNo, orderNo, type, provider, payType, status, totalFee, refundFee, refundCount, currency, description, userId, openid, clientIp, providerAppId, mchId, transactionId, userOrderSuccess, custom, originalData, createDate, expireDate, payDate, notifyDate, cancelDate, refundDate, nextCheckAt, checkCount, settleFlag, finalCheckAt);
    }
  }
}
