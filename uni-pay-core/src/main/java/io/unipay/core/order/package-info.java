/**
 * The payment domain: {@link io.unipay.core.order.PayOrder} and {@link io.unipay.core.order.Refund}
 * records, the status machine {@link io.unipay.core.order.OrderStatus} (uni-pay-co codes -1, 0, 1,
 * 2, 3), providers and pay types.
 */
package io.unipay.core.order;
