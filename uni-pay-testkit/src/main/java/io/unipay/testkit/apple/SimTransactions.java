package io.unipay.testkit.apple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The App Store's record of every transaction the simulator signed, as the API serves it. */
final class SimTransactions {
  private final Map<String, ObjectNode> byId = new ConcurrentHashMap<>();

  /** Records (or replaces) a transaction's payload. */
  void put(ObjectNode payload) {
    byId.put(payload.path("transactionId").asText(), payload.deepCopy());
  }

  /** The current payload of a transaction, a copy. */
  Optional<ObjectNode> find(String transactionId) {
    ObjectNode payload = byId.get(transactionId);
    return payload == null ? Optional.empty() : Optional.of(payload.deepCopy());
  }

  /**
   * Apple refunds (or, for family sharing, revokes) a transaction: {@code revocationDate}, reason,
   * type and percentage (milli-percent: 100000 = all of it). Returns the updated payload.
   */
  ObjectNode revoke(String transactionId, String type, int percentage, Instant at) {
    ObjectNode payload = byId.get(transactionId);
    if (payload == null) throw new IllegalStateException("no transaction " + transactionId);
    synchronized (payload) {
      payload.put("revocationDate", at.toEpochMilli());
      payload.put("revocationReason", 0);
      payload.put("revocationType", type);
      if ("FAMILY_REVOKE".equals(type)) {
        payload.remove("revocationPercentage");
      } else {
        payload.put("revocationPercentage", percentage);
      }
      payload.put("signedDate", at.toEpochMilli());
      return payload.deepCopy();
    }
  }
}
