package io.unipay.apple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unipay.core.ErrorCode;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.UniPayException;
import io.unipay.core.internal.LogSafe;
import io.unipay.core.spi.TradeSnapshot;
import io.unipay.core.spi.TradeState;
import java.io.IOException;
import java.time.Instant;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The deprecated {@code verifyReceipt} (StoreKit 1 app receipts), opt-in for old apps. The app
 * sends the order's out_trade_no with the receipt and the StoreKit 1 transaction id; the receipt
 * must contain that transaction. When the app set {@code SKPayment.applicationUsername} to the
 * order's {@code appAccountToken}, the receipt carries it ({@code app_account_token}) and binds
 * the purchase to that order, as a StoreKit 2 transaction does. Otherwise the receipt names no
 * order and is bound only by the app's word, and the engine claims the transaction for that one
 * order (a second order reporting it is refused and kept in the ledger). Product and bundle are
 * checked against the order like any purchase; receipts carry no price, so the amount is the
 * configured {@code legacyPrice} of the product.
 *
 * <p>Environments: the configured one is asked first; status {@code 21007} (a sandbox receipt)
 * switches to the sandbox and {@code 21008} (a production receipt) to production, each only when
 * that environment is accepted ({@link AppleIapConfig#accepts}). No age limit: a purchase reported
 * days later (an unfinished transaction) still settles its order. The answer is not signed: it is
 * trusted because it came over TLS from Apple's host, which is why receipt URLs must be HTTPS.
 */
final class AppleLegacyReceipts {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private final AppleIapConfig config;
  private final AppleHttp http;

  AppleLegacyReceipts(AppleIapConfig config, AppleHttp http) {
    this.config = config;
    this.http = http;
  }

  /** The verified purchase {@code transactionId} of the receipt, for the order {@code outTradeNo}. */
  TradeSnapshot verify(String outTradeNo, String receiptData, String transactionId) {
    AppleEnvironment env = config.environment();
    for (int attempt = 0; attempt < 2; attempt++) {
      JsonNode answer = post(env, receiptData);
      int status = answer.path("status").asInt(-1);
      if (status == 0) return purchase(outTradeNo, transactionId, env, answer);
      AppleEnvironment other =
          status == 21007 ? AppleEnvironment.SANDBOX
              : status == 21008 ? AppleEnvironment.PRODUCTION : null;
      if (other == null) throw refusal(status, answer);
      if (other == env || !config.accepts(other.wireName())) {
        throw UniPayException.invalid(
            "the receipt is from the " + other + " environment, which this configuration does not"
                + " accept (" + config.environment() + (config.sandboxFallback()
                    ? ", sandbox fallback on" : "") + ")");
      }
      env = other;
    }
    throw UniPayException.invalid("the receipt bounced between environments");
  }

  private JsonNode post(AppleEnvironment env, String receiptData) {
    ObjectNode body = JSON.createObjectNode();
    body.put("receipt-data", receiptData);
    body.put("password", config.sharedSecret());
    body.put("exclude-old-transactions", true);
    String where = "verifyReceipt (" + env + ")";
    Request request =
        new Request.Builder()
            .url(config.receiptUrl(env).toString())
            .post(RequestBody.create(body.toString(), JSON_TYPE))
            .build();
    AppleHttp.Answer answer = http.send(request, where);
    if (answer.status() != 200) {
      throw AppleHttp.unavailable("Apple answered HTTP " + answer.status() + " to " + where, null);
    }
    try {
      JsonNode node = JSON.readTree(answer.body());
      if (node == null || !node.isObject()) throw new IOException("not an object");
      return node;
    } catch (IOException e) {
      throw AppleHttp.unavailable("Apple's answer to " + where + " is not JSON", e);
    }
  }

  /** Apple's status codes, mapped; none of them is about an order. */
  private static UniPayException refusal(int status, JsonNode answer) {
    boolean retryable =
        status == 21005 || status == 21009
            || (status >= 21100 && status <= 21199)
            || answer.path("is-retryable").asBoolean(false);
    if (retryable) {
      return AppleHttp.unavailable(
          "verifyReceipt answered status " + status + " (Apple's servers); ask again later", null);
    }
    return switch (status) {
      case 21000, 21002 -> UniPayException.invalid(
          "verifyReceipt answered status " + status + ": the receipt data is malformed");
      case 21003 -> new UniPayException(
          ErrorCode.SIGNATURE_INVALID,
          "verifyReceipt answered status 21003: Apple could not authenticate the receipt");
      case 21004 -> new UniPayException(
          ErrorCode.CONFIGURATION_INVALID,
          "verifyReceipt answered status 21004: the shared secret is not this app's");
      case 21010 -> UniPayException.invalid(
          "verifyReceipt answered status 21010: the receipt's account was not found or deleted");
      default -> new ProviderRejectedException(
          Integer.toString(status), "", 200, "verifyReceipt answered status " + status);
    };
  }

  private TradeSnapshot purchase(
      String outTradeNo, String transactionId, AppleEnvironment asked, JsonNode answer) {
    String environment = answer.path("environment").asText(asked.wireName());
    if (!environment.equals(asked.wireName()) || !config.accepts(environment)) {
      throw UniPayException.invalid(
          "verifyReceipt (" + asked + ") answered for environment " + LogSafe.quote(environment));
    }
    JsonNode receipt = answer.path("receipt");
    JsonNode entry = null;
    for (JsonNode inApp : receipt.path("in_app")) {
      if (transactionId.equals(inApp.path("transaction_id").asText())) entry = inApp;
    }
    if (entry == null) {
      throw UniPayException.invalid(
          "the receipt does not contain transaction " + LogSafe.quote(transactionId));
    }
    if (!"1".equals(entry.path("quantity").asText("1"))) {
      throw UniPayException.invalid(
          "transaction " + transactionId + " has quantity " + LogSafe.quote(
              entry.path("quantity").asText()) + "; one order pays for exactly one unit");
    }
    if ("FAMILY_SHARED".equals(entry.path("in_app_ownership_type").asText())) {
      throw UniPayException.invalid(
          "transaction " + transactionId + " was shared by family, nobody paid for it");
    }
    String productId = entry.path("product_id").asText("");
    ObjectNode raw = JSON.createObjectNode();
    raw.put("source", "verifyReceipt");
    raw.put("environment", environment);
    raw.put("bundle_id", receipt.path("bundle_id").asText(""));
    raw.set("in_app", entry);
    boolean cancelled = entry.path("cancellation_date_ms").canConvertToLong()
        || entry.path("cancellation_date_ms").asText("").matches("[0-9]{1,15}");
    String token = entry.path("app_account_token").asText("");
    String boundTo =
        token.isEmpty() ? outTradeNo : AccountTokens.outTradeNoOf(token).orElse("apple-no-token");
    return new TradeSnapshot(
        boundTo,
        cancelled ? TradeState.REFUNDED : TradeState.PAID,
        transactionId,
        config.legacyPrice(productId).orElse(-1L),
        "CNY",
        productId,
        receipt.path("bundle_id").asText(""),
        null,
        millis(entry.path("purchase_date_ms")),
        raw.toString());
  }

  private static Instant millis(JsonNode value) {
    String text = value.asText("");
    return text.matches("[0-9]{1,15}") ? Instant.ofEpochMilli(Long.parseLong(text)) : null;
  }
}
