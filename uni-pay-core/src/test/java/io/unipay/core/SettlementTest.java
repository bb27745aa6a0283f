package io.unipay.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Provider;
import io.unipay.core.order.SettlementFlag;
import io.unipay.core.spi.TradeState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SettlementTest {
  private final EngineFixture f = new EngineFixture();

  @Test
  void createThenNotifyMarksPaidAndRunsHandlerOnce() {
    CreateOrderResult created = f.create("B1", 990);
    assertThat(f.order(created.outTradeNo()).status()).isEqualTo(OrderStatus.UNPAID);

    NotifyResponse response = f.pay.handleNotify(f.wechat.pay(created.outTradeNo()));

    assertThat(response.success()).isTrue();
    assertThat(response.status()).isEqualTo(204);
    PayOrder order = f.order(created.outTradeNo());
    assertThat(order.status()).isEqualTo(OrderStatus.PAID);
    assertThat(order.transactionId()).isEqualTo("T" + created.outTradeNo());
    assertThat(order.userOrderSuccess()).isTrue();
    assertThat(order.payDate()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(order.notifyDate()).isEqualTo(f.clock.instant());
    assertThat(order.originalData()).contains("fake");
    assertThat(f.handler.paidCalls).hasValue(1);
    assertThat(f.handler.events.get(0).order().status()).isEqualTo(OrderStatus.PAID);
    assertThat(f.handler.events.get(0).source()).isEqualTo("notify");
    assertThat(f.handler.events.get(0).lateAfterClose()).isFalse();
  }

  @Test
  void fiftyConcurrentDuplicateNotificationsRunTheHandlerExactlyOnce() throws Exception {
    CreateOrderResult created = f.create("B2", 100);
    NotifyRequest notification = f.wechat.pay(created.outTradeNo());
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<NotifyResponse>> answers = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      answers.add(pool.submit(() -> {
        start.await();
        return f.pay.handleNotify(notification);
      }));
    }
    start.countDown();
    for (Future<NotifyResponse> answer : answers) {
      assertThat(answer.get(10, TimeUnit.SECONDS).success()).isTrue();
    }
    pool.shutdown();
    assertThat(f.handler.paidCalls).hasValue(1);
    assertThat(f.order(created.outTradeNo()).status()).isEqualTo(OrderStatus.PAID);
  }

  @Test
  void handlerFailureRollsBackAnswersFailureAndTheRedeliverySettlesOnce() {
    CreateOrderResult created = f.create("B3", 100);
    NotifyRequest notification = f.wechat.pay(created.outTradeNo());
    f.handler.failuresLeft.set(1);

    NotifyResponse first = f.pay.handleNotify(notification);

    assertThat(first.success()).isFalse();
    assertThat(first.status()).isGreaterThanOrEqualTo(400);
    PayOrder afterFailure = f.order(created.outTradeNo());
    assertThat(afterFailure.status()).isEqualTo(OrderStatus.UNPAID);
    assertThat(afterFailure.transactionId()).isNull();
    assertThat(afterFailure.userOrderSuccess()).isFalse();

    NotifyResponse redelivery = f.pay.handleNotify(notification);
    NotifyResponse duplicate = f.pay.handleNotify(notification);

    assertThat(redelivery.success()).isTrue();
    assertThat(duplicate.success()).isTrue();
    assertThat(f.handler.paidCalls).hasValue(1);
    assertThat(f.order(created.outTradeNo()).status()).isEqualTo(OrderStatus.PAID);
  }

  @Test
  void amountMismatchIsRejectedWithoutStateChange() {
    CreateOrderResult created = f.create("B4", 100);
    f.wechat.setTradeState(created.outTradeNo(), TradeState.PAID);

    NotifyResponse response =
        f.pay.handleNotify(f.wechat.notification(created.outTradeNo(), 1, f.wechat.merchantId()));

    assertThat(response.success()).isFalse();
    assertThat(f.order(created.outTradeNo()).status()).isEqualTo(OrderStatus.UNPAID);
    assertThat(f.handler.paidCalls).hasValue(0);
  }

  @Test
  void wrongMerchantIsRejectedWithoutStateChange() {
    CreateOrderResult created = f.create("B5", 100);

    NotifyResponse response =
        f.pay.handleNotify(f.wechat.notification(created.outTradeNo(), 100, "9999999999"));

    assertThat(response.success()).isFalse();
    assertThat(f.order(created.outTradeNo()).status()).isEqualTo(OrderStatus.UNPAID);
    assertThat(f.handler.paidCalls).hasValue(0);
  }

  @Test
  void notificationForAnUnknownOrderIsAnsweredAsFailure() {
    NotifyResponse response =
        f.pay.handleNotify(f.wechat.notification("NOSUCHORDER", 100, f.wechat.merchantId()));

    assertThat(response.success()).isFalse();
    assertThat(f.repository.size()).isZero();
  }

  @Test
  void forgedNotificationIsRejectedWithoutStateChange() {
    CreateOrderResult created = f.create("B6", 100);
    NotifyRequest genuine = f.wechat.pay(created.outTradeNo());
    byte[] tampered = genuine.bodyAsString().replace("\"total\":100", "\"total\":101")
        .getBytes(StandardCharsets.UTF_8);

    NotifyResponse response =
        f.pay.handleNotify(new NotifyRequest("POST", genuine.path(), genuine.headers(), tampered));

    assertThat(response.success()).isFalse();
    assertThat(f.order(created.outTradeNo()).status()).isEqualTo(OrderStatus.UNPAID);
  }

  @Test
  void notificationOnAnUnknownRouteIsAnswered404() {
    NotifyResponse response =
        f.pay.handleNotify(NotifyRequest.post("/notify/paypal/native", Map.of(), new byte[0]));

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.success()).isFalse();
  }

  @Test
  void oversizedNotificationIsRejectedBeforeParsing() {
    NotifyResponse response =
        f.pay.handleNotify(
            NotifyRequest.post("/notify/wxpay/native", Map.of(), new byte[64 * 1024 + 1]));

    assertThat(response.success()).isFalse();
  }

  @Test
  void paymentAfterCloseIsSettledFlaggedAndTheHandlerIsToldItWasLate() {
    CreateOrderResult created = f.create("B7", 100);
    f.pay.closeOrder(created.outTradeNo());
    assertThat(f.order(created.outTradeNo()).status()).isEqualTo(OrderStatus.CLOSED);

    // The provider took the money anyway (e.g. the payer was mid-payment when we closed).
    NotifyResponse response = f.pay.handleNotify(f.wechat.pay(created.outTradeNo()));

    assertThat(response.success()).isTrue();
    PayOrder order = f.order(created.outTradeNo());
    assertThat(order.status()).isEqualTo(OrderStatus.PAID);
    assertThat(order.settleFlag()).isEqualTo(SettlementFlag.LATE_AFTER_CLOSE);
    assertThat(f.handler.paidCalls).hasValue(1);
    assertThat(f.handler.events.get(0).lateAfterClose()).isTrue();
  }

  @Test
  void secondPaymentForAPaidBusinessOrderIsFlaggedNotHandledAndRefunded() {
    CreateOrderResult byWechat = f.create("B8", 100, Provider.WXPAY);
    CreateOrderResult byAlipay = f.create("B8", 100, Provider.ALIPAY);
    assertThat(byAlipay.outTradeNo()).isNotEqualTo(byWechat.outTradeNo());

    f.pay.handleNotify(f.wechat.pay(byWechat.outTradeNo()));
    NotifyResponse second = f.pay.handleNotify(f.alipay.pay(byAlipay.outTradeNo()));

    assertThat(second.success()).isTrue();
    assertThat(f.handler.paidCalls).hasValue(1);
    PayOrder duplicate = f.order(byAlipay.outTradeNo());
    assertThat(duplicate.settleFlag()).isEqualTo(SettlementFlag.DUPLICATE_PAYMENT);
    assertThat(duplicate.status()).isEqualTo(OrderStatus.FULLY_REFUNDED);
    assertThat(f.pay.refunds(byAlipay.outTradeNo())).singleElement()
        .satisfies(r -> assertThat(r.refundFee()).isEqualTo(100));
    assertThat(f.order(byWechat.outTradeNo()).status()).isEqualTo(OrderStatus.PAID);
  }

  @Test
  void secondPaymentIsKeptButNotRefundedWhenThePolicyIsOff() {
    EngineFixture noRefund = new EngineFixture(UniPay.builder().refundDuplicatePayments(false));
    CreateOrderResult a = noRefund.create("B9", 100, Provider.WXPAY);
    CreateOrderResult b = noRefund.create("B9", 100, Provider.ALIPAY);
    noRefund.pay.handleNotify(noRefund.wechat.pay(a.outTradeNo()));
    noRefund.pay.handleNotify(noRefund.alipay.pay(b.outTradeNo()));

    PayOrder duplicate = noRefund.order(b.outTradeNo());
    assertThat(duplicate.status()).isEqualTo(OrderStatus.PAID);
    assertThat(duplicate.settleFlag()).isEqualTo(SettlementFlag.DUPLICATE_PAYMENT);
    assertThat(noRefund.alipay.refundCalls).hasValue(0);
  }

  @Test
  void lostNotificationIsRecoveredByGetOrderWithProviderSync() {
    CreateOrderResult created = f.create("B10", 100);
    f.wechat.setTradeState(created.outTradeNo(), TradeState.PAID); // notification never arrives

    PayOrder plain = f.pay.getOrder(created.outTradeNo());
    PayOrder synced =
        f.pay.getOrder(OrderQuery.byOutTradeNo(created.outTradeNo()).withProviderSync());

    assertThat(plain.status()).isEqualTo(OrderStatus.UNPAID);
    assertThat(synced.status()).isEqualTo(OrderStatus.PAID);
    assertThat(f.order(created.outTradeNo()).status()).isEqualTo(OrderStatus.PAID);
    assertThat(f.handler.paidCalls).hasValue(1);
    assertThat(f.handler.events.get(0).source()).isEqualTo("query");
  }

  @Test
  void getOrderWaitsForTheNotificationWithinTheBound() throws Exception {
    CreateOrderResult created = f.create("B11", 100);
    NotifyRequest notification = f.wechat.pay(created.outTradeNo());
    Thread notifier = new Thread(() -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        return;
      }
      f.pay.handleNotify(notification);
    });
    notifier.start();

    PayOrder order =
        f.pay.getOrder(OrderQuery.byOrderNo("B11").awaitNotify(java.time.Duration.ofSeconds(5)));

    notifier.join();
    assertThat(order.status()).isEqualTo(OrderStatus.PAID);
  }

  @Test
  void closingAnOrderPaidAtTheProviderSettlesItInsteadAndSaysSo() {
    CreateOrderResult created = f.create("B12", 100);
    f.wechat.setTradeState(created.outTradeNo(), TradeState.PAID);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.pay.closeOrder(created.outTradeNo()))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.ORDER_ALREADY_PAID));
    assertThat(f.order(created.outTradeNo()).status()).isEqualTo(OrderStatus.PAID);
    assertThat(f.handler.paidCalls).hasValue(1);
  }

  @Test
  void closeFailureAtTheProviderLeavesTheOrderUnpaid() {
    CreateOrderResult created = f.create("B13", 100);
    f.wechat.failNextClose(new UniPayException(ErrorCode.OUTCOME_UNKNOWN, "timeout"));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.pay.closeOrder(created.outTradeNo()))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN));
    assertThat(f.order(created.outTradeNo()).status()).isEqualTo(OrderStatus.UNPAID);
  }
}
