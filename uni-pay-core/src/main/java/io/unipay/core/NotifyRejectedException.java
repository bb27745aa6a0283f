package io.unipay.core;

/**
 * A notification was refused before any state change. {@link #reason()} is a short stable reason
 * code for logs and metrics (e.g. {@code BODY_TOO_LARGE}, {@code STALE_TIMESTAMP},
 * {@code SIGNTEST_PROBE}, {@code UNKNOWN_SERIAL}, {@code BAD_SIGNATURE}, {@code DECRYPT_FAILED},
 * {@code MALFORMED}, {@code APPID_MISMATCH}, {@code MCHID_MISMATCH}, {@code UNKNOWN_ROUTE}).
 * The message never contains the body or a secret.
 */
public class NotifyRejectedException extends UniPayException {
  private static final long serialVersionUID = 1L;

  private final String reason;

  public NotifyRejectedException(ErrorCode code, String reason, String message) {
    super(code, reason + " - " + message);
    this.reason = reason;
  }

  /** A short stable reason code. */
  public String reason() {
    return reason;
  }

  /** A probe (e.g. WeChat's {@code WECHATPAY/SIGNTEST/}) rather than a forged message. */
  public boolean isProbe() {
    return "SIGNTEST_PROBE".equals(reason);
  }
}
