package io.unipay.core.order;

import io.unipay.core.UniPayException;

/** A payment provider. {@link #code()} is the uni-pay-co name, used in URLs and the database. */
public enum Provider {
  WXPAY("wxpay"),
  ALIPAY("alipay");

  private final String code;

  Provider(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  /** The provider with this code ({@code wxpay} or {@code alipay}), case-insensitive. */
  public static Provider ofCode(String code) {
    for (Provider p : values()) {
      if (p.code.equalsIgnoreCase(code)) return p;
    }
    throw UniPayException.invalid("unknown provider '" + code + "': use wxpay or alipay");
  }
}
