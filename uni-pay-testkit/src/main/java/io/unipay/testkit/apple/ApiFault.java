package io.unipay.testkit.apple;

/** One failure the simulated App Store Server API answers its next call with. */
public enum ApiFault {
  /** HTTP 401 with an empty body, as Apple answers a wrong key id, issuer or an unreleased app. */
  UNAUTHORIZED,
  /** HTTP 429 {@code {"errorCode":4290000}}: rate limit exceeded. */
  RATE_LIMITED,
  /** HTTP 500 {@code {"errorCode":5000001}}: a retryable server error. */
  SERVER_ERROR,
  /** The answer comes only after 3 seconds (longer than a test client's read timeout). */
  SLOW,
  /** HTTP 200 whose {@code signedTransactionInfo} is signed by an untrusted chain. */
  UNTRUSTED_SIGNATURE,
  /** HTTP 200 carrying another transaction than the one asked for (correctly signed). */
  ANOTHER_TRANSACTION
}
