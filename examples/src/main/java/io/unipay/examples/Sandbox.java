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
}
