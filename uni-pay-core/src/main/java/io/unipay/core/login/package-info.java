/**
 * Signing a payer in before a payment ("getOpenid"): the provider-neutral {@link
 * io.unipay.core.login.PayerLogin} (one login flow of one app: exchange the code the client got
 * for the payer's id), the {@link io.unipay.core.login.PayerIdentity} it returns, the {@link
 * io.unipay.core.login.LoginFlow}s, a registry for hosts with several apps ({@link
 * io.unipay.core.login.PayerLogins}) and the refusal of a code ({@link
 * io.unipay.core.login.LoginRejectedException}). The provider modules implement the flows:
 * {@code io.unipay.wechat.login.WechatLogin} and {@code io.unipay.alipay.AlipayLogin}.
 */
package io.unipay.core.login;
