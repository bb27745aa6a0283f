package io.unipay.testkit.apple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The deprecated {@code verifyReceipt} endpoint: opaque base64 receipts (here: random bytes naming
 * a list of transactions of one environment), the shared secret, and Apple's status codes —
 * {@code 21007} for a sandbox receipt sent to production, {@code 21008} for the reverse, {@code
 * 21002} for unreadable data, {@code 21003} for a receipt Apple did not issue, {@code 21004} for a
 * wrong shared secret.
 */
final class LegacyReceipts {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Receipt(String environment, List<String> transactionIds) {}

  private final Map<String, Receipt> receipts = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Integer> failures = new ConcurrentLinkedQueue<>();
  private final SimTransactions transactions;
  private final String bundleId;
  final String sharedSecret;

  LegacyReceipts(SimTransactions transactions, String bundleId) {
    this.transactions = transactions;
    this.bundleId = bundleId;
    byte[] secret = new byte[16];
    RANDOM.nextBytes(secret);
    this.sharedSecret = java.util.HexFormat.of().formatHex(secret);
  }

  /** A new receipt listing the transactions, of {@code environment}. */
  String issue(String environment, List<String> transactionIds) {
    byte[] raw = new byte[96];
    RANDOM.nextBytes(raw);
    String data = Base64.getEncoder().encodeToString(raw);
    receipts.put(data, new Receipt(environment, List.copyOf(transactionIds)));
    return data;
  }

  void failNext(int status) {
    failures.add(status);
  }

  /** The answer of {@code POST {environment}/verifyReceipt}, always HTTP 200. */
  String answer(String environment, byte[] body) {
    Integer failure = failures.poll();
    if (failure != null) return status(failure);
    JsonNode request;
    try {
      request = JSON.readTree(body);
    } catch (IOException e) {
      return status(21000);
    }
    if (request == null || !request.path("receipt-data").isTextual()) return status(21000);
    String data = request.path("receipt-data").asText();
    try {
      Base64.getDecoder().decode(data);
    } catch (IllegalArgumentException e) {
      return status(21002);
    }
    Receipt receipt = receipts.get(data);
    if (receipt == null) return status(21003);
    if (!sharedSecret.equals(request.path("password").asText())) return status(21004);
    if (!receipt.environment.equals(environment)) {
      return status("Sandbox".equals(receipt.environment) ? 21007 : 21008);
    }
    ObjectNode answer = JSON.createObjectNode();
    answer.put("status", 0);
    answer.put("environment", receipt.environment);
    ObjectNode r = answer.putObject("receipt");
    r.put("receipt_type", "Sandbox".equals(receipt.environment) ? "ProductionSandbox" : "Production");
    r.put("bundle_id", bundleId);
    r.put("application_version", "1");
    ArrayNode inApp = r.putArray("in_app");
    for (String id : receipt.transactionIds) {
      Optional<ObjectNode> t = transactions.find(id);
      t.ifPresent(p -> inApp.add(inApp(p)));
    }
    return answer.toString();
  }

  /** A transaction as a receipt lists it: every value a string, dates in ms and no price. */
  private static ObjectNode inApp(ObjectNode p) {
    ObjectNode e = JSON.createObjectNode();
    e.put("quantity", p.path("quantity").asText("1"));
    e.put("product_id", p.path("productId").asText());
    e.put("transaction_id", p.path("transactionId").asText());
    e.put("original_transaction_id", p.path("originalTransactionId").asText());
    e.put("purchase_date_ms", p.path("purchaseDate").asText());
    e.put("original_purchase_date_ms", p.path("originalPurchaseDate").asText());
    e.put("in_app_ownership_type", p.path("inAppOwnershipType").asText("PURCHASED"));
    // StoreKit 1 with applicationUsername set to a UUID: Apple keeps it as the token.
    if (p.hasNonNull("appAccountToken")) e.put("app_account_token", p.path("appAccountToken").asText());
    e.put("is_trial_period", "false");
    if (p.hasNonNull("revocationDate")) {
      e.put("cancellation_date_ms", p.path("revocationDate").asText());
      e.put("cancellation_reason", "0");
    }
    return e;
  }

  private static String status(int status) {
    ObjectNode answer = JSON.createObjectNode();
    answer.put("status", status);
    if (status >= 21100 && status <= 21199) answer.put("is-retryable", true);
    return answer.toString();
  }
}
