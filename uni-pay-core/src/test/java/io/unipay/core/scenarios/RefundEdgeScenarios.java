package io.unipay.core.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.CreateOrderResult;
import io.unipay.core.ErrorCode;
import io.unipay.core.NotifyResponse;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.RefundRequest;
import io.unipay.core.Sweeper;
import io.unipay.core.UniPayException;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.Provider;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.spi.OrderRepository;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: refunds exactly once — none paid twice, none stuck, no effect revoked that was not
 * granted — through the public API. Runs on every repository.
 */
public abstract class RefundEdgeScenarios extends ErrorLogAudit {

  /** A repository with no orders, refunds or events. */
  protected abstract OrderRepository emptyRepository();

  private static ProviderRejectedException inconclusive(String code, int http) {
    return new ProviderRejectedException(code, "not about the refund", http, "refund call");
  }

  private static ProviderRejectedException refused(String code) {
    return new ProviderRejectedException(
        code, "refused", 403, "refund", ProviderRejectedException.Verdict.REFUSED);
  }

  private String paidOrder(EdgeEngine e, String orderNo, long fee) {
    CreateOrderResult created = e.create(orderNo, fee, Provider.WXPAY);
    assertThat(e.pay.handleNotify(e.wechat.pay(created.outTradeNo())).success()).isTrue();
    return created.outTradeNo();
  }

  // 1. A refund is never paid twice ------------------------------------------------------------

  @Test
  void errorsThatAreNotAboutTheRefundNeverReleaseItsMoney() {
    EdgeEngine e = new EdgeEngine(emptyRepository());
    String no = paidOrder(e, "F1", 990);
    e.wechat.failNextRefundAfterApplying(new UniPayException(ErrorCode.OUTCOME_UNKNOWN, "reset"));
    assertThatThrownBy(() -> e.pay.refund(RefundRequest.of(no, 990, null).withOutRefundNo("RF1")))
        .isInstanceOf(UniPayException.class);
    Sweeper sweeper = e.pay.sweeper().build();
    for (ProviderRejectedException unrelated :
        List.of(inconclusive("SIGN_ERROR", 401), inconclusive("NO_AUTH", 403),
            inconclusive("isv.invalid-signature", 200), inconclusive("FREQUENCY_LIMITED", 429))) {
      e.wechat.failNextRefundQuery(unrelated);
      e.clock.advance(Duration.ofHours(2));
      sweeper.runOnce();
      assertThat(e.pay.getRefund("RF1", false).status()).isEqualTo(RefundStatus.PROCESSING);
      assertThat(e.order(no).refundFee()).as("still reserved").isEqualTo(990);
    }
    assertThatThrownBy(() -> e.pay.refund(RefundRequest.of(no, 990, null)))
        .isInstanceOfSatisfying(UniPayException.class,
            ex -> assertThat(ex.code()).isIn(ErrorCode.ORDER_NOT_REFUNDABLE, ErrorCode.REFUND_EXCEEDS_PAID));

    e.clock.advance(Duration.ofHours(2));
    sweeper.runOnce();

    assertThat(e.pay.getRefund("RF1", false).status()).isEqualTo(RefundStatus.SUCCESS);
    assertThat(e.wechat.refundedAtProvider(no)).isEqualTo(990);
    assertThat(e.wechat.refundCalls).as("never re-sent while the refund was known").hasValue(1);
  }

