package io.unipay.core.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.CreateOrderResult;
import io.unipay.core.NotifyResponse;
import io.unipay.core.OrderQuery;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.RefundRequest;
import io.unipay.core.SweepReport;
import io.unipay.core.Sweeper;
import io.unipay.core.ledger.EventKind;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Provider;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.order.SettlementFlag;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.TradeState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: the provider-event ledger and the lifecycle edges where payments got lost, through
 * the public API. Runs on every repository: subclasses give a fresh, empty one per test.
 */
public abstract class LedgerEdgeScenarios extends ErrorLogAudit {

  /** A repository with no orders, refunds or events. */
  protected abstract OrderRepository emptyRepository();

  private EdgeEngine engine() {
    return new EdgeEngine(emptyRepository());
  }

  private static Sweeper sweeper(EdgeEngine e) {
    return e.pay.sweeper().build();
  }

  // 1. Close before the payer scans -----------------------------------------------------------

  @Test
  void anAlipayOrderClosedBeforeTheScanIsCheckedAfterExpiryAndItsLatePaymentIsSettled() {
    EdgeEngine e = engine();
    e.alipay.requireScan(true);
    CreateOrderResult created = e.create("E1", 990, Provider.ALIPAY);
    PayOrder closed = e.pay.closeOrder(created.outTradeNo());
    assertThat(closed.status()).isEqualTo(OrderStatus.CLOSED);
    assertThat(closed.finalCheckAt()).as("under watch").isEqualTo(closed.expireDate().plus(Duration.ofMinutes(5)));

    // The QR code stays payable at Alipay: the payer pays, and the notification is lost.
    e.alipay.pay(created.outTradeNo());
    Sweeper sweeper = e.pay.sweeper().purgeClosedAfter(Duration.ofMinutes(1)).build();
    e.clock.advance(Duration.ofMinutes(30));
    assertThat(sweeper.runOnce().purged()).as("never purged before the final check").isZero();
    assertThat(e.repository.find(created.outTradeNo())).isPresent();

    e.clock.advance(Duration.ofHours(2));
    SweepReport report = sweeper.runOnce();

    assertThat(report.finalChecks()).isEqualTo(1);
    PayOrder paid = e.order(created.outTradeNo());
    assertThat(paid.status()).isEqualTo(OrderStatus.PAID);
    assertThat(paid.settleFlag()).isEqualTo(SettlementFlag.LATE_AFTER_CLOSE);
    assertThat(e.handler.paid).hasValue(1);
    assertThat(e.pay.ledger().events(created.outTradeNo()))
        .extracting(ProviderEvent::outcome).containsExactly(EventOutcome.SETTLED_AFTER_CLOSE);
  }

  @Test
  void aTradeTheCustomerOpenedAfterTheCloseIsClosedAgainAtTheFinalCheckAndThenPurged() {
    EdgeEngine e = engine();
    e.alipay.requireScan(true);
    CreateOrderResult created = e.create("E1b", 990, Provider.ALIPAY);
    e.pay.closeOrder(created.outTradeNo());
    e.alipay.scan(created.outTradeNo());
    int closesBefore = e.alipay.closeCalls.get();

    e.clock.advance(Duration.ofHours(3));
    SweepReport first = sweeper(e).runOnce();

    assertThat(first.finalChecks()).isEqualTo(1);
    assertThat(e.alipay.closeCalls.get()).as("closed again at the provider").isEqualTo(closesBefore + 1);
    assertThat(e.alipay.tradeState(created.outTradeNo())).isEqualTo(TradeState.CLOSED);
    assertThat(e.order(created.outTradeNo()).finalCheckAt()).as("watch ended").isNull();
    Sweeper purging = e.pay.sweeper().purgeClosedAfter(Duration.ofMinutes(30)).build();
    assertThat(purging.runOnce().purged()).as("expired an hour ago, checked: purged").isEqualTo(1);
  }

  @Test
  void purgingIsKeyedOnTheExpiryDateNotTheCreationDate() {
    EdgeEngine e = engine();
    CreateOrderResult created =
        e.pay.createOrder(
            io.unipay.core.CreateOrderRequest.builder()
                .type("vip").orderNo("E1c").provider(Provider.WXPAY)
                .payType(io.unipay.core.order.PayType.NATIVE).totalFee(100)
                .description("VIP").expireAfter(Duration.ofDays(3)).build());
    e.pay.closeOrder(created.outTradeNo()); // WeChat knows the trade: the close is final
    e.clock.advance(Duration.ofDays(2));
    Sweeper sweeper = e.pay.sweeper().purgeClosedAfter(Duration.ofDays(1)).build();
    assertThat(sweeper.runOnce().purged()).as("created 2 days ago, but expires in 1").isZero();
    e.clock.advance(Duration.ofDays(2).plusMinutes(1));
    assertThat(sweeper.runOnce().purged()).isEqualTo(1);
  }

