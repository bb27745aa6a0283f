package io.unipay.core.transfer;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hand-off for a WeChat transfer that waits for the payee's confirmation: what the payee's
 * client passes to {@code wx.requestMerchantTransfer} (mini program, base library ≥ 3.3.0), to
 * {@code WeixinJSBridge.invoke('requestMerchantTransfer', …)} (official account) or to {@code
 * wx.miniapp.openBusinessView} with {@code businessType: 'requestMerchantTransfer'} (app). Send it
 * to the payee's own session only.
 *
 * @param mchId the paying merchant ({@code mchId})
 * @param appId the app the payee's openid belongs to ({@code appId})
 * @param packageInfo WeChat's {@code package_info} ({@code package})
 * @param openId the payee's openid ({@code openId})
 */
public record UserConfirmation(String mchId, String appId, String packageInfo, String openId) {

  public UserConfirmation {
    requireNonNull(mchId, "mchId == null");
    requireNonNull(packageInfo, "packageInfo == null");
    requireNonNull(openId, "openId == null");
  }

  /**
   * The parameters of {@code wx.requestMerchantTransfer} under their JavaScript names, in order:
   * {@code mchId}, {@code appId}, {@code package}, {@code openId}.
   */
  public Map<String, String> requestMerchantTransferParams() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("mchId", mchId);
    if (appId != null) params.put("appId", appId);
    params.put("package", packageInfo);
    params.put("openId", openId);
    return params;
  }

  /** No package: it is a credential for the payee's confirmation page. */
  @Override
  public String toString() {
    return "UserConfirmation{mchId=" + mchId + ", appId=" + appId + "}";
  }
}
