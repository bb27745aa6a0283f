package io.unipay.core;

import java.time.Duration;

/**
 * How to look up a payment order in {@code UniPay.getOrder}.
 *
 * @param outTradeNo look up this payment order, or null to use {@code orderNo}
 * @param orderNo look up by business order (the paid payment if any, else the newest), or null
 * @param awaitNotify how long to wait for an unpaid order's notification (bounded by the
 *     configured maximum), {@link Duration#ZERO} for no wait
 * @param syncWithProvider when still unpaid, query the provider and settle a paid trade — so a
 *     lost notification never leaves the order unpaid
 */
public record OrderQuery(
    String outTradeNo, String orderNo, Duration awaitNotify, boolean syncWithProvider) {

  public OrderQuery {
    if ((outTradeNo == null) == (orderNo == null)) {
      throw UniPayException.invalid("give exactly one of outTradeNo and orderNo");
    }
    if (awaitNotify == null || awaitNotify.isNegative()) awaitNotify = Duration.ZERO;
  }

  public static OrderQuery byOutTradeNo(String outTradeNo) {
    return new OrderQuery(outTradeNo, null, Duration.ZERO, false);
  }

  public static OrderQuery byOrderNo(String orderNo) {
    return new OrderQuery(null, orderNo, Duration.ZERO, false);
  }

  /** A copy that waits up to {@code wait} for the notification. */
  public OrderQuery awaitNotify(Duration wait) {
    return new OrderQuery(outTradeNo, orderNo, wait, syncWithProvider);
  }

  /** A copy that queries the provider when the order is still unpaid. */
  public OrderQuery withProviderSync() {
    return new OrderQuery(outTradeNo, orderNo, awaitNotify, true);
  }
}
