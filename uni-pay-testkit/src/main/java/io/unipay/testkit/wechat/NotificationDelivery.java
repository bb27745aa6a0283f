package io.unipay.testkit.wechat;

import java.time.Instant;

/**
 * One attempt to deliver a notification to a merchant's {@code notify_url}.
 *
 * @param eventId the notification id ({@code EV-...}), the same for every redelivery
 * @param eventType e.g. {@code TRANSACTION.SUCCESS}, {@code REFUND.SUCCESS}
 * @param outTradeNo the trade the notification is about
 * @param attempt 1 for the first delivery, 2 for the first redelivery, ...
 * @param httpStatus the merchant's HTTP status, -1 on an I/O error, 0 when dropped by a fault
 * @param fault the fault applied to this attempt, or null
 * @param at when the attempt was made (simulator clock)
 */
public record NotificationDelivery(
    String eventId,
    String eventType,
    String outTradeNo,
    int attempt,
    int httpStatus,
    Fault fault,
    Instant at) {

  /** Whether the merchant acknowledged it (HTTP 2xx), so WeChat Pay stops redelivering. */
  public boolean acknowledged() {
    return httpStatus >= 200 && httpStatus < 300;
  }
}
