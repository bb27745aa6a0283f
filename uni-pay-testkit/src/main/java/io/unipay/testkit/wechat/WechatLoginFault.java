package io.unipay.testkit.wechat;

/**
 * A failure {@link WechatLoginSimulator} answers the next login API calls with ({@link
 * WechatLoginSimulator#inject(WechatLoginFault, int)}). A faulted call does not consume its code:
 * the same code still works afterwards, as with WeChat's own refusals before the exchange.
 */
public enum WechatLoginFault {
  /** {@code errcode 45011}: the minute quota (100 per user per minute) is reached. */
  RATE_LIMITED(45011, "api minute-quota reach limit mustslower retry next minute"),
  /** {@code errcode -1}: system busy. */
  BUSY(-1, "system error"),
  /** {@code errcode 40226}: WeChat blocks the login of a user it judges risky. */
  RISKY_USER(40226, "high risk level user, login fail"),
  /** HTTP 503 with an HTML body (a gateway in front of the API). */
  HTTP_503(0, null),
  /** HTTP 200 with a body that is not JSON. */
  MALFORMED_BODY(0, null),
  /** The connection is closed before any answer. */
  DISCONNECT(0, null);

  private final int errcode;
  private final String errmsg;

  WechatLoginFault(int errcode, String errmsg) {
    this.errcode = errcode;
    this.errmsg = errmsg;
  }

  /** The {@code errcode} the fault answers with, or 0 when it is not an errcode answer. */
  public int errcode() {
    return errcode;
  }

  /** The {@code errmsg} (without WeChat's {@code rid} suffix), or null. */
  public String errmsg() {
    return errmsg;
  }
}
