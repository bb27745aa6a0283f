package io.unipay.core;

import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.PrepayResult;
import java.time.Instant;

/**
 * What {@code createOrder} returns: the payment order's number and what the client needs to pay.
 *
 * @param outTradeNo the payment order number (ask for status with it)
 * @param orderNo the host's business order number
 * @param provider the provider
 * @param payType the pay type
 * @param totalFee amount in fen
 * @param expireDate when the order stops being payable
 * @param payload the client payload; match on its variant
 * @param reused whether an existing unpaid payment order was reused for the same order
 */
public record CreateOrderResult(
    String outTradeNo,
    String orderNo,
    Provider provider,
    PayType payType,
    long totalFee,
    Instant expireDate,
    PrepayResult payload,
    boolean reused) {}