  @Test
  void aVerifiedSuccessForARefundClosedLocallyIsAppliedAgainAndFlagged() {
    EdgeEngine e = new EdgeEngine(emptyRepository());
    String no = paidOrder(e, "F1b", 500);
    e.wechat.failNextRefund(refused("NOT_ENOUGH"));
    assertThatThrownBy(() -> e.pay.refund(RefundRequest.of(no, 200, null).withOutRefundNo("RF1b")));
    assertThat(e.pay.getRefund("RF1b", false).status()).isEqualTo(RefundStatus.CLOSED);

    NotifyResponse answer =
        e.pay.handleNotify(e.wechat.refundNotification(no, "RF1b", RefundStatus.SUCCESS, 200));

    assertThat(answer.success()).isTrue();
    assertThat(e.pay.getRefund("RF1b", false).status()).isEqualTo(RefundStatus.SUCCESS);
    assertThat(e.order(no).refundFee()).as("reserved again").isEqualTo(200);
    assertThat(e.order(no).status()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
    assertThat(e.surfaced).extracting(ProviderEvent::outcome).containsExactly(EventOutcome.REFUND_REOPENED);
  }

  @Test
  void aLateSuccessThatNoLongerFitsIsKeptAsAConflictNeverDropped() {
    EdgeEngine e = new EdgeEngine(emptyRepository());
    String no = paidOrder(e, "F1c", 500);
    e.wechat.failNextRefund(refused("NOT_ENOUGH"));
    assertThatThrownBy(() -> e.pay.refund(RefundRequest.of(no, 500, null).withOutRefundNo("RF1c")));
    e.pay.refund(RefundRequest.of(no, 500, null).withOutRefundNo("RF1c2"));

    NotifyResponse answer =
        e.pay.handleNotify(e.wechat.refundNotification(no, "RF1c", RefundStatus.SUCCESS, 500));

    assertThat(answer.success()).isFalse();
    assertThat(e.order(no).refundFee()).isEqualTo(500);
    assertThat(e.pay.ledger().unresolved(10)).singleElement()
        .satisfies(ev -> assertThat(ev.outcome()).isEqualTo(EventOutcome.REFUND_CONFLICT));
  }

  // 2. No refund stuck ---------------------------------------------------------------------------

  @Test
  void aRefundThatNeverReachedTheProviderIsSentAgainWithTheSameNumber() {
    EdgeEngine e = new EdgeEngine(emptyRepository());
    String no = paidOrder(e, "F2", 300);
    e.wechat.failNextRefund(new UniPayException(ErrorCode.PROVIDER_UNAVAILABLE, "502"));
    assertThatThrownBy(() -> e.pay.refund(RefundRequest.of(no, 300, null).withOutRefundNo("RF2")));
    assertThat(e.pay.getRefund("RF2", false).status()).isEqualTo(RefundStatus.PROCESSING);

    e.clock.advance(Duration.ofMinutes(2));
    e.pay.sweeper().build().runOnce();

    Refund refund = e.pay.getRefund("RF2", false);
    assertThat(refund.status()).isEqualTo(RefundStatus.SUCCESS);
    assertThat(e.wechat.refundAtProvider("RF2")).isNotNull();
    assertThat(e.wechat.refundedAtProvider(no)).isEqualTo(300);
  }

  @Test
  void aRefundWithoutADefiniteAnswerIsRaisedToTheOperatorOnceAndKeptReserved() {
    EdgeEngine e = new EdgeEngine(emptyRepository());
    String no = paidOrder(e, "F2b", 300);
    e.wechat.failNextRefund(new UniPayException(ErrorCode.OUTCOME_UNKNOWN, "timeout"));
    assertThatThrownBy(() -> e.pay.refund(RefundRequest.of(no, 300, null).withOutRefundNo("RF2b")));
    Sweeper sweeper = e.pay.sweeper().alertRefundAfterAttempts(3).build();
    for (int i = 0; i < 5; i++) {
      e.wechat.failNextRefundQuery(inconclusive("SYSTEM_ERROR", 500));
      e.clock.advance(Duration.ofHours(2));
      sweeper.runOnce();
    }
    assertThat(e.pay.getRefund("RF2b", false).status()).isEqualTo(RefundStatus.PROCESSING);
    assertThat(e.surfaced).as("told once").singleElement()
        .satisfies(ev -> assertThat(ev.outcome()).isEqualTo(EventOutcome.REFUND_STUCK));
    assertThat(e.order(no).refundFee()).isEqualTo(300);

    e.clock.advance(Duration.ofHours(2));
    sweeper.runOnce(); // the query now answers: never received, so it is sent again

    assertThat(e.pay.getRefund("RF2b", false).status()).isEqualTo(RefundStatus.SUCCESS);
    assertThat(e.pay.ledger().unresolved(10)).as("resolved by the final answer").isEmpty();
  }

  // 3. A duplicate's refund revokes nothing -------------------------------------------------------

  @Test
  void theAutomaticRefundOfADuplicatePaymentNeverCallsTheRevokeHook() {
    EdgeEngine e = new EdgeEngine(emptyRepository());
    CreateOrderResult byWechat = e.create("F3", 990, Provider.WXPAY);
    CreateOrderResult byAlipay = e.create("F3", 990, Provider.ALIPAY);
    e.pay.handleNotify(e.wechat.pay(byWechat.outTradeNo()));

    e.pay.handleNotify(e.alipay.pay(byAlipay.outTradeNo()));

    assertThat(e.order(byAlipay.outTradeNo()).status()).isEqualTo(OrderStatus.FULLY_REFUNDED);
    assertThat(e.handler.revoked).as("the primary's grant stays").isEmpty();
    assertThat(e.handler.ungranted).singleElement().satisfies(r -> {
      assertThat(r.order().outTradeNo()).isEqualTo(byAlipay.outTradeNo());
      assertThat(r.paymentHandled()).isFalse();
    });
  }

  // 4. The refund hook runs exactly once, retried --------------------------------------------------

  @Test
  void aFailingRefundHookRollsBackAndRunsOnceOnTheNextDelivery() {
    EdgeEngine e = new EdgeEngine(emptyRepository());
    String no = paidOrder(e, "F4", 600);
    e.wechat.answerRefundsWith(RefundStatus.PROCESSING);
    e.pay.refund(RefundRequest.of(no, 600, null).withOutRefundNo("RF4"));
    e.handler.refundFailuresLeft.set(1);

    NotifyResponse first =
        e.pay.handleNotify(e.wechat.refundNotification(no, "RF4", RefundStatus.SUCCESS, 600));
    assertThat(first.success()).isFalse();
    assertThat(e.pay.getRefund("RF4", false).status()).isEqualTo(RefundStatus.PROCESSING);

    NotifyResponse again =
        e.pay.handleNotify(e.wechat.refundNotification(no, "RF4", RefundStatus.SUCCESS, 600));
    NotifyResponse third =
        e.pay.handleNotify(e.wechat.refundNotification(no, "RF4", RefundStatus.SUCCESS, 600));

    assertThat(again.success()).isTrue();
    assertThat(third.success()).isTrue();
    assertThat(e.pay.getRefund("RF4", false).status()).isEqualTo(RefundStatus.SUCCESS);
    assertThat(e.handler.revoked).hasSize(1);
    assertThat(e.handler.revoked.get(0).paymentHandled()).isTrue();
  }

  // 5. Refund results are cross-checked ---------------------------------------------------------

  @Test
  void aRefundResultNamingAnotherOrderOrABadAmountIsNotApplied() {
    EdgeEngine e = new EdgeEngine(emptyRepository());
    String a = paidOrder(e, "F5a", 100);
    String b = paidOrder(e, "F5b", 100);
    e.wechat.answerRefundsWith(RefundStatus.PROCESSING);
    e.pay.refund(RefundRequest.of(a, 100, null).withOutRefundNo("RF5"));

    NotifyResponse otherOrder =
        e.pay.handleNotify(e.wechat.refundNotification(b, "RF5", RefundStatus.SUCCESS, 100));
    NotifyResponse negative =
        e.pay.handleNotify(e.wechat.refundNotification(a, "RF5", RefundStatus.SUCCESS, -100));
    NotifyResponse otherAmount =
        e.pay.handleNotify(e.wechat.refundNotification(a, "RF5", RefundStatus.SUCCESS, 99));

    assertThat(List.of(otherOrder, negative, otherAmount)).allSatisfy(r -> assertThat(r.success()).isFalse());
    assertThat(e.pay.getRefund("RF5", false).status()).isEqualTo(RefundStatus.PROCESSING);
    assertThat(e.handler.revoked).isEmpty();
    assertThat(e.pay.ledger().unresolved(10)).hasSize(3)
        .allSatisfy(ev -> assertThat(ev.outcome()).isEqualTo(EventOutcome.REFUND_CONFLICT));
  }
}
