package io.unipay.apple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unipay.core.ErrorCode;
import io.unipay.core.NotifyRejectedException;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.core.spi.RefundSnapshot;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * App Store Server Notifications V2: {@code {"signedPayload": "<JWS>"}}. The payload and the
 * transaction inside it are each verified; the environment, bundle and (when configured) app
 * Apple id must be this app's.
 *
 * <ul>
 *   <li>{@code ONE_TIME_CHARGE} and {@code DID_RENEW} of a purchased (not family-shared)
 *       transaction become payments;
 *   <li>{@code REFUND} and {@code REVOKE} of a revoked transaction whose money went back become
 *       {@link ProviderNotification.ProviderRefund}s ({@link AppleRefundFacts}); a family-sharing
 *       revocation moves no money and is kept as an unrecognized fact;
 *   <li>{@code TEST} is informational; everything else ({@code REFUND_REVERSED}, {@code
 *       CONSUMPTION_REQUEST}, ...) is kept in the ledger as an unrecognized fact.
 * </ul>
 */
final class AppleNotifications {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> PAYMENTS = Set.of("ONE_TIME_CHARGE", "DID_RENEW");
  private static final Set<String> REFUNDS = Set.of("REFUND", "REVOKE");

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
    if (!config.accepts(data.path("environment").asText(null))) {
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
    boolean single = transaction != null && transaction.quantity() == 1;
    if (single && PAYMENTS.contains(type) && !transaction.familyShared()) {
      return new ProviderNotification.Payment(transaction.toSnapshot());
    }
    if (single && REFUNDS.contains(type)) {
      Optional<RefundSnapshot> refund = AppleRefundFacts.of(transaction);
      if (refund.isPresent()) {
        return new ProviderNotification.ProviderRefund(transaction.toSnapshot(), refund.get());
      }
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
