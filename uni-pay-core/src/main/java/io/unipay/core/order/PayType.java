package io.unipay.core.order;

import io.unipay.core.UniPayException;
import java.util.Set;

/**
 * How the payer pays, per uni-pay-co's {@code provider_pay_type}. WeChat Pay supports
 * {@code jsapi mp app native h5}; Alipay supports {@code app mp native page wap};
 * Apple supports {@code iap}.
 */
public enum PayType {
  /** WeChat official-account (in-WeChat browser) payment; needs the payer's openid. */
  JSAPI("jsapi", Set.of(Provider.WXPAY)),
  /** Mini-program payment; needs the payer's openid (WeChat) or buyer id (Alipay). */
  MP("mp", Set.of(Provider.WXPAY, Provider.ALIPAY)),
  /** Native app SDK payment. */
  APP("app", Set.of(Provider.WXPAY, Provider.ALIPAY)),
  /** QR code scanned by the payer (WeChat Native {@code code_url}, Alipay precreate). */
  NATIVE("native", Set.of(Provider.WXPAY, Provider.ALIPAY)),
  /** WeChat H5 payment in a mobile browser outside WeChat; needs the client IP. */
  H5("h5", Set.of(Provider.WXPAY)),
  /** Alipay PC web page payment ({@code alipay.trade.page.pay}). */
  PAGE("page", Set.of(Provider.ALIPAY)),
  /** Alipay mobile web payment ({@code alipay.trade.wap.pay}). */
  WAP("wap", Set.of(Provider.ALIPAY)),
  /**
   * Apple in-app purchase: the app buys the product with StoreKit and the host confirms the
   * signed transaction with {@code UniPay.confirmPurchase}.
   */
  IAP("iap", Set.of(Provider.APPLEIAP));

  private final String code;
  private final Set<Provider> providers;

  PayType(String code, Set<Provider> providers) {
    this.code = code;
    this.providers = providers;
  }

  public String code() {
    return code;
  }

  /** Whether {@code provider} offers this pay type at all. */
  public boolean supportedBy(Provider provider) {
    return providers.contains(provider);
  }

  /** Whether the payer's provider-side id (openid / buyer id) is required. */
  public boolean needsPayerId() {
    return this == JSAPI || this == MP;
  }

  /** The pay type with this code, case-insensitive. */
  public static PayType ofCode(String code) {
    for (PayType t : values()) {
      if (t.code.equalsIgnoreCase(code)) return t;
    }
    throw UniPayException.invalid(
        "unknown pay type '" + code + "': use one of jsapi, mp, app, native, h5, page, wap, iap");
  }
}
