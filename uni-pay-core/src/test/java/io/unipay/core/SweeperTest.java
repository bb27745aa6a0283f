package io.unipay.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.spi.TradeState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweeperTest {
  private final EngineFixture f = new EngineFixture();
  private final List<SweepReport> reports = new ArrayList<>();
  private final Sweeper sweeper =
      f.pay.sweeper().listener(new SweepListener() {
        @Override
        public void onPass(SweepReport report) {
          reports.add(report);
        }
      }).build();

  @Test
  void aDroppedNotificationIsFoundByQueryAndTheLateNotificationChangesNothing() {
    CreateOrderResult created = f.create("S1", 100);
    var notification = f.wechat.pay(created.outTradeNo()); // paid, notification lost

    assertThat(sweeper.runOnce().claimed()).as("not due before a minute").isZero();
    f.clock.advance(Duration.ofMinutes(1));
    SweepReport report = sweeper.runOnce();

    assertThat(report.settled()).isEqualTo(1);
    assertThat(f.order(created.outTradeNo()).status()).isEqualTo(OrderStatus.PAID);
    assertThat(f.handler.paidCalls).hasValue(1);
    assertThat(f.handler.events.get(0).source()).isEqualTo("sweeper");

    assertThat(f.pay.handleNotify(notification).success()).isTrue();
    assertThat(f.handler.paidCalls).hasValue(1);
    assertThat(reports).hasSize(2);
  }

  @Test
  void unpaidOrdersAreQueriedWithBackoffUntilExpiry() {
    CreateOrderResult created = f.create("S2", 100);
    f.clock.advance(Duration.ofMinutes(1));
    sweeper.runOnce();
    assertThat(f.wechat.queryCalls).hasValue(1);
    assertThat(f.order(created.outTradeNo()).nextCheckAt())
        .isEqualTo(f.clock.instant().plus(Duration.ofMinutes(5)));

    f.clock.advance(Duration.ofMinutes(4));
    sweeper.runOnce();
    assertThat(f.wechat.queryCalls).as("not yet due").hasValue(1);

    f.clock.advance(Duration.ofMinutes(1));
    sweeper.runOnce();
    assertThat(f.wechat.queryCalls).hasValue(2);
    assertThat(f.order(created.outTradeNo()).checkCount()).isEqualTo(2);
  }

  @Test
  void anExpiredUnpaidOrderIsClosedAtTheProviderAndLocally() {
    CreateOrderResult created = f.create("S3", 100);
    f.clock.advance(Duration.ofHours(2));

    SweepReport report = sweeper.runOnce();

    assertThat(report.closed()).isEqualTo(1);
    assertThat(f.wechat.tradeState(created.outTradeNo())).isEqualTo(TradeState.CLOSED);
    assertThat(f.order(created.outTradeNo()).status()).isEqualTo(OrderStatus.CLOSED);
    assertThat(f.order(created.outTradeNo()).cancelDate()).isEqualTo(f.clock.instant());
  }

  @Test
  void anExpiredOrderPaidJustBeforeTheCloseIsSettledNotClosed() {
    CreateOrderResult created = f.create("S4", 100);
    f.wechat.setTradeState(created.outTradeNo(), TradeState.PAID);
    f.clock.advance(Duration.ofHours(3));

    SweepReport report = sweeper.runOnce();

    assertThat(report.settled()).isEqualTo(1);
    assertThat(report.closed()).isZero();
    assertThat(f.order(created.outTradeNo()).status()).isEqualTo(OrderStatus.PAID);
    assertThat(f.wechat.closeCalls).hasValue(0);
    assertThat(f.handler.paidCalls).hasValue(1);
  }

  @Test
  void providerFailuresDuringExpiryCloseNothingAndAreRetriedLater() {
    CreateOrderResult created = f.create("S5", 100);
    f.clock.advance(Duration.ofHours(3));
    f.wechat.failNextQuery(new UniPayException(ErrorCode.PROVIDER_UNAVAILABLE, "503"));

    SweepReport failed = sweeper.runOnce();
    assertThat(failed.errors()).isEqualTo(1);
    assertThat(f.order(created.outTradeNo()).status()).isEqualTo(OrderStatus.UNPAID);

    f.wechat.failNextClose(new UniPayException(ErrorCode.OUTCOME_UNKNOWN, "timeout"));
    f.clock.advance(Duration.ofMinutes(5));
    SweepReport closeFailed = sweeper.runOnce();
    assertThat(closeFailed.errors()).isEqualTo(1);
    assertThat(f.order(created.outTradeNo()).status()).isEqualTo(OrderStatus.UNPAID);

    f.clock.advance(Duration.ofMinutes(15));
    SweepReport ok = sweeper.runOnce();
    assertThat(ok.closed()).isEqualTo(1);
    assertThat(f.order(created.outTradeNo()).status()).isEqualTo(OrderStatus.CLOSED);
  }

  @Test
  void aPayerMidPaymentIsNotClosed() {
    CreateOrderResult created = f.create("S6", 100);
    f.wechat.setTradeState(created.outTradeNo(), TradeState.PAYING);
    f.clock.advance(Duration.ofHours(3));

    sweeper.runOnce();

    assertThat(f.order(created.outTradeNo()).status()).isEqualTo(OrderStatus.UNPAID);
    assertThat(f.wechat.closeCalls).hasValue(0);
  }

  @Test
  void aStuckProcessingRefundIsReconciledByQuery() {
    CreateOrderResult created = f.create("S7", 100);
    f.pay.handleNotify(f.wechat.pay(created.outTradeNo()));
    f.wechat.answerRefundsWith(RefundStatus.PROCESSING);
    f.pay.refund(RefundRequest.of(created.outTradeNo(), 100, null).withOutRefundNo("SR7"));

    f.clock.advance(Duration.ofMinutes(2));
    assertThat(sweeper.runOnce().refundsReconciled()).as("still processing").isZero();

    f.wechat.setRefundStatus("SR7", RefundStatus.CLOSED);
    f.clock.advance(Duration.ofMinutes(5));
    assertThat(sweeper.runOnce().refundsReconciled()).isEqualTo(1);
    assertThat(f.pay.getRefund("SR7", false).status()).isEqualTo(RefundStatus.CLOSED);
    assertThat(f.order(created.outTradeNo()).status()).as("recomputed").isEqualTo(OrderStatus.PAID);
  }

  @Test
  void aDuplicatePaymentWhoseAutomaticRefundWasRefusedIsRefundedByALaterPass() {
    CreateOrderResult byWechat = f.create("S11", 100, io.unipay.core.order.Provider.WXPAY);
    CreateOrderResult byAlipay = f.create("S11", 100, io.unipay.core.order.Provider.ALIPAY);
    f.pay.handleNotify(f.wechat.pay(byWechat.outTradeNo()));
    f.alipay.failNextRefund(new ProviderRejectedException("NOT_ENOUGH", "balance", 403, "refund", ProviderRejectedException.Verdict.REFUSED));
    f.pay.handleNotify(f.alipay.pay(byAlipay.outTradeNo()));
    assertThat(f.order(byAlipay.outTradeNo()).status()).as("refusal released").isEqualTo(OrderStatus.PAID);

    f.clock.advance(Duration.ofMinutes(1));
    SweepReport report = sweeper.runOnce();

    assertThat(report.duplicatesRefunded()).isEqualTo(1);
    assertThat(f.order(byAlipay.outTradeNo()).status()).isEqualTo(OrderStatus.FULLY_REFUNDED);
    assertThat(f.order(byWechat.outTradeNo()).status()).isEqualTo(OrderStatus.PAID);
    assertThat(sweeper.runOnce().duplicatesRefunded()).isZero();
  }

  @Test
  void duplicatePaymentsAreLeftAloneWhenThePolicyIsOff() {
    EngineFixture off = new EngineFixture(UniPay.builder().refundDuplicatePayments(false));
    CreateOrderResult a = off.create("S12", 100, io.unipay.core.order.Provider.WXPAY);
    CreateOrderResult b = off.create("S12", 100, io.unipay.core.order.Provider.ALIPAY);
    off.pay.handleNotify(off.wechat.pay(a.outTradeNo()));
    off.pay.handleNotify(off.alipay.pay(b.outTradeNo()));
    off.clock.advance(Duration.ofMinutes(5));

    assertThat(off.pay.sweeper().build().runOnce().duplicatesRefunded()).isZero();
    assertThat(off.order(b.outTradeNo()).status()).isEqualTo(OrderStatus.PAID);
    assertThat(off.alipay.refundCalls).hasValue(0);
  }

  @Test
  void purgeRemovesOnlyOldClosedOrdersWhenEnabled() {
    CreateOrderResult closed = f.create("S8", 100);
    CreateOrderResult paid = f.create("S9", 100);
    f.pay.handleNotify(f.wechat.pay(paid.outTradeNo()));
    f.pay.closeOrder(closed.outTradeNo());
    f.clock.advance(Duration.ofDays(4));

    SweepReport report = f.pay.sweeper().purgeClosedAfter(Duration.ofDays(3)).build().runOnce();

    assertThat(report.purged()).isEqualTo(1);
    assertThat(f.repository.find(closed.outTradeNo())).isEmpty();
    assertThat(f.repository.find(paid.outTradeNo())).isPresent();
  }

  @Test
  void startedSweeperRunsInTheBackgroundAndStops() throws Exception {
    CreateOrderResult created = f.create("S10", 100);
    f.wechat.pay(created.outTradeNo());
    f.clock.advance(Duration.ofMinutes(1));

    try (Sweeper background = f.pay.sweeper().interval(Duration.ofMillis(50)).build().start()) {
      long deadline = System.currentTimeMillis() + 5000;
      while (f.order(created.outTradeNo()).status() != OrderStatus.PAID
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
    }
    assertThat(f.order(created.outTradeNo()).status()).isEqualTo(OrderStatus.PAID);
  }
}
