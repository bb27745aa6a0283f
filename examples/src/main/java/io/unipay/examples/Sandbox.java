package io.unipay.examples;

import io.unipay.core.order.Provider;
import io.unipay.core.spi.PrepayResult;

/**
 * The sandbox's stand-in for a payer: it opens what the checkout produced and pays at the
 * simulated provider, which then sends its signed notification to the app.
 */
public interface Sandbox {

  /** The payer opened the checkout (an Alipay page/app order is registered with the simulator). */
  void opened(Provider provider, PrepayResult payload);

  /** The payer pays. */
  void pay(Provider provider, String outTradeNo);

  /** The provider finishes a PROCESSING refund successfully and notifies the app. */
  void completeRefund(Provider provider, String outTradeNo, String outRefundNo);

  /** The provider sends the last payment notification of an order once more (a duplicate). */
  void redeliver(Provider provider, String outTradeNo);

  /**
   * How many notifications about the order the app has acknowledged so far (WeChat Pay: HTTP 2xx,
   * Alipay: {@code success}), from the simulator's delivery log. Deliveries run in the background,
   * so this is how a caller learns that a {@link #redeliver} has been answered.
   */
  long acknowledgedNotifications(Provider provider, String outTradeNo);

  /**
   * A simulated StoreKit purchase of an Apple order: the simulated App Store signs the purchase of
   * {@code productId} for the order's {@code appAccountToken} at the product's App Store price and
   * returns the {@code jwsRepresentation} the iOS app would get; it also posts its {@code
   * ONE_TIME_CHARGE} notification to {@code notifyUrl}, as Apple does.
   */
  default String storeKitPurchase(String outTradeNo, String productId, String notifyUrl) {
    throw new IllegalStateException("this sandbox has no App Store");
  }
}
