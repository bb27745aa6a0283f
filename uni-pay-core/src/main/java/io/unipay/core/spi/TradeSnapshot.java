package io.unipay.core.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A verified provider result for one trade: from a notification or an active query. The engine
 * cross-checks it against the stored order before any state change.
 *
 * @param outTradeNo our payment order number, as the provider echoes it
 * @param state the trade's state
 * @param transactionId the provider's transaction id (WeChat transaction_id, Alipay trade_no), or
 *     null when not paid
 * @param totalFee the order amount the provider recorded, in fen, or -1 when unknown (not found)
 * @param currency currency of {@code totalFee} (CNY)
 * @param appId the provider app id the trade belongs to, or null when the provider does not say
 * @param merchantId the merchant (WeChat mchid, Alipay seller id), or null when not reported
 * @param payerId the payer's provider-side id (openid / buyer id), or null
 * @param paidAt the provider's success time, or null
 * @param raw the verified, decrypted provider data (JSON or form text), kept as original_data
 */
public record TradeSnapshot(
    String outTradeNo,
    TradeState state,
    String transactionId,
    long totalFee,
    String currency,
    String appId,
    String merchantId,
    String payerId,
    Instant paidAt,
    String raw) {

  public TradeSnapshot {
    requireNonNull(outTradeNo, "outTradeNo == null");
    requireNonNull(state, "state == null");
    if (currency == null) currency = "CNY";
    if (raw == null) raw = "";
  }

  /** A trade the provider does not know. */
  public static TradeSnapshot notFound(String outTradeNo) {
    return new TradeSnapshot(outTradeNo, TradeState.NOT_FOUND, null, -1, "CNY", null, null, null, null, "");
  }
}
