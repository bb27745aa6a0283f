package io.unipay.core.login;

import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;

/** How a payer signs in with a provider, and so which app kind the resulting id belongs to. */
public enum LoginFlow {
  /** WeChat mini program: {@code wx.login()} gives a code, {@code jscode2session} the openid. */
  WECHAT_MINI_PROGRAM(Provider.WXPAY, PayType.MP),
  /**
   * WeChat official account (web pages in WeChat): OAuth2 authorize redirect gives a code, {@code
   * sns/oauth2/access_token} the openid.
   */
  WECHAT_OFFICIAL_ACCOUNT(Provider.WXPAY, PayType.JSAPI),
  /**
   * Alipay (mini program {@code my.getAuthCode} or the {@code publicAppAuthorize} web redirect):
   * {@code alipay.system.oauth.token} gives the {@code open_id} (or the legacy {@code user_id}).
   */
  ALIPAY(Provider.ALIPAY, PayType.MP);

  private final Provider provider;
  private final PayType payType;

  LoginFlow(Provider provider, PayType payType) {
    this.provider = provider;
    this.payType = payType;
  }

  /** The provider whose pay APIs take the id this flow returns. */
  public Provider provider() {
    return provider;
  }

  /**
   * The pay type the id is for: {@code mp} for mini programs and Alipay, {@code jsapi} for WeChat
   * official-account pages. Pass it with {@link PayerIdentity#openid()} to {@code createOrder}.
   */
  public PayType payType() {
    return payType;
  }
}
