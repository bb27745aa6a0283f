package io.unipay.core;

import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;

/** The notify URLs sent to the providers, under the host's notify base URL (no trailing slash). */
record NotifyUrls(String base) {
  /** {@code {base}/{provider}/{payType}}. */
  String payment(Provider provider, PayType payType) {
    return base + "/" + provider.code() + "/" + payType.code();
  }

  /** {@code {base}/{provider}/refund}. */
  String refund(Provider provider) {
    return base + "/" + provider.code() + "/refund";
  }

  /** {@code {base}/{provider}/transfer}. */
  String transfer(Provider provider) {
    return base + "/" + provider.code() + "/transfer";
  }
}
