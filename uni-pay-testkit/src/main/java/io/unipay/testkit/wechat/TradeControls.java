package io.unipay.testkit.wechat;

import java.util.List;

/**
 * What the payer and WeChat Pay do to the simulator's trades and refunds (the test controls of
 * {@link WechatPaySimulator}): pay, start paying, expire, redeliver, finish a refund; each
 * notification goes out in the background.
 */
final class TradeControls {
  private final WechatPaySimulator sim;

  TradeControls(WechatPaySimulator sim) {
    this.sim = sim;
  }

  /** See {@link WechatPaySimulator#pay}. */
  String pay(String outTradeNo) {
    Trade trade;
    synchronized (sim.lock) {
      trade = sim.requireTrade(outTradeNo);
      if (!trade.state.equals("NOTPAY") && !trade.state.equals("USERPAYING")) {
        throw new IllegalStateException(outTradeNo + " is " + trade.state + ", cannot be paid");
      }
      trade.state = "SUCCESS";
      trade.transactionId = "42000" + String.format("%023d", sim.sequence.getAndIncrement());
      trade.successTime = sim.clock.instant();
      trade.payerOpenid =
          trade.openid != null ? trade.openid : "oSimulatedPayer" + SimCrypto.alnum(13);
    }
    SignedNotification notification = sim.paymentNotification(outTradeNo);
    String eventId;
    synchronized (sim.lock) {
      trade.lastPaymentNotification = notification;
      eventId = sim.eventId(notification);
      trade.lastPaymentEventId = eventId;
    }
    sim.deliver(
        new NotificationSender.Pending(
            eventId, "TRANSACTION.SUCCESS", outTradeNo, trade.notifyUrl, notification));
    return trade.transactionId;
  }

  /** See {@link WechatPaySimulator#startPaying}. */
  void startPaying(String outTradeNo) {
    synchronized (sim.lock) {
      Trade trade = sim.requireTrade(outTradeNo);
      if (!trade.state.equals("NOTPAY")) {
        throw new IllegalStateException(outTradeNo + " is " + trade.state);
      }
      trade.state = "USERPAYING";
    }
  }

  /** See {@link WechatPaySimulator#duplicateNotify}. */
  void duplicateNotify(String outTradeNo) {
    Trade trade;
    synchronized (sim.lock) {
      trade = sim.requireTrade(outTradeNo);
      if (trade.lastPaymentNotification == null) {
        throw new IllegalStateException(outTradeNo + " was never paid");
      }
    }
    sim.deliver(
        new NotificationSender.Pending(
            trade.lastPaymentEventId,
            "TRANSACTION.SUCCESS",
            outTradeNo,
            trade.notifyUrl,
            trade.lastPaymentNotification));
  }

  /** See {@link WechatPaySimulator#closeByTimeout}. */
  void closeByTimeout(String outTradeNo) {
    synchronized (sim.lock) {
      Trade trade = sim.requireTrade(outTradeNo);
      if (!trade.state.equals("NOTPAY")) {
        throw new IllegalStateException(outTradeNo + " is " + trade.state + ", cannot expire");
      }
      trade.state = "CLOSED";
    }
  }

  /** See {@link WechatPaySimulator#completeRefund}. */
  void completeRefund(String outRefundNo, String status) {
    if (!List.of("SUCCESS", "CLOSED", "ABNORMAL").contains(status)) {
      throw new IllegalArgumentException("status must be SUCCESS, CLOSED or ABNORMAL: " + status);
    }
    RefundRecord refund;
    synchronized (sim.lock) {
      refund = sim.refunds.get(outRefundNo);
      if (refund == null) throw new IllegalStateException("unknown out_refund_no " + outRefundNo);
      if (!refund.status.equals("PROCESSING") && !refund.status.equals("ABNORMAL")) {
        throw new IllegalStateException(outRefundNo + " is already " + refund.status);
      }
      refund.status = status;
      if (status.equals("SUCCESS")) refund.successTime = sim.clock.instant();
      if (status.equals("CLOSED")) refund.trade.refunded -= refund.refund;
    }
    if (refund.notifyUrl != null) {
      SignedNotification notification = sim.refundNotification(outRefundNo);
      sim.deliver(
          new NotificationSender.Pending(
              sim.eventId(notification),
              "REFUND." + status,
              refund.trade.outTradeNo,
              refund.notifyUrl,
              notification));
    }
  }
}
