package io.unipay.testkit.alipay;

/**
 * A failure the {@link AlipaySimulator} gateway injects into the next calls, with {@link
 * AlipaySimulator#injectFault(Fault, int)} (any method) or {@link
 * AlipaySimulator#injectFault(String, Fault, FaultPoint, int)} (one method, before or after the
 * call takes effect). Each fault has a {@link #defaultPoint()}: where it strikes when none is given.
 */
public enum Fault {
  /** HTTP 502 from the gateway. Default: before the call is applied. */
  HTTP_502(FaultPoint.BEFORE_APPLY),
  /** HTTP 429 Too Many Requests, a rate limit. Default: before the call is applied. */
  RATE_LIMITED(FaultPoint.BEFORE_APPLY),
  /**
   * The answer is delayed by the configured slow-response delay (a client timeout). After the
   * call is applied: the real answer, late; before: a late HTTP 504 and nothing applied. Default:
   * after.
   */
  SLOW_RESPONSE(FaultPoint.AFTER_APPLY),
  /**
   * Signed {@code 40004 ACQ.SYSTEM_ERROR} ({@code SYSTEM_ERROR} for the fund methods). Default:
   * before the call is applied.
   */
  SYSTEM_ERROR(FaultPoint.BEFORE_APPLY),
  /**
   * Signed {@code 40004 ORDER_NOT_EXIST} whatever the simulator holds: a transfer query answered
   * before Alipay's record of the transfer is visible. Default: after the call is applied.
   */
  ORDER_NOT_EXIST(FaultPoint.AFTER_APPLY),
  /** Signed {@code 20000 isp.unknow-error} (service unavailable). Default: before. */
  UNKNOWN_ERROR(FaultPoint.BEFORE_APPLY),
  /** Signed {@code 40004} with a sub_code no client knows. Default: before the call is applied. */
  UNKNOWN_CODE(FaultPoint.BEFORE_APPLY),
  /**
   * Unsigned {@code error_response} {@code 40002 isv.invalid-signature}, as the gateway answers a
   * request it could not verify. Default: before the call is applied.
   */
  INVALID_SIGNATURE(FaultPoint.BEFORE_APPLY),
  /**
   * The response {@code sign} is wrong. After: the real answer, badly signed; before: a badly
   * signed {@code ACQ.SYSTEM_ERROR}. Default: after the call is applied.
   */
  BAD_RESPONSE_SIGNATURE(FaultPoint.AFTER_APPLY),
  /** The connection is closed before any answer (a reset). Default: after the call is applied. */
  DISCONNECT(FaultPoint.AFTER_APPLY),
  /**
   * A genuine, validly signed answer about <b>another</b> trade, as a replay on the transport
   * would give: the call is carried out for that other trade instead (the one named in {@link
   * AlipaySimulator#answerAboutAnotherOrder}, else the most recent other trade). The point is
   * ignored.
   */
  ANOTHER_ORDER(FaultPoint.AFTER_APPLY);

  private final FaultPoint defaultPoint;

  Fault(FaultPoint defaultPoint) {
    this.defaultPoint = defaultPoint;
  }

  /** Where the fault strikes when injected without a {@link FaultPoint}. */
  public FaultPoint defaultPoint() {
    return defaultPoint;
  }
}
