package io.unipay.apple;

import com.fasterxml.jackson.databind.JsonNode;
import io.unipay.core.spi.TradeSnapshot;
import io.unipay.core.spi.TradeState;
import java.time.Instant;

/**
 * A verified StoreKit 2 transaction ({@code JWSTransactionDecodedPayload}), as far as the engine
 * needs it.
 *
 * @param transactionId Apple's transaction id
 * @param bundleId the app the purchase was made in
 * @param productId the product bought
 * @param quantity units bought (must be 1)
 * @param appAccountToken the token the app passed to StoreKit, or null
 * @param environment Apple's environment name ({@code Production}, {@code Sandbox})
 * @param priceMilli the price in milli-units of {@code currency}, or -1 when absent
 * @param currency ISO 4217 code of the storefront, or null
 * @param purchaseDate when the purchase was made, or null
 * @param ownership {@code PURCHASED} or {@code FAMILY_SHARED} (null when absent)
 * @param revocationDate when Apple refunded or revoked it, or null
 * @param revocationType {@code REFUND_FULL}, {@code REFUND_PRORATED}, {@code FAMILY_REVOKE}, or
 *     null (older payloads: a revocation without a type is a full refund)
 * @param revocationPercentage the share refunded in milli-percent (100000 = all), or -1
 * @param raw the verified payload JSON
 */
record AppleTransaction(
    String transactionId,
    String bundleId,
    String productId,
    long quantity,
    String appAccountToken,
    String environment,
    long priceMilli,
    String currency,
    Instant purchaseDate,
    String ownership,
    Instant revocationDate,
    String revocationType,
    long revocationPercentage,
    String raw) {

  static AppleTransaction of(JsonNode p) {
    return new AppleTransaction(
        text(p, "transactionId"),
        text(p, "bundleId"),
        text(p, "productId"),
        p.path("quantity").canConvertToLong() ? p.path("quantity").asLong() : 1,
        text(p, "appAccountToken"),
        text(p, "environment"),
        p.path("price").canConvertToLong() ? p.path("price").asLong() : -1,
        text(p, "currency"),
        millis(p, "purchaseDate"),
        text(p, "inAppOwnershipType"),
        millis(p, "revocationDate"),
        text(p, "revocationType"),
        p.path("revocationPercentage").canConvertToLong()
            ? p.path("revocationPercentage").asLong()
            : -1,
        p.toString());
  }

  /** Whether Apple refunded or revoked the transaction. */
  boolean revoked() {
    return revocationDate != null;
  }

  /** Whether the purchase reached this customer through Family Sharing (nobody paid for it). */
  boolean familyShared() {
    return "FAMILY_SHARED".equals(ownership);
  }

  /** The price in fen, or -1 when absent or not a whole number of fen. */
  long priceFen() {
    return priceMilli < 0 ? -1 : AppleMoney.milliToFen(priceMilli).orElse(-1);
  }

  /** The payment order this transaction is bound to, by its appAccountToken. */
  String outTradeNo() {
    // Not a valid out_trade_no: the engine finds no order and keeps the fact as unmatched.
    return AccountTokens.outTradeNoOf(appAccountToken).orElse("apple-no-token");
  }

  /**
   * The provider-neutral trade, carrying Apple's ids faithfully: the engine checks {@code appId}
   * (the product) against the order's {@code provider_appid}, {@code merchantId} (the bundle)
   * against its {@code mch_id}, and the amount and currency against {@code total_fee}.
   */
  TradeSnapshot toSnapshot() {
    return new TradeSnapshot(
        outTradeNo(),
        revoked() ? TradeState.REFUNDED : TradeState.PAID,
        transactionId,
        priceFen(),
        currency == null ? "UNKNOWN" : currency,
        productId == null ? "" : productId,
        bundleId == null ? "" : bundleId,
        null,
        purchaseDate,
        raw);
  }

  private static Instant millis(JsonNode p, String field) {
    JsonNode v = p.path(field);
    return v.canConvertToLong() ? Instant.ofEpochMilli(v.asLong()) : null;
  }

  private static String text(JsonNode p, String field) {
    JsonNode v = p.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