  // 2. "Already settled" that is not ----------------------------------------------------------

  @Test
  void aRowThatVanishesBeforeTheLockIsKeptAsAnUnmatchedFactNotReportedAsSettled() {
    FaultyRepository repository = new FaultyRepository(emptyRepository());
    EdgeEngine e = new EdgeEngine(repository);
    CreateOrderResult created = e.create("E2", 500, Provider.WXPAY);
    e.clock.advance(Duration.ofHours(3));
    e.pay.closeOrder(created.outTradeNo()); // after expiry: final, purgeable
    // A payment arrives late; between the settlement's read and its lock, another instance purges.
    repository.beforeNextTransaction(
        () -> repository.purgeClosed(e.clock.instant().plus(Duration.ofDays(1)), 10));

    NotifyResponse answer = e.pay.handleNotify(e.wechat.pay(created.outTradeNo()));

    assertThat(answer.success()).as("not acknowledged: the provider delivers again").isFalse();
    assertThat(e.handler.paid).hasValue(0);
    List<ProviderEvent> unresolved = e.pay.ledger().unresolved(10);
    assertThat(unresolved).singleElement().satisfies(ev -> {
      assertThat(ev.outTradeNo()).isEqualTo(created.outTradeNo());
      assertThat(ev.outcome()).isIn(EventOutcome.UNMATCHED_CONFLICT, EventOutcome.UNMATCHED_UNKNOWN_ORDER);
      assertThat(ev.amount()).isEqualTo(500);
    });
    assertThat(e.surfaced).hasSize(1);
  }

  // 3. Unknown order / mismatch: kept, surfaced, replayable -----------------------------------

  @Test
  void aVerifiedPaymentForAnUnknownOrderIsKeptOnceAndSettlesByReplayAfterTheFix() {
    EdgeEngine e = engine();
    CreateOrderResult created = e.create("E3", 700, Provider.WXPAY);
    PayOrder original = e.order(created.outTradeNo());
    // Simulate the row missing (e.g. written to another database by mistake).
    OrderRepository other = emptyRepository();
    EdgeEngine elsewhere = new EdgeEngine(other);
    NotifyResponse first = elsewhere.pay.handleNotify(e.wechat.pay(created.outTradeNo()));
    NotifyResponse again = elsewhere.pay.handleNotify(e.wechat.notification(created.outTradeNo(), 700, e.wechat.merchantId()));

    assertThat(first.success()).isFalse();
    assertThat(again.success()).isFalse();
    List<ProviderEvent> unresolved = elsewhere.pay.ledger().unresolved(10);
    assertThat(unresolved).as("a redelivery is not stored twice").singleElement()
        .satisfies(ev -> assertThat(ev.outcome()).isEqualTo(EventOutcome.UNMATCHED_UNKNOWN_ORDER));
    assertThat(elsewhere.surfaced).as("the operator is told once").hasSize(1);

    other.insert(original); // the operator restores the order
    ProviderEvent replayed = elsewhere.pay.ledger().replay(unresolved.get(0).id());

    assertThat(replayed.resolvedAt()).isNotNull();
    assertThat(replayed.resolution()).isEqualTo(EventOutcome.SETTLED);
    assertThat(elsewhere.order(created.outTradeNo()).status()).isEqualTo(OrderStatus.PAID);
    assertThat(elsewhere.handler.paid).hasValue(1);
    assertThat(elsewhere.pay.ledger().unresolved(10)).isEmpty();
    assertThat(elsewhere.pay.handleNotify(e.wechat.notification(created.outTradeNo(), 700, e.wechat.merchantId())).success())
        .as("the next redelivery is acknowledged").isTrue();
    assertThat(elsewhere.pay.ledger().replay(replayed.id()).resolution()).isEqualTo(EventOutcome.SETTLED);
    assertThat(elsewhere.handler.paid).as("replaying again runs nothing twice").hasValue(1);
  }

