package io.unipay.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.RefundRequest;
import io.unipay.core.fake.MutableClock;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.reconcile.Discrepancy;
import io.unipay.core.reconcile.DiscrepancyType;
import io.unipay.core.reconcile.ReconciliationReport;
import io.unipay.core.reconcile.Remedy;
import io.unipay.testkit.wechat.Fault;
import io.unipay.testkit.wechat.WechatPaySimulator;
import io.unipay.wechat.WechatPayClient;
import io.unipay.wechat.WechatPayConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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

  // ------------------------------------------------- WeChat's refund lines carry their state

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = TestDatabases.Kind.class, names = {"H2", "POSTGRESQL"})
  void aRefundStillProcessingWhenTheBillIsMadeIsNoDiscrepancyAndCountsOnNeitherSide(
      TestDatabases.Kind kind) {
    bench(kind);
    String no = paid(800);
    Refund refund = b.pay.refund(RefundRequest.of(no, 300, "退货")); // the simulator keeps it PROCESSING
    b.nextMorning();

    ReconciliationReport report = reconcile();

    assertThat(report.isClean()).as(report.discrepancies().toString()).isTrue();
    assertThat(report.providerTotals().refunds()).isZero();
    assertThat(report.localTotals().refunds()).isZero();
    assertThat(b.pay.getRefund(refund.outRefundNo(), false).status()).isEqualTo(RefundStatus.PROCESSING);
    assertThat(b.pay.ledger().unresolved(100)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = TestDatabases.Kind.class, names = {"H2", "POSTGRESQL"})
  void aRefundClosedAtTheProviderAndClosedHereIsNoDiscrepancy(TestDatabases.Kind kind) {
    bench(kind);
    String no = paid(800);
    Refund refund = b.pay.refund(RefundRequest.of(no, 300, "退货"));
    sim.completeRefund(refund.outRefundNo(), "CLOSED");
    b.awaitRefund(refund.outRefundNo(), RefundStatus.CLOSED);
    b.nextMorning();

    ReconciliationReport report = reconcile();

    assertThat(report.isClean()).as(report.discrepancies().toString()).isTrue();
    assertThat(report.providerTotals().refunds()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = TestDatabases.Kind.class, names = {"H2", "POSTGRESQL"})
  void aRefundTheBillSaysFailedButTheBooksSaySucceededIsMissingAtTheProvider(
      TestDatabases.Kind kind) {
    bench(kind);
    String no = paid(800);
    Refund refund = b.pay.refund(RefundRequest.of(no, 300, "退货"));
    sim.completeRefund(refund.outRefundNo(), "CLOSED");
    b.awaitRefund(refund.outRefundNo(), RefundStatus.CLOSED);
    b.markRefundSucceededByHand(refund.outRefundNo());
    b.nextMorning();

    ReconciliationReport report = reconcile();

    Discrepancy d = only(report, DiscrepancyType.REFUND_MISSING_AT_PROVIDER);
    assertThat(report.discrepancyCount()).isEqualTo(1);
    assertThat(d.outRefundNo()).isEqualTo(refund.outRefundNo());
    assertThat(d.localAmount()).isEqualTo(300);
    assertThat(d.remedy()).isEqualTo(Remedy.LEFT_TO_OPERATOR);
    assertThat(d.detail()).contains("FAIL");
    assertThat(report.providerTotals().refunds()).isZero();
    assertThat(report.localTotals().refunds()).isEqualTo(1);
  }
}
