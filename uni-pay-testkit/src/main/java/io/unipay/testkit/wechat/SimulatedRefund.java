package io.unipay.testkit.wechat;

/**
 * A snapshot of a refund the simulator knows.
 *
 * @param outRefundNo the merchant's refund number
 * @param outTradeNo the refunded trade
 * @param refundId WeChat Pay's refund id
 * @param status PROCESSING, SUCCESS, CLOSED or ABNORMAL
 * @param refund amount in fen
 * @param notifyUrl where refund notifications go, or null
 */
public record SimulatedRefund(
    String outRefundNo,
    String outTradeNo,
    String refundId,
    String status,
    long refund,
    String notifyUrl) {}
