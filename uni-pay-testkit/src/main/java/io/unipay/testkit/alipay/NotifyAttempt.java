package io.unipay.testkit.alipay;

import java.time.Instant;

/**
 * One delivery attempt of an asynchronous notification by the {@link AlipaySimulator}.
 *
 * @param outTradeNo the trade the notification is about
 * @param notifyId the notification's {@code notify_id} (unchanged across redeliveries)
 * @param tradeStatus the {@code trade_status} it carried
 * @param attempt 1 for the first delivery, 2.. for redeliveries
 * @param httpStatus the merchant's HTTP status, or 0 when nothing came back (or it was dropped)
 * @param responseBody the merchant's answer body (trimmed), or a note when nothing came back
 * @param acknowledged whether the answer was exactly {@code success}
 * @param at when the attempt finished (simulator clock)
 */
public record NotifyAttempt(
    String outTradeNo,
    String notifyId,
    String tradeStatus,
    int attempt,
    int httpStatus,
    String responseBody,
    boolean acknowledged,
    Instant at) {}
