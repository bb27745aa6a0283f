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
 * @param revoked whether Apple revoked (refunded) the transaction
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
    boolean revoked,
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
        p.path("purchaseDate").canConvertToLong()
            ? Instant.ofEpochMilli(p.path("purchaseDate").asLong())
            : null,
        p.hasNonNull("revocationDate"),
        p.toString());
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
    long fen = priceMilli < 0 ? -1 : AppleMoney.milliToFen(priceMilli).orElse(-1);
    return new TradeSnapshot(
        outTradeNo(),
        revoked ? TradeState.REFUNDED : TradeState.PAID,
        transactionId,
        fen,
        currency == null ? "UNKNOWN" : currency,
        productId == null ? "" : productId,
        bundleId == null ? "" : bundleId,
        null,
        purchaseDate,
        raw);
  }

  private static String text(JsonNode p, String field) {
    JsonNode v = p.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