  @Test
  void aPaymentWithAnotherAmountIsKeptAsAMismatchAndAnsweredAsFailure() {
    EdgeEngine e = engine();
    CreateOrderResult created = e.create("E3b", 700, Provider.WXPAY);
    NotifyResponse answer =
        e.pay.handleNotify(e.wechat.notification(created.outTradeNo(), 1, e.wechat.merchantId()));

    assertThat(answer.success()).isFalse();
    assertThat(e.order(created.outTradeNo()).status()).isEqualTo(OrderStatus.UNPAID);
    assertThat(e.pay.ledger().unresolved(10)).singleElement().satisfies(ev -> {
      assertThat(ev.outcome()).isEqualTo(EventOutcome.UNMATCHED_MISMATCH);
      assertThat(ev.amount()).isEqualTo(1);
      assertThat(ev.detail()).contains("amount 1 fen");
    });
  }

  // 4. A trade refunded at the provider before we saw the payment ------------------------------

  @Test
  void aTradeAlreadyRefundedAtTheProviderIsRecordedFlaggedAndGrantsNothing() {
    EdgeEngine e = engine();
    CreateOrderResult created = e.create("E4", 990, Provider.WXPAY);
    e.wechat.setTradeState(created.outTradeNo(), TradeState.REFUNDED);
    e.clock.advance(Duration.ofMinutes(2));

    sweeper(e).runOnce();

    PayOrder order = e.order(created.outTradeNo());
    assertThat(order.status()).isEqualTo(OrderStatus.PAID);
    assertThat(order.settleFlag()).isEqualTo(SettlementFlag.REFUNDED_AT_PROVIDER);
    assertThat(e.handler.paid).as("onPaid does not grant refunded money").hasValue(0);
    assertThat(e.surfaced).singleElement()
        .satisfies(ev -> assertThat(ev.outcome()).isEqualTo(EventOutcome.REFUNDED_AT_PROVIDER));
    assertThat(e.pay.ledger().unresolved(10)).hasSize(1);
    ProviderEvent acknowledged = e.pay.ledger().acknowledge(e.surfaced.get(0).id());
    assertThat(acknowledged.isUnresolved()).isFalse();
  }

  // 5. Primary vs duplicate ----------------------------------------------------------------------

  @Test
  void lookupsAndRefundsByBusinessOrderResolveToThePaymentWhoseHandlerRan() {
    EdgeEngine e = engine();
    CreateOrderResult byAlipay = e.create("E5", 990, Provider.ALIPAY); // older
    e.clock.advance(Duration.ofSeconds(5));
    CreateOrderResult byWechat = e.create("E5", 990, Provider.WXPAY);
    e.alipay.failNextRefund(
        new ProviderRejectedException("SYSTEM_ERROR", "busy", 500, "refund"));
    e.pay.handleNotify(e.wechat.pay(byWechat.outTradeNo()));
    e.pay.handleNotify(e.alipay.pay(byAlipay.outTradeNo())); // duplicate, refund pending

    assertThat(e.pay.getOrder(OrderQuery.byOrderNo("E5")).outTradeNo()).isEqualTo(byWechat.outTradeNo());
    e.pay.refund(RefundRequest.ofOrderNo("E5", 990, "customer asked"));
    assertThat(e.order(byWechat.outTradeNo()).status()).isEqualTo(OrderStatus.FULLY_REFUNDED);
    assertThat(e.handler.revoked).singleElement()
        .satisfies(r -> assertThat(r.order().outTradeNo()).isEqualTo(byWechat.outTradeNo()));
  }

  // 6. Database down ---------------------------------------------------------------------------

  @Test
  void aDatabaseOutageIsAnsweredAsFailureNeverThrown() {
    FaultyRepository repository = new FaultyRepository(emptyRepository());
    EdgeEngine e = new EdgeEngine(repository);
    CreateOrderResult created = e.create("E6", 300, Provider.WXPAY);
    repository.down(true);

    NotifyResponse answer = e.pay.handleNotify(e.wechat.pay(created.outTradeNo()));

    assertThat(answer.success()).isFalse();
    repository.down(false);
    assertThat(e.pay.handleNotify(e.wechat.pay(created.outTradeNo())).success()).isTrue();
    assertThat(e.handler.paid).hasValue(1);
  }

