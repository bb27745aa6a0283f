package io.unipay.wechat.login;

/** The scope of an official-account authorize page ({@code scope=} of the authorize URL). */
public enum OAuthScope {
  /**
   * Silent: no consent page, only the openid. Enough to take a payment (JSAPI needs the openid
   * only).
   */
  SNSAPI_BASE("snsapi_base"),
  /**
   * With the user's consent (nickname, avatar); the token answer also carries the unionid when the
   * account is bound to an open-platform account.
   */
  SNSAPI_USERINFO("snsapi_userinfo");

  private final String value;

  OAuthScope(String value) {
    this.value = value;
  }

  /** The wire value, e.g. {@code snsapi_base}. */
  public String value() {
    return value;
  }
}
