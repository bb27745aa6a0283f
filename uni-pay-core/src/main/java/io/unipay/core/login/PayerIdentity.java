package io.unipay.core.login;

import io.unipay.core.UniPayException;
import io.unipay.core.order.Provider;

/**
 * Who a login code belongs to: the payer's id at the provider, for one app. It holds no secret
 * (no app secret, session key or access token), so it may be kept in a session, logged or shown.
 *
 * @param flow how the payer signed in
 * @param appId the app the id belongs to (an openid is per app: never use it with another app id)
 * @param openid the id the provider's pay APIs take for this payer and app: the WeChat {@code
 *     openid}; for Alipay the {@code open_id} (apps on the openid standard) or the legacy {@code
 *     user_id} ({@code 2088…}), as the app is configured. Never empty.
 * @param unionid the id shared by the apps of one WeChat open-platform account, or Alipay's {@code
 *     union_id}, when the provider sent one; else null
 * @param snapshotUser WeChat official account only: the provider marked this a virtual user of a
 *     "snapshot page" ({@code is_snapshotuser=1}), whose openid is not a real payer's. The WeChat
 *     login refuses such users unless the host opted in; false for every other flow.
 */
public record PayerIdentity(
    LoginFlow flow, String appId, String openid, String unionid, boolean snapshotUser) {

  public PayerIdentity {
    if (flow == null) throw UniPayException.invalid("PayerIdentity: flow is required");
    if (appId == null || appId.isBlank()) {
      throw UniPayException.invalid("PayerIdentity: appId is required");
    }
    if (openid == null || openid.isBlank()) {
      throw UniPayException.invalid("PayerIdentity: openid is required (never empty)");
    }
    if (unionid != null && unionid.isBlank()) unionid = null;
    if (snapshotUser && flow != LoginFlow.WECHAT_OFFICIAL_ACCOUNT) {
      throw UniPayException.invalid(
          "PayerIdentity: only WeChat official-account users can be snapshot users");
    }
  }

  /** A real (non-snapshot) payer. */
  public static PayerIdentity of(LoginFlow flow, String appId, String openid, String unionid) {
    return new PayerIdentity(flow, appId, openid, unionid, false);
  }

  /** The provider whose pay APIs take {@link #openid()}. */
  public Provider provider() {
    return flow.provider();
  }

  /** Whether the provider sent a union id. */
  public boolean hasUnionid() {
    return unionid != null;
  }
}
