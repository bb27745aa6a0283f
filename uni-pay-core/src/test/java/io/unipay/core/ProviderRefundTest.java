package io.unipay.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.fake.FakePayClient;
import io.unipay.core.ledger.EventKind;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.Provider;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.order.SettlementFlag;
import io.unipay.core.spi.TradeState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Refunds the provider makes on its own (Apple REFUND / REVOKE), through the refund book. */
class ProviderRefundTest {
  private final EngineFixture f = new EngineFixture();

  private String paidOrder(String orderNo, long fee) {
    CreateOrderResult created = f.create(orderNo, fee);
    assertThat(f.pay.handleNotify(f.wechat.pay(created.outTradeNo())).success()).isTrue();
    return created.outTradeNo();
  }

  @Test
  void aProviderRefundOfAPaidOrderRefundsItAndRunsOnRefundedOnceHoweverOftenItArrives() {
    String no = paidOrder("P1", 990);
    NotifyRequest refund = f.wechat.providerRefund(no, 990);

    for (int i = 0; i < 3; i++) {
      assertThat(f.pay.handleNotify(refund).success()).isTrue();
    }

    assertThat(f.order(no).status()).isEqualTo(OrderStatus.FULLY_REFUNDED);
    assertThat(f.order(no).refundFee()).isEqualTo(990);
    List<Refund> refunds = f.pay.refunds(no);
    assertThat(refunds).singleElement().satisfies(r -> {
      assertThat(r.outRefundNo()).isEqualTo(FakePayClient.providerRefundNo(no));
      assertThat(r.status()).isEqualTo(RefundStatus.SUCCESS);
      assertThat(r.refundFee()).isEqualTo(990);
    });
    assertThat(f.handler.refunds).hasSize(1);
    assertThat(f.handler.refunds.get(0).paymentHandled()).isTrue();
    assertThat(f.handler.refundsWithoutGrant).isEmpty();
    assertThat(f.pay.ledger().events(no))
        .filteredOn(e -> e.kind() == EventKind.REFUND)
        .extracting(ProviderEvent::outcome)
        .containsExactly(EventOutcome.REFUND_APPLIED);
    assertThat(f.pay.ledger().unresolved(100)).isEmpty();
  }

