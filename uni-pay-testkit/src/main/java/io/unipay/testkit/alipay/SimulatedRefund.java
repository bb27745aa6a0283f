package io.unipay.testkit.alipay;

import java.time.Instant;

/**
 * The simulator's truth about one refund, for assertions ({@link AlipaySimulator#refund}).
 *
 * @param outTradeNo the refunded trade
 * @param outRequestNo the refund's {@code out_request_no}
 * @param fen the refunded amount in fen
 * @param settled whether the money went back ({@code REFUND_SUCCESS})
 * @param at when the refund was made (simulator clock)
 */
public record SimulatedRefund(
    String outTradeNo, String outRequestNo, long fen, boolean settled, Instant at) {}
