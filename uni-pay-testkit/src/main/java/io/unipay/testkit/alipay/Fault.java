package io.unipay.testkit.alipay;

/** A failure the {@link AlipaySimulator} gateway injects into the next calls. */
public enum Fault {
  /** HTTP 502 from the gateway; the call is not applied. */
  HTTP_502,
  /** The call is applied, but the answer is delayed by the configured slow-response delay. */
  SLOW_RESPONSE,
  /** {@code 40004 ACQ.SYSTEM_ERROR}; the call is not applied. */
  SYSTEM_ERROR,
  /** {@code 20000 isp.unknow-error} (service unavailable); the call is not applied. */
  UNKNOWN_ERROR,
  /** The call is applied and answered, but the response {@code sign} is wrong. */
  BAD_RESPONSE_SIGNATURE,
  /** The call is applied, then the connection is closed before any answer. */
  DISCONNECT
}
