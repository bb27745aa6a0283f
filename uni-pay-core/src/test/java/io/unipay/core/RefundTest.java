package io.unipay.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RefundTest {
  private final EngineFixture f = new EngineFixture();

  private String paidOrder(String orderNo, long fee) {
    CreateOrderResult created = f.create(orderNo, fee);
    f.pay.handleNotify(f.wechat.pay(created.outTradeNo()));
    return created.outTradeNo();
  }

  @Test
  void partialThenFullRefundMovesTheOrderToTwoThenThree() {
    String no = paidOrder("R1", 100);

    Refund first = f.pay.refund(RefundRequest.of(no, 30, "partial"));
    assertThat(first.status()).isEqualTo(RefundStatus.SUCCESS);
    assertThat(f.order(no).status()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
    assertThat(f.order(no).refundFee()).isEqualTo(30);

    f.pay.refund(RefundRequest.ofOrderNo("R1", 70, "rest"));
    assertThat(f.order(no).status()).isEqualTo(OrderStatus.FULLY_REFUNDED);
    assertThat(f.order(no).refundFee()).isEqualTo(100);
    assertThat(f.order(no).refundCount()).isEqualTo(2);
    assertThat(f.handler.refunds).hasSize(2);
  }

  @Test
  void overRefundIsRejectedAndChangesNothing() {
    String no = paidOrder("R2", 100);
    f.pay.refund(RefundRequest.of(no, 60, null));

    assertThatThrownBy(() -> f.pay.refund(RefundRequest.of(no, 41, null)))
        .isInstanceOfSatisfying(UniPayException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.REFUND_EXCEEDS_PAID);
          assertThat(e.getMessage()).contains("41").contains("40 of 100");
        });
    assertThat(f.order(no).refundFee()).isEqualTo(60);
    assertThat(f.pay.refunds(no)).hasSize(1);
  }

  @Test
  void unpaidOrdersAreNotRefundable() {
    CreateOrderResult created = f.create("R3", 100);

    assertThatThrownBy(() -> f.pay.refund(RefundRequest.of(created.outTradeNo(), 10, null)))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.ORDER_NOT_REFUNDABLE));
  }

  @Test
  void concurrentRefundsNeverExceedThePaidAmount() throws Exception {
    String no = paidOrder("R4", 100);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      results.add(pool.submit(() -> {
        start.await();
        try {
          f.pay.refund(RefundRequest.of(no, 3, null));
          return true;
        } catch (UniPayException e) {
          assertThat(e.code()).isEqualTo(ErrorCode.REFUND_EXCEEDS_PAID);
          return false;
        }
      }));
    }
    start.countDown();
    int ok = 0;
    for (Future<Boolean> r : results) if (r.get(10, TimeUnit.SECONDS)) ok++;
    pool.shutdown();

    assertThat(ok).isEqualTo(33);
    assertThat(f.order(no).refundFee()).isEqualTo(99);
    assertThat(f.pay.refunds(no)).hasSize(33);
  }

  @Test
  void aRefusedRefundReleasesItsReservation() {
    String no = paidOrder("R5", 100);
    f.wechat.failNextRefund(new ProviderRejectedException("NOT_ENOUGH", "balance", 403, "refund", ProviderRejectedException.Verdict.REFUSED));

    assertThatThrownBy(() -> f.pay.refund(RefundRequest.of(no, 100, null)))
        .isInstanceOf(ProviderRejectedException.class);

    assertThat(f.order(no).status()).isEqualTo(OrderStatus.PAID);
    assertThat(f.order(no).refundFee()).isZero();
    assertThat(f.pay.refunds(no)).singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo(RefundStatus.CLOSED));
    assertThat(f.pay.refund(RefundRequest.of(no, 100, null)).status()).isEqualTo(RefundStatus.SUCCESS);
  }

  @Test
  void anUnknownOutcomeKeepsTheRefundProcessingAndTheSweeperReconcilesIt() {
    String no = paidOrder("R6", 100);
    f.wechat.failNextRefund(new UniPayException(ErrorCode.OUTCOME_UNKNOWN, "read timeout"));

    assertThatThrownBy(() -> f.pay.refund(RefundRequest.of(no, 100, null).withOutRefundNo("RF6")))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN));
    assertThat(f.pay.getRefund("RF6", false).status()).isEqualTo(RefundStatus.PROCESSING);
    assertThat(f.order(no).status()).isEqualTo(OrderStatus.FULLY_REFUNDED);

    // The provider never saw it; the sweeper finds that out and sends it again, idempotently.
    f.clock.advance(java.time.Duration.ofMinutes(2));
    SweepReport report = f.pay.sweeper().build().runOnce();

    assertThat(report.refundsReconciled()).isEqualTo(1);
    assertThat(f.pay.getRefund("RF6", false).status()).isEqualTo(RefundStatus.SUCCESS);
  }

  @Test
  void aProcessingRefundIsCompletedByItsNotification() {
    String no = paidOrder("R7", 100);
    f.wechat.answerRefundsWith(RefundStatus.PROCESSING);
    Refund refund = f.pay.refund(RefundRequest.of(no, 40, null).withOutRefundNo("RF7"));
    assertThat(refund.status()).isEqualTo(RefundStatus.PROCESSING);

    NotifyResponse ack =
        f.pay.handleNotify(f.wechat.refundNotification(no, "RF7", RefundStatus.SUCCESS, 40));
    NotifyResponse duplicate =
        f.pay.handleNotify(f.wechat.refundNotification(no, "RF7", RefundStatus.SUCCESS, 40));

    assertThat(ack.success()).isTrue();
    assertThat(duplicate.success()).isTrue();
    assertThat(f.pay.getRefund("RF7", false).status()).isEqualTo(RefundStatus.SUCCESS);
    assertThat(f.handler.refunds).hasSize(1);
    assertThat(f.order(no).status()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
  }

  @Test
  void aClosedRefundNotificationReleasesTheAmount() {
    String no = paidOrder("R8", 100);
    f.wechat.answerRefundsWith(RefundStatus.PROCESSING);
    f.pay.refund(RefundRequest.of(no, 100, null).withOutRefundNo("RF8"));
    assertThat(f.order(no).status()).isEqualTo(OrderStatus.FULLY_REFUNDED);

    f.pay.handleNotify(f.wechat.refundNotification(no, "RF8", RefundStatus.CLOSED, 100));

    assertThat(f.order(no).status()).isEqualTo(OrderStatus.PAID);
    assertThat(f.order(no).refundFee()).isZero();
  }

  @Test
  void retryingWithTheSameRefundNumberReturnsTheSameRefund() {
    String no = paidOrder("R9", 100);
    Refund first = f.pay.refund(RefundRequest.of(no, 10, null).withOutRefundNo("RF9"));
    Refund again = f.pay.refund(RefundRequest.of(no, 10, null).withOutRefundNo("RF9"));

    assertThat(again).isEqualTo(first);
    assertThat(f.order(no).refundFee()).isEqualTo(10);
    assertThatThrownBy(() -> f.pay.refund(RefundRequest.of(no, 11, null).withOutRefundNo("RF9")))
        .hasMessageContaining("RF9");
  }

  @Test
  void aRefundResultWithAnotherAmountIsNotApplied() {
    String no = paidOrder("R10", 100);
    f.wechat.answerRefundsWith(RefundStatus.PROCESSING);
    f.pay.refund(RefundRequest.of(no, 40, null).withOutRefundNo("RF10"));

    f.pay.handleNotify(f.wechat.refundNotification(no, "RF10", RefundStatus.SUCCESS, 41));

    assertThat(f.pay.getRefund("RF10", false).status()).isEqualTo(RefundStatus.PROCESSING);
  }
}