  @Test
  void aPartialProviderRefundLeavesThePaymentPartlyRefunded() {
    String no = paidOrder("P2", 1000);

    assertThat(f.pay.handleNotify(f.wechat.providerRefund(no, 400)).success()).isTrue();

    assertThat(f.order(no).status()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
    assertThat(f.order(no).refundFee()).isEqualTo(400);
    assertThat(f.handler.refunds).hasSize(1);
  }

  @Test
  void aRefundOfAPaymentTheEngineNeverSawRecordsItRefundedAndRunsOnlyTheNoGrantHook() {
    CreateOrderResult created = f.create("P3", 990);
    String no = created.outTradeNo();

    assertThat(f.pay.handleNotify(f.wechat.providerRefund(no, 990)).success()).isTrue();

    assertThat(f.order(no).status()).isEqualTo(OrderStatus.FULLY_REFUNDED);
    assertThat(f.order(no).settleFlag()).isEqualTo(SettlementFlag.REFUNDED_AT_PROVIDER);
    assertThat(f.handler.paidCalls).hasValue(0);
    assertThat(f.handler.refunds).isEmpty();
    assertThat(f.handler.refundsWithoutGrant).hasSize(1);
    // Recorded, nothing granted, all of it back: nothing is left for an operator to decide.
    assertThat(f.pay.ledger().unresolved(100)).isEmpty();
    assertThat(f.pay.ledger().events(no))
        .extracting(ProviderEvent::outcome)
        .contains(EventOutcome.REFUNDED_AT_PROVIDER, EventOutcome.REFUND_APPLIED);
  }

  @Test
  void aFailingRefundHookKeepsTheRefundProcessingUntilTheNextDeliveryRunsItOnce() {
    String no = paidOrder("P4", 990);
    f.handler.refundFailuresLeft.set(1);
    NotifyRequest refund = f.wechat.providerRefund(no, 990);

    assertThat(f.pay.handleNotify(refund).success()).isFalse();
    assertThat(f.pay.refunds(no)).singleElement()
        .extracting(Refund::status).isEqualTo(RefundStatus.PROCESSING);
    assertThat(f.order(no).refundFee()).isEqualTo(990); // reserved: Apple did refund it

    assertThat(f.pay.handleNotify(refund).success()).isTrue();
    assertThat(f.pay.refunds(no)).singleElement()
        .extracting(Refund::status).isEqualTo(RefundStatus.SUCCESS);
    assertThat(f.handler.refunds).hasSize(1);
  }

  @Test
  void aProcessingProviderRefundIsCompletedByTheRefundQueryWhenNoDeliveryComes() {
    String no = paidOrder("P5", 990);
    f.handler.refundFailuresLeft.set(1);
    f.pay.handleNotify(f.wechat.providerRefund(no, 990));

    Refund after = f.pay.getRefund(FakePayClient.providerRefundNo(no), true);

    assertThat(after.status()).isEqualTo(RefundStatus.SUCCESS);
    assertThat(f.handler.refunds).hasSize(1);
    assertThat(f.wechat.refundCalls).hasValue(0); // never asked the provider to refund
  }

  @Test
  void aProviderRefundOfAnUnknownOrderOrOfMoreThanIsLeftIsKeptAsAConflictWithNoStateChange() {
    String no = paidOrder("P6", 1000);
    f.pay.refund(RefundRequest.of(no, 700, "ours"));
    f.handler.refunds.clear();

    assertThat(f.pay.handleNotify(f.wechat.providerRefund(no, 1000)).success()).isFalse();

    assertThat(f.order(no).refundFee()).isEqualTo(700);
    assertThat(f.pay.refunds(no)).hasSize(1);
    assertThat(f.handler.refunds).isEmpty();
    assertThat(f.pay.ledger().unresolved(100))
        .extracting(ProviderEvent::outcome, ProviderEvent::outRefundNo)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                EventOutcome.REFUND_CONFLICT, FakePayClient.providerRefundNo(no)));
  }

  @Test
  void twentyConcurrentDeliveriesOfOneProviderRefundRunTheHookOnce() throws Exception {
    String no = paidOrder("P7", 990);
    NotifyRequest refund = f.wechat.providerRefund(no, 990);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> acks = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        acks.add(pool.submit(() -> {
          start.await();
          return f.pay.handleNotify(refund).success();
        }));
      }
      start.countDown();
      for (Future<Boolean> ack : acks) assertThat(ack.get(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      pool.shutdownNow();
    }
    assertThat(f.handler.refunds).hasSize(1);
    assertThat(f.order(no).status()).isEqualTo(OrderStatus.FULLY_REFUNDED);
    assertThat(f.pay.refunds(no)).hasSize(1);
  }

  @Test
  void aClientReportedTransactionPaysOneOrderAndIsRefusedForAnother() {
    CreateOrderResult first = f.create("P8", 990);
    CreateOrderResult second = f.create("P9", 990);
    f.wechat.setTradeState(first.outTradeNo(), TradeState.PAID);
    f.wechat.setTradeState(second.outTradeNo(), TradeState.PAID);

    assertThat(f.pay.confirmPurchase(Provider.WXPAY, first.outTradeNo(), "T-shared"))
        .isEqualTo(SettlementOutcome.SETTLED);
    assertThat(f.pay.confirmPurchase(Provider.WXPAY, first.outTradeNo(), "T-shared"))
        .isEqualTo(SettlementOutcome.ALREADY_SETTLED);
    assertThat(f.pay.confirmPurchase(Provider.WXPAY, second.outTradeNo(), "T-shared"))
        .isEqualTo(SettlementOutcome.REJECTED);

    assertThat(f.order(second.outTradeNo()).status()).isEqualTo(OrderStatus.UNPAID);
    assertThat(f.handler.paidCalls).hasValue(1);
    assertThat(f.pay.ledger().unresolved(100))
        .singleElement()
        .satisfies(e -> {
          assertThat(e.outcome()).isEqualTo(EventOutcome.UNMATCHED_CONFLICT);
          assertThat(e.outTradeNo()).isEqualTo(second.outTradeNo());
          assertThat(e.detail()).contains(first.outTradeNo());
        });
  }

  @Test
  void aClientReportedPurchaseThatWasRefundedAtTheProviderIsRecordedAsRefunded() {
    String no = paidOrder("P10", 990);
    f.wechat.providerRefund(no, 990); // the provider refunded; its notification is lost

    SettlementOutcome outcome = f.pay.confirmPurchase(Provider.WXPAY, no, "T" + no);

    assertThat(outcome).isEqualTo(SettlementOutcome.ALREADY_SETTLED);
    assertThat(f.order(no).status()).isEqualTo(OrderStatus.FULLY_REFUNDED);
    assertThat(f.handler.refunds).hasSize(1);
  }
}
