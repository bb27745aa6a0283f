package io.unipay.core;

/**
 * Receives what the {@link Sweeper} does, to bridge into the host's metrics. Methods run on the
 * sweeper's thread and must be quick; exceptions they throw are logged and ignored.
 */
public interface SweepListener {

  /** One pass finished. */
  default void onPass(SweepReport report) {}

  /**
   * A provider call for one order, refund or transfer failed; it is retried later. The key is the
   * order's out_trade_no (for a transfer: its out_bill_no).
   */
  default void onError(String outTradeNo, UniPayException error) {}
}
