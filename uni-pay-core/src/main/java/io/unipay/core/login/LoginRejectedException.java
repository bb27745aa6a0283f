package io.unipay.core.login;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;

/**
 * A login code that cannot be exchanged for a payer: {@link ErrorCode#INVALID_ARGUMENT}, because
 * the fix is always on the client side (get a new code, or have the user open the full page).
 * {@link #reason()} says why; {@link #providerCode()} and {@link #providerMessage()} carry the
 * provider's own answer when it gave one (empty when the code was refused before any call).
 */
public final class LoginRejectedException extends UniPayException {
  private static final long serialVersionUID = 1L;

  /** Why the code was refused. */
  public enum Reason {
    /**
     * Malformed, unknown, expired, or issued to another app (WeChat {@code 40029}, Alipay {@code
     * isv.code-invalid} / {@code isv.unmatched-app-id}); the providers do not tell expired codes
     * from unknown ones.
     */
    INVALID_CODE,
    /** Already exchanged once (WeChat {@code 40163}); codes are single-use. */
    CODE_USED,
    /**
     * WeChat official account: the code belongs to a virtual user of a "snapshot page" ({@code
     * is_snapshotuser=1}), not a real payer; the user must open the full page ("使用完整服务") and
     * authorise again.
     */
    SNAPSHOT_USER
  }

  private final LoginFlow flow;
  private final String appId;
  private final Reason reason;
  private final String providerCode;
  private final String providerMessage;

  /**
   * @param message names the flow, the app and what to do; values from the provider escaped
   *     (never the code, a secret or a session key)
   */
  public LoginRejectedException(
      LoginFlow flow,
      String appId,
      Reason reason,
      String providerCode,
      String providerMessage,
      String message) {
    super(ErrorCode.INVALID_ARGUMENT, message);
    this.flow = flow;
    this.appId = appId;
    this.reason = reason;
    this.providerCode = providerCode == null ? "" : providerCode;
    this.providerMessage = providerMessage == null ? "" : providerMessage;
  }

  /** The flow that refused the code. */
  public LoginFlow flow() {
    return flow;
  }

  /** The app the code was presented for. */
  public String appId() {
    return appId;
  }

  public Reason reason() {
    return reason;
  }

  /** The provider's code as sent, e.g. {@code 40163} or {@code isv.code-invalid}; "" if none. */
  public String providerCode() {
    return providerCode;
  }

  /** The provider's message as sent (unescaped; escape it before logging); "" if none. */
  public String providerMessage() {
    return providerMessage;
  }
}
