package io.unipay.testkit.wechat;

/**
 * A snapshot of a trade the simulator knows.
 *
 * @param outTradeNo the merchant's order number
 * @param tradeType JSAPI, APP, NATIVE or MWEB (H5)
 * @param tradeState NOTPAY, USERPAYING, SUCCESS, REFUND or CLOSED
 * @param total amount in fen
 * @param appid the app id of the prepay request
 * @param transactionId WeChat Pay's transaction id, or null when not paid
 * @param notifyUrl where payment notifications go
 * @param refunded sum of refunds not closed, in fen
 */
public record SimulatedTrade(
    String outTradeNo,
    String tradeType,
    String tradeState,
    long total,
    String appid,
    String transactionId,
    String notifyUrl,
    long refunded) {}
