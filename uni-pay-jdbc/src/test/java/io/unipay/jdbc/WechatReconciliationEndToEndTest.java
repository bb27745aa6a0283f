package io.unipay.jdbc;

import io.unipay.core.RefundRequest;
import io.unipay.core.fake.MutableClock;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.testkit.wechat.Fault;
import io.unipay.testkit.wechat.WechatPaySimulator;
import io.unipay.wechat.WechatPayClient;
import io.unipay.wechat.WechatPayConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ReconciliationEndToEnd} with the real {@link WechatPayClient} against the {@link
 * WechatPaySimulator}: the trade bill is asked for with a signed GET, downloaded (GZIP) and checked
 * against its SHA1. Refunds are PROCESSING at first; the simulator then completes them and sends
 * REFUND.SUCCESS to the engine's refund route.
 */
class WechatReconciliationEndToEndTest extends ReconciliationEndToEnd {
  private WechatPaySimulator sim;

  @Override
  protected ReconcileBench start(TestDatabases.Kind kind, MutableClock clock) {
    List<AutoCloseable> closeables = new ArrayList<>();
    sim = WechatPaySimulator.builder().clock(clock).start();
    closeables.add(sim);
    WechatPayClient client = new WechatPayClient(WechatPayConfig.builder()
        .mchid(sim.mchid())
        .privateKey(sim.merchantPrivateKeyPem())
        .merchantSerialNumber(sim.merchantSerialNumber())
        .apiV3Key(sim.apiV3Key())
        .defaultAppId(sim.appId())
        .wechatPayPublicKey(sim.platformPublicKeyPem(), sim.publicKeyId())
        .baseUrl(sim.baseUrl())
        .clock(clock)
        .build());
    closeables.add(client);
    return new ReconcileBench(kind, clock, client, closeables);
  }

  @Override
  protected void pay(String outTradeNo) {
    sim.pay(outTradeNo);
    sim.awaitAcknowledged(outTradeNo, ReconcileBench.WAIT);
  }

  @Override
  protected void payLosingTheNotification(String outTradeNo) {
    sim.inject(Fault.DROP_NOTIFICATION, 1);
    sim.pay(outTradeNo);
    sim.awaitDelivery(
        d -> d.outTradeNo().equals(outTradeNo) && d.fault() == Fault.DROP_NOTIFICATION,
        ReconcileBench.WAIT);
  }

  @Override
  protected Refund refund(String outTradeNo, long fen) {
    Refund refund = b.pay.refund(RefundRequest.of(outTradeNo, fen, "退货"));
    sim.completeRefund(refund.outRefundNo(), "SUCCESS");
    return b.awaitRefund(refund.outRefundNo(), RefundStatus.SUCCESS);
  }

  @Override
  protected Refund refundLosingTheAnswer(String outTradeNo, long fen) {
    Refund refund = b.pay.refund(RefundRequest.of(outTradeNo, fen, "退货"));
    sim.inject(Fault.DROP_NOTIFICATION, 1);
    sim.completeRefund(refund.outRefundNo(), "SUCCESS"); // REFUND.SUCCESS never arrives
    sim.awaitDelivery(
        d -> d.outTradeNo().equals(outTradeNo) && d.eventType().equals("REFUND.SUCCESS")
            && d.fault() == Fault.DROP_NOTIFICATION,
        ReconcileBench.WAIT);
    return refund;
  }

  @Override
  protected void consoleRefund(String outTradeNo, String outRefundNo, long fen) {
    sim.bills().addExternalRefund(outTradeNo, outRefundNo, fen, clock.instant());
  }

  @Override
  protected void billOmitsPayment(String outTradeNo) {
    sim.bills().omitPayment(outTradeNo);
  }

  @Override
  protected void billOmitsRefund(String outRefundNo) {
    sim.bills().omitRefund(outRefundNo);
  }

  @Override
  protected int billDownloads() {
    return sim.bills().downloadsServed();
  }
}
