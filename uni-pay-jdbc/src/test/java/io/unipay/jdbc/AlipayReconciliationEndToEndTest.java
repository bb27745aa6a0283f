package io.unipay.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.alipay.AlipayClient;
import io.unipay.alipay.AlipayConfig;
import io.unipay.core.RefundRequest;
import io.unipay.core.UniPayException;
import io.unipay.core.fake.MutableClock;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.testkit.alipay.AlipaySimulator;
import io.unipay.testkit.alipay.Fault;
import io.unipay.testkit.alipay.FaultPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ReconciliationEndToEnd} with the real {@link AlipayClient} (public-key mode) against the
 * {@link AlipaySimulator}: the bill's URL is asked for with {@code
 * alipay.data.dataservice.bill.downloadurl.query}, the ZIP of GBK CSVs downloaded and parsed.
 * Refunds are answered at once.
 */
class AlipayReconciliationEndToEndTest extends ReconciliationEndToEnd {
  private static final String REFUND = "alipay.trade.refund";
  private AlipaySimulator sim;

  @Override
  protected ReconcileBench start(TestDatabases.Kind kind, MutableClock clock) {
    List<AutoCloseable> closeables = new ArrayList<>();
    sim = AlipaySimulator.builder().clock(clock).start();
    closeables.add(sim);
    AlipayClient client = new AlipayClient(AlipayConfig.builder()
        .appId(sim.appId())
        .appPrivateKey(sim.appPrivateKeyPem())
        .alipayPublicKey(sim.alipayPublicKeyPem())
        .sellerId(sim.sellerId())
        .gatewayUrl(sim.gatewayUrl())
        .clock(clock)
        .build());
    closeables.add(client);
    return new ReconcileBench(kind, clock, client, closeables);
  }

  @Override
  protected void pay(String outTradeNo) {
    sim.pay(outTradeNo);
    try {
      assertThat(sim.truth().awaitAcknowledged(outTradeNo, ReconcileBench.WAIT))
          .as("notification of %s handled", outTradeNo).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  protected void payLosingTheNotification(String outTradeNo) {
    sim.faults().dropNextNotifications(1); // with all its redeliveries
    sim.pay(outTradeNo);
    assertThat(sim.truth().notifyAttempts(outTradeNo)).singleElement()
        .satisfies(a -> assertThat(a.acknowledged()).isFalse());
  }

  @Override
  protected Refund refund(String outTradeNo, long fen) {
    Refund refund = b.pay.refund(RefundRequest.of(outTradeNo, fen, "退货"));
    assertThat(refund.status()).isEqualTo(RefundStatus.SUCCESS);
    return refund;
  }

  @Override
  protected Refund refundLosingTheAnswer(String outTradeNo, long fen) {
    sim.faults().injectFault(REFUND, Fault.SYSTEM_ERROR, FaultPoint.AFTER_APPLY, 1);
    assertThatThrownBy(() -> b.pay.refund(RefundRequest.of(outTradeNo, fen, "退货")))
        .isInstanceOf(UniPayException.class);
    assertThat(sim.truth().refunds(outTradeNo)).as("Alipay made it").hasSize(1);
    return b.pay.refunds(outTradeNo).get(0);
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