  @Test
  void aVerifiedPaymentWhoseDataHoldsANulCharacterSettlesOnEveryDatabase() {
    EdgeEngine e = engine();
    CreateOrderResult created = e.create("E6n", 300, Provider.WXPAY);

    NotifyResponse answer =
        e.pay.handleNotify(e.wechat.notificationWithPayer(created.outTradeNo(), "o\u0000penid"));

    assertThat(answer.success()).isTrue();
    PayOrder paid = e.order(created.outTradeNo());
    assertThat(paid.status()).isEqualTo(OrderStatus.PAID);
    assertThat(paid.openid()).isEqualTo("o\uFFFDpenid");
    assertThat(e.pay.ledger().events(created.outTradeNo())).singleElement()
        .satisfies(ev -> assertThat(ev.payerId()).isEqualTo("o\uFFFDpenid"));
  }

  // 7. Unknown event types ------------------------------------------------------------------------

  @Test
  void aVerifiedNotificationOfAnUnknownTypeIsKeptAndAcknowledged() {
    EdgeEngine e = engine();
    CreateOrderResult created = e.create("E7", 300, Provider.WXPAY);

    NotifyResponse answer =
        e.pay.handleNotify(e.wechat.eventNotification("TRANSACTION.PARTIAL", created.outTradeNo()));

    assertThat(answer.success()).isTrue();
    assertThat(e.pay.ledger().events(created.outTradeNo())).singleElement().satisfies(ev -> {
      assertThat(ev.kind()).isEqualTo(EventKind.NOTICE);
      assertThat(ev.outcome()).isEqualTo(EventOutcome.IGNORED_EVENT_TYPE);
      assertThat(ev.providerState()).isEqualTo("TRANSACTION.PARTIAL");
    });
    assertThat(e.order(created.outTradeNo()).status()).isEqualTo(OrderStatus.UNPAID);
  }

  // 8. The sweeper survives ---------------------------------------------------------------------

  @Test
  void anErrorFromAHandlerOrAnUnexpectedExceptionFromAClientStopsOnlyThatOrder() {
    EdgeEngine e = engine();
    CreateOrderResult a = e.create("E8a", 100, Provider.WXPAY);
    CreateOrderResult b = e.create("E8b", 100, Provider.ALIPAY);
    CreateOrderResult c = e.create("E8c", 100, Provider.WXPAY);
    e.wechat.setTradeState(a.outTradeNo(), TradeState.PAID);
    e.wechat.setTradeState(c.outTradeNo(), TradeState.PAID);
    e.alipay.failNextQueryWith(new IllegalStateException("malformed answer (client bug)"));
    e.handler.errorOnPaid = new AssertionError("host bug");
    e.clock.advance(Duration.ofMinutes(2));

    SweepReport report = sweeper(e).runOnce();

    assertThat(report.errors()).isGreaterThanOrEqualTo(1);
    assertThat(e.handler.paid).as("the other paid order still settled").hasValue(1);
    e.clock.advance(Duration.ofMinutes(10));
    sweeper(e).runOnce();
    assertThat(e.handler.paid).as("the failed one is retried").hasValue(2);
    assertThat(e.order(b.outTradeNo()).status()).isEqualTo(OrderStatus.UNPAID);
  }

  // 9. Late-after-close auto-refunds are retried ------------------------------------------------

  @Test
  void aRefusedAutomaticRefundOfALatePaymentIsRetriedByTheSweeper() {
    EdgeEngine e = new EdgeEngine(emptyRepository(), b -> b.refundLateAfterClose(true));
    CreateOrderResult created = e.create("E9", 400, Provider.WXPAY);
    e.pay.closeOrder(created.outTradeNo());
    e.wechat.failNextRefund(
        new ProviderRejectedException("NOT_ENOUGH", "balance", 403, "refund",
            ProviderRejectedException.Verdict.REFUSED));
    e.wechat.setTradeState(created.outTradeNo(), TradeState.PAID);
    e.pay.handleNotify(e.wechat.notification(created.outTradeNo(), 400, e.wechat.merchantId()));
    assertThat(e.order(created.outTradeNo()).status()).isEqualTo(OrderStatus.PAID);

    e.clock.advance(Duration.ofMinutes(2));
    SweepReport report = sweeper(e).runOnce();

    assertThat(report.duplicatesRefunded()).isEqualTo(1);
    assertThat(e.order(created.outTradeNo()).status()).isEqualTo(OrderStatus.FULLY_REFUNDED);
    assertThat(e.pay.refunds(created.outTradeNo()))
        .extracting(r -> r.status()).containsExactly(RefundStatus.CLOSED, RefundStatus.SUCCESS);
  }
}
