package io.unipay.testkit.wechat;

/**
 * Faults {@link WechatPaySimulator#inject(Fault, int)} applies to the next calls. API faults hit
 * API calls (never {@code /v3/certificates} unless {@link Endpoint#CERTIFICATES} is named); each
 * has a default {@link Timing} that {@link WechatPaySimulator#inject(Fault, Endpoint, Timing, int)}
 * can override. Notification faults hit notification deliveries.
 *
 * <table>
 *   <caption>API faults</caption>
 *   <tr><th>fault</th><th>answer</th><th>default timing</th></tr>
 *   <tr><td>SERVER_ERROR</td><td>500 {@code SYSTEM_ERROR}</td><td>before</td></tr>
 *   <tr><td>RATE_LIMITED</td><td>429 {@code FREQUENCY_LIMITED}</td><td>before</td></tr>
 *   <tr><td>SIGN_ERROR</td><td>401 {@code SIGN_ERROR}</td><td>before</td></tr>
 *   <tr><td>NO_AUTH</td><td>403 {@code NO_AUTH}</td><td>before</td></tr>
 *   <tr><td>UNKNOWN_ERROR_CODE</td><td>400 {@code SIMULATED_UNKNOWN_CODE}</td><td>before</td></tr>
 *   <tr><td>SLOW_RESPONSE</td><td>the answer, late</td><td>after</td></tr>
 *   <tr><td>CONNECTION_RESET</td><td>none: the socket is closed</td><td>after</td></tr>
 *   <tr><td>BAD_RESPONSE_SIGNATURE, UNSIGNED_RESPONSE, STALE_RESPONSE_TIMESTAMP,
 *       FOREIGN_ANSWER</td><td>the real answer, corrupted</td><td>after only</td></tr>
 * </table>
 *
 * All fault answers are signed like any other answer (except the signature faults themselves).
 */
public enum Fault {
  /** Answer 500 {@code SYSTEM_ERROR}. */
  SERVER_ERROR(Kind.API_ERROR),
  /** Answer 429 {@code FREQUENCY_LIMITED}. */
  RATE_LIMITED(Kind.API_ERROR),
  /** Answer 401 {@code SIGN_ERROR} (WeChat did not accept the merchant's signature). */
  SIGN_ERROR(Kind.API_ERROR),
  /** Answer 403 {@code NO_AUTH} (the merchant lacks the permission for this API). */
  NO_AUTH(Kind.API_ERROR),
  /** Answer 400 with a code no documentation lists, {@code SIMULATED_UNKNOWN_CODE}. */
  UNKNOWN_ERROR_CODE(Kind.API_ERROR),
  /**
   * Answer after {@link WechatPaySimulator.Builder#slowResponseDelay}: after applying, the real
   * answer; before applying, 500 {@code SYSTEM_ERROR} and nothing applied.
   */
  SLOW_RESPONSE(Kind.API_TRANSPORT),
  /** Close the connection without answering (after applying by default). */
  CONNECTION_RESET(Kind.API_TRANSPORT),
  /** Answer with a signature that does not verify. */
  BAD_RESPONSE_SIGNATURE(Kind.API_CORRUPTION),
  /** Answer without any {@code Wechatpay-*} signature headers (a forged 2xx). */
  UNSIGNED_RESPONSE(Kind.API_CORRUPTION),
  /** Answer correctly signed, but with a timestamp 10 minutes old. */
  STALE_RESPONSE_TIMESTAMP(Kind.API_CORRUPTION),
  /**
   * Answer correctly signed, but about another object: a 2xx answer's {@code out_trade_no} (order
   * query), {@code out_refund_no} (refund, refund query) or {@code out_bill_no} (transfer bills) is
   * replaced by {@code FOREIGN} + the original (cut to 32 characters).
   */
  FOREIGN_ANSWER(Kind.API_CORRUPTION),
  /** Never deliver the next notification (the merchant must find the payment by query). */
  DROP_NOTIFICATION(Kind.NOTIFICATION),
  /** Deliver the next notification attempt with a signature that does not verify. */
  BAD_NOTIFICATION_SIGNATURE(Kind.NOTIFICATION),
  /** Deliver the next notification attempt correctly signed, but with a 10-minute-old timestamp. */
  STALE_NOTIFICATION_TIMESTAMP(Kind.NOTIFICATION),
  /** Deliver the next notification attempt as a {@code WECHATPAY/SIGNTEST/} probe. */
  SIGNTEST_PROBE_NOTIFICATION(Kind.NOTIFICATION);

  /** When an API fault strikes relative to the simulator applying the request. */
  public enum Timing {
    /** The request is not applied (no trade, refund or close happens), the fault answers. */
    BEFORE_APPLYING,
    /** The request is applied (e.g. the refund exists), then its answer is lost or corrupted. */
    AFTER_APPLYING
  }

  enum Kind {
    API_ERROR,
    API_TRANSPORT,
    API_CORRUPTION,
    NOTIFICATION
  }

  final Kind kind;

  Fault(Kind kind) {
    this.kind = kind;
  }

  boolean isApiFault() {
    return kind != Kind.NOTIFICATION;
  }

  /** The timing used when none is named. */
  public Timing defaultTiming() {
    return kind == Kind.API_ERROR ? Timing.BEFORE_APPLYING : Timing.AFTER_APPLYING;
  }

  /** Whether {@code timing} makes sense for this fault (corruptions need a real answer). */
  public boolean supports(Timing timing) {
    return isApiFault() && (kind != Kind.API_CORRUPTION || timing == Timing.AFTER_APPLYING);
  }
}
