package io.unipay.apple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unipay.core.ErrorCode;
import io.unipay.core.NotifyRejectedException;
import io.unipay.core.spi.ProviderNotification;
import java.io.IOException;
import java.util.Set;

/**
 * App Store Server Notifications V2: {@code {"signedPayload": "<JWS>"}}. The payload and the
 * transaction inside it are each verified; the environment, bundle and (when configured) app
 * Apple id must be this app's. {@code ONE_TIME_CHARGE} and {@code DID_RENEW} become payments;
 * {@code TEST} is informational; everything else ({@code REFUND}, {@code REVOKE}, ...) is kept
 * in the ledger as an unrecognized fact, because the engine applies refund results only for
 * refunds it created.
 */
final class AppleNotifications {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> PAYMENTS = Set.of("ONE_TIME_CHARGE", "DID_RENEW");

  private final AppleIapConfig config;
  private final AppleJwsVerifier verifier;
  private final AppleTransactions transactions;

  AppleNotifications(
      AppleIapConfig config, AppleJwsVerifier verifier, AppleTransactions transactions) {
    this.config = config;
    this.verifier = verifier;
    this.transactions = transactions;
  }

  ProviderNotification parse(byte[] body) {
    String signedPayload;
    try {
      JsonNode envelope = JSON.readTree(body);
      JsonNode node = envelope == null ? null : envelope.get("signedPayload");
      if (node == null || !node.isTextual()) throw reject("MALFORMED", "no signedPayload");
      signedPayload = node.asText();
    } catch (IOException e) {
      throw reject("MALFORMED", "body is not JSON");
    }
    JsonNode payload;
    try {
      payload = verifier.verify(signedPayload);
    } catch (AppleJwsVerifier.Rejected e) {
      throw reject(e.reason, e.getMessage());
    }
    String type = payload.path("notificationType").asText("");
    String subtype = payload.path("subtype").asText("");
    if ("TEST".equals(type)) return new ProviderNotification.Informational(null, "TEST");
    JsonNode data = payload.path("data");
    if (!config.environment().wireName().equals(data.path("environment").asText(null))) {
      throw reject("ENVIRONMENT", "notification is not for " + config.environment());
    }
    if (!config.bundleId().equals(data.path("bundleId").asText(null))) {
      throw reject("BUNDLE", "notification is for another bundle id");
    }
    if (config.appAppleId().isPresent()
        && data.has("appAppleId")
        && data.path("appAppleId").asLong() != config.appAppleId().get()) {
      throw reject("APP", "notification is for another app Apple id");
    }
    JsonNode signedTransaction = data.get("signedTransactionInfo");
    AppleTransaction transaction = null;
    if (signedTransaction != null && signedTransaction.isTextual()) {
      try {
        transaction = transactions.verify(signedTransaction.asText());
      } catch (AppleJwsVerifier.Rejected e) {
        throw reject(e.reason, "signedTransactionInfo: " + e.getMessage());
      }
    }
    String eventType = subtype.isEmpty() ? type : type + "/" + subtype;
    if (transaction != null && PAYMENTS.contains(type) && transaction.quantity() == 1) {
      return new ProviderNotification.Payment(transaction.toSnapshot());
    }
    String raw =
        transaction == null ? payload.toString() : payload.toString() + "\n" + transaction.raw();
    return new ProviderNotification.Unrecognized(
        eventType, transaction == null ? null : transaction.outTradeNo(), raw);
  }

  private static NotifyRejectedException reject(String reason, String message) {
    return new NotifyRejectedException(ErrorCode.NOTIFY_REJECTED, reason, message);
  }
}
