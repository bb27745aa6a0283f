package io.unipay.core.login;

/**
 * One login flow of one app: exchanges the short-lived code the client obtained (WeChat {@code
 * wx.login()} or the OAuth2 redirect, Alipay {@code my.getAuthCode} or the authorize redirect) for
 * the payer's id. Implementations are thread-safe and shared; the provider modules create them
 * ({@code WechatLogin.miniProgram(appId)}, {@code WechatLogin.officialAccount(appId)}, {@code new
 * AlipayLogin(client, config)}). A host with several apps keeps them in {@link PayerLogins}.
 *
 * <p>Call it on the server only: the exchange uses the app's secret or private key, which never
 * leave the server. Hand the browser what it needs (the session, maybe the openid), never more.
 */
public interface PayerLogin {
  /** The flow this login runs. */
  LoginFlow flow();

  /** The app whose codes it exchanges. */
  String appId();

  /**
   * The payer the code belongs to. A code is single-use and short-lived: call this once per code.
   *
   * @throws LoginRejectedException ({@code INVALID_ARGUMENT}) when the code is malformed, unknown,
   *     expired or already used, or belongs to a WeChat snapshot-page user (see {@link
   *     LoginRejectedException#reason()}): ask the client for a new code
   * @throws io.unipay.core.UniPayException {@code PROVIDER_UNAVAILABLE} when the provider could
   *     not be reached, is busy or rate-limits the app (get a new code and try again later);
   *     {@code PROVIDER_REJECTED} ({@link io.unipay.core.ProviderRejectedException}) when it refused
   *     for another reason, e.g. a wrong app secret or a blocked user; {@code SIGNATURE_INVALID}
   *     when an Alipay answer did not verify; {@code CONFIGURATION_INVALID} when the answer shows
   *     the app is configured for the wrong id standard (Alipay {@code open_id} vs {@code user_id})
   */
  PayerIdentity identify(String code);
}
