package io.unipay.apple;

/**
 * Verifies StoreKit 2 signed transactions for one configured app: the JWS itself, then the
 * environment (configuration, never the payload's say-so) and the transaction id. The bundle, product
 * and price are carried into the snapshot for the engine to check against the stored order.
 */
final class AppleTransactions {
  private final AppleIapConfig config;
  private final AppleJwsVerifier verifier;

  AppleTransactions(AppleIapConfig config, AppleJwsVerifier verifier) {
    this.config = config;
    this.verifier = verifier;
  }

  /** The verified transaction. @throws AppleJwsVerifier.Rejected */
  AppleTransaction verify(String signedTransaction) {
    AppleTransaction t = AppleTransaction.of(verifier.verify(signedTransaction));
    if (!config.accepts(t.environment())) {
      throw new AppleJwsVerifier.Rejected(
          "ENVIRONMENT", "transaction is not from the " + config.environment() + " environment");
    }
    if (t.transactionId() == null || t.transactionId().isBlank()) {
      throw new AppleJwsVerifier.Rejected("MALFORMED", "transaction has no transactionId");
    }
    return t;
  }
}
