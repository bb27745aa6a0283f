package io.unipay.testkit.wechat;

/**
 * Faults {@link WechatPaySimulator#inject(Fault, int)} applies to the next calls. API faults hit
 * API calls (never {@code /v3/certificates}); notification faults hit notification deliveries.
 */
public enum Fault {
  /** Answer 500 {@code SYSTEM_ERROR} without processing the request. */
  SERVER_ERROR,
  /** Answer 429 {@code FREQUENCY_LIMITED} without processing the request. */
  RATE_LIMITED,
  /**
   * Process the request, then answer after {@link WechatPaySimulator.Builder#slowResponseDelay}.
   */
  SLOW_RESPONSE,
  /** Process the request, then close the connection without answering. */
  CONNECTION_RESET,
  /** Answer with a signature that does not verify. */
  BAD_RESPONSE_SIGNATURE,
  /** Answer without any {@code Wechatpay-*} signature headers (a forged 2xx). */
  UNSIGNED_RESPONSE,
  /** Answer correctly signed, but with a timestamp 10 minutes old. */
  STALE_RESPONSE_TIMESTAMP,
  /** Never deliver the next notification (the merchant must find the payment by query). */
  DROP_NOTIFICATION,
  /** Deliver the next notification attempt with a signature that does not verify. */
  BAD_NOTIFICATION_SIGNATURE,
  /** Deliver the next notification attempt correctly signed, but with a 10-minute-old timestamp. */
  STALE_NOTIFICATION_TIMESTAMP,
  /** Deliver the next notification attempt as a {@code WECHATPAY/SIGNTEST/} probe. */
  SIGNTEST_PROBE_NOTIFICATION;

  boolean isApiFault() {
    return ordinal() <= STALE_RESPONSE_TIMESTAMP.ordinal();
  }
}
