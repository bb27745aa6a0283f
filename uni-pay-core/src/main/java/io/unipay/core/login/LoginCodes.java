package io.unipay.core.login;

/** The shape check every {@link PayerLogin} applies to a code before sending it anywhere. */
public final class LoginCodes {
  /** The longest code accepted (WeChat and Alipay codes are 32 characters). */
  public static final int MAX_LENGTH = 256;

  private LoginCodes() {}

  /**
   * {@code code} when it is 1..{@value #MAX_LENGTH} visible ASCII characters (no space, no control
   * character); otherwise a {@link LoginRejectedException} ({@link
   * LoginRejectedException.Reason#INVALID_CODE}) that does not echo it.
   */
  public static String requireWellFormed(LoginFlow flow, String appId, String code) {
    String problem = null;
    if (code == null || code.isEmpty()) {
      problem = "the code is missing";
    } else if (code.length() > MAX_LENGTH) {
      problem = "the code is longer than " + MAX_LENGTH + " characters";
    } else {
      for (int i = 0; i < code.length(); i++) {
        char c = code.charAt(i);
        if (c < 0x21 || c > 0x7e) {
          problem = "the code contains a character other than visible ASCII";
          break;
        }
      }
    }
    if (problem == null) return code;
    throw new LoginRejectedException(
        flow,
        appId,
        LoginRejectedException.Reason.INVALID_CODE,
        "",
        "",
        flow + " login for app " + appId + ": " + problem
            + "; pass the code the client obtained (e.g. wx.login(), my.getAuthCode, or the"
            + " code/auth_code of the authorize redirect)");
  }
}
