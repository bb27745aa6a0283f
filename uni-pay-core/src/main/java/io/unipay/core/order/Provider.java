package io.unipay.core.order;

import io.unipay.core.UniPayException;

/** A payment provider. {@link #code()} is the uni-pay-co name, used in URLs and the database. */
public enum Provider {
  WXPAY("wxpay"),
  ALIPAY("alipay"),
  /** Apple App Store in-app purchases (StoreKit 2, App Store Server API). */
  APPLEIAP("appleiap");

  private final String code;

  Provider(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  /** The provider with this code ({@code wxpay}, {@code alipay} or {@code appleiap}), case-insensitive. */
  public static Provider ofCode(String code) {
    for (Provider p : values()) {
      if (p.code.equalsIgnoreCase(code)) return p;
    }
    throw UniPayException.invalid("unknown provider '" + code + "': use wxpay, alipay or appleiap");
  }
}
