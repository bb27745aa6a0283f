package io.unipay.testkit.wechat;

import io.unipay.testkit.wechat.WechatPaySimulator.SigningKey;
import java.io.IOException;

/**
 * The notifications the simulator signs (and encrypts) the way WeChat Pay does now: for a paid
 * trade, any transaction, a finished refund, any resource, or a raw body. Nothing is sent here.
 */
final class SimNotifications {
  private final WechatPaySimulator sim;

  SimNotifications(WechatPaySimulator sim) {
    this.sim = sim;
  }

  /** See {@link WechatPaySimulator#paymentNotification}. */
  SignedNotification payment(String outTradeNo) {
    String plaintext;
    synchronized (sim.lock) {
      Trade trade = sim.requireTrade(outTradeNo);
      if (!trade.paid()) throw new IllegalStateException(outTradeNo + " is not paid");
      plaintext = sim.json(sim.wire.transaction(trade));
    }
    return builder()
        .eventType("TRANSACTION.SUCCESS")
        .summary("支付成功")
        .resource("transaction", plaintext)
        .build();
  }

  /** See {@link WechatPaySimulator#transactionNotification}. */
  SignedNotification transaction(String transactionJson) {
    return builder()
        .eventType("TRANSACTION.SUCCESS")
        .summary("支付成功")
        .resource("transaction", transactionJson)
        .build();
  }

  /** See {@link WechatPaySimulator#refundNotification}. */
  SignedNotification refund(String outRefundNo) {
    String plaintext;
    String status;
    synchronized (sim.lock) {
      RefundRecord refund = sim.refunds.get(outRefundNo);
      if (refund == null) throw new IllegalStateException("unknown out_refund_no " + outRefundNo);
      status = refund.status;
      plaintext = sim.json(sim.wire.refundNotification(refund));
    }
    String summary =
        switch (status) {
          case "SUCCESS" -> "退款成功";
          case "CLOSED" -> "退款关闭";
          default -> "退款异常";
        };
    return builder()
        .eventType("REFUND." + status)
        .summary(summary)
        .resource("refund", plaintext)
        .build();
  }

  /** See {@link WechatPaySimulator#notification}. */
  NotificationBuilder builder() {
    SigningKey key = sim.signingKey();
    return new NotificationBuilder(
        sim.mapper, sim.apiV3Key, key.serial(), key.key(), sim.clock, sim.nonces);
  }

  /** See {@link WechatPaySimulator#signNotificationBody}. */
  SignedNotification sign(byte[] body) {
    SigningKey key = sim.signingKey();
    return NotificationBuilder.sign(
        body.clone(), sim.clock.instant().getEpochSecond(), sim.nonces.get(), key.serial(),
        key.key());
  }

  /** The {@code id} of a notification's body. */
  String eventId(SignedNotification notification) {
    try {
      return sim.mapper.readTree(notification.body()).path("id").asText();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
