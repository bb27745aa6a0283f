package io.unipay.apple;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.CreateOrderResult;
import io.unipay.core.SettlementOutcome;
import io.unipay.core.ledger.EventKind;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.memory.InMemoryOrderRepository;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.Provider;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.order.SettlementFlag;
import io.unipay.testkit.apple.AppStoreSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Apple's refunds (REFUND / REVOKE, revoked transactions) through the engine's refund path. */
class AppleRefundTest {
  private final AppleFixture f = new AppleFixture(new InMemoryOrderRepository());

  @AfterEach
  void close() {
    f.close();
  }

  /** A settled Apple order; returns its purchase. */
  private AppStoreSimulator.Purchase paid(CreateOrderResult order) {
    AppStoreSimulator.Purchase purchase =
        f.apple.purchase(AppleFixture.token(order), AppleFixture.VIP_PRODUCT, 9900);
    assertThat(f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), purchase.sign()))
        .isEqualTo(SettlementOutcome.SETTLED);
    return purchase;
  }

  private int notify(String type, String signedTransaction) {
    return f.apple.postNotification(f.notifyUrl(), f.apple.notification(type, signedTransaction));
  }

  @Test
  void aRefundNotificationRefundsTheOrderAndRunsOnRefundedOnceHoweverOftenItComes() {
    CreateOrderResult order = f.order("vip", 990);
    AppStoreSimulator.Purchase purchase = paid(order);
    String refunded = f.apple.refund(purchase.transactionId());

    assertThat(notify("REFUND", refunded)).isEqualTo(200);
    assertThat(notify("REFUND", refunded)).isEqualTo(200);

    assertThat(f.pay.getOrder(order.outTradeNo()).status()).isEqualTo(OrderStatus.FULLY_REFUNDED);
    assertThat(f.pay.refunds(order.outTradeNo())).singleElement().satisfies(r -> {
      assertThat(r.outRefundNo()).isEqualTo("appleiap-refund-" + purchase.transactionId());
      assertThat(r.status()).isEqualTo(RefundStatus.SUCCESS);
      assertThat(r.refundFee()).isEqualTo(990);
      assertThat(r.refundId()).isEqualTo(purchase.transactionId());
    });
    assertThat(f.refunded).hasValue(1);
    assertThat(f.refundedWithoutGrant).hasValue(0);
    assertThat(f.pay.ledger().events(order.outTradeNo()))
        .filteredOn(e -> e.kind() == EventKind.REFUND)
        .extracting(ProviderEvent::outcome)
        .containsExactly(EventOutcome.REFUND_APPLIED);
    assertThat(f.pay.ledger().unresolved(100)).isEmpty();
  }

  @Test
  void aRevokeOfAPurchaseWhoseMoneyWentBackRefundsItLikeARefund() {
    CreateOrderResult order = f.order("vip", 990);
    AppStoreSimulator.Purchase purchase = paid(order);

    assertThat(notify("REVOKE", f.apple.refund(purchase.transactionId()))).isEqualTo(200);

    assertThat(f.pay.getOrder(order.outTradeNo()).status()).isEqualTo(OrderStatus.FULLY_REFUNDED);
    assertThat(f.refunded).hasValue(1);
  }

  @Test
  void aFamilySharingRevocationMovesNoMoneyAndIsKeptAsAFact() {
    CreateOrderResult order = f.order("vip", 990);
    AppStoreSimulator.Purchase purchase = paid(order);

    assertThat(notify("REVOKE", f.apple.familyRevoke(purchase.transactionId()))).isEqualTo(200);

    assertThat(f.pay.getOrder(order.outTradeNo()).status()).isEqualTo(OrderStatus.PAID);
    assertThat(f.pay.refunds(order.outTradeNo())).isEmpty();
    assertThat(f.pay.ledger().events(order.outTradeNo()))
        .extracting(ProviderEvent::outcome)
        .contains(EventOutcome.IGNORED_EVENT_TYPE);
  }

  @Test
  void aRefundBeforeTheEngineSawThePaymentRecordsBothAndRunsOnlyTheNoGrantHook() {
    CreateOrderResult order = f.order("vip", 990);
    AppStoreSimulator.Purchase purchase =
        f.apple.purchase(AppleFixture.token(order), AppleFixture.VIP_PRODUCT, 9900);
    purchase.sign(); // the app's confirmation and Apple's ONE_TIME_CHARGE were both lost

    assertThat(notify("REFUND", f.apple.refund(purchase.transactionId()))).isEqualTo(200);

    var stored = f.pay.getOrder(order.outTradeNo());
    assertThat(stored.status()).isEqualTo(OrderStatus.FULLY_REFUNDED);
    assertThat(stored.settleFlag()).isEqualTo(SettlementFlag.REFUNDED_AT_PROVIDER);
    assertThat(f.vipGranted).hasValue(0);
    assertThat(f.refunded).hasValue(0);
    assertThat(f.refundedWithoutGrant).hasValue(1);
    assertThat(f.pay.ledger().unresolved(100)).isEmpty(); // nothing granted, all of it back
  }

  @Test
  void aProratedRefundRefundsItsPercentageRoundedToTheFen() {
    CreateOrderResult order = f.order("vip", 990);
    AppStoreSimulator.Purchase purchase = paid(order);

    assertThat(notify("REFUND", f.apple.refund(purchase.transactionId(), 33_333))).isEqualTo(200);

    var stored = f.pay.getOrder(order.outTradeNo());
    assertThat(stored.status()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
    assertThat(stored.refundFee()).isEqualTo(330); // 990 × 33.333 % = 329.997
    assertThat(f.refunded).hasValue(1);
  }

  @Test
  void aRevokedTransactionTheAppReportsForAPaidOrderRefundsIt() {
    CreateOrderResult order = f.order("vip", 990);
    AppStoreSimulator.Purchase purchase = paid(order);
    String refunded = f.apple.refund(purchase.transactionId()); // Apple's notification is lost

    assertThat(f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), refunded))
        .isEqualTo(SettlementOutcome.ALREADY_SETTLED);
    assertThat(f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(),
            purchase.transactionId()))
        .isEqualTo(SettlementOutcome.ALREADY_SETTLED); // the API says the same

    assertThat(f.pay.getOrder(order.outTradeNo()).status()).isEqualTo(OrderStatus.FULLY_REFUNDED);
    assertThat(f.refunded).hasValue(1);
  }

  @Test
  void aRefundWhoseHookFailedStaysProcessingAndTheApiQueryCompletesItOnce() {
    CreateOrderResult order = f.order("vip", 990);
    AppStoreSimulator.Purchase purchase = paid(order);
    f.refundFailures.set(1);

    assertThat(notify("REFUND", f.apple.refund(purchase.transactionId()))).isEqualTo(500);
    String outRefundNo = "appleiap-refund-" + purchase.transactionId();
    assertThat(f.pay.getRefund(outRefundNo, false).status()).isEqualTo(RefundStatus.PROCESSING);

    Refund reconciled = f.pay.getRefund(outRefundNo, true); // what the sweeper does

    assertThat(reconciled.status()).isEqualTo(RefundStatus.SUCCESS);
    assertThat(f.refunded).hasValue(1);
    assertThat(f.pay.getOrder(order.outTradeNo()).status()).isEqualTo(OrderStatus.FULLY_REFUNDED);
  }

  @Test
  void aRefundForAPurchaseOfAnotherProductIsKeptInTheLedgerAndRefundsNothing() {
    CreateOrderResult order = f.order("vip", 990);
    paid(order);
    AppStoreSimulator.Purchase other =
        f.apple.purchase(AppleFixture.token(order), AppleFixture.COINS_PRODUCT, 9900);
    other.sign();

    assertThat(notify("REFUND", f.apple.refund(other.transactionId()))).isEqualTo(500);

    assertThat(f.pay.getOrder(order.outTradeNo()).status()).isEqualTo(OrderStatus.PAID);
    assertThat(f.pay.refunds(order.outTradeNo())).isEmpty();
    assertThat(f.refunded).hasValue(0);
    assertThat(f.pay.ledger().unresolved(100))
        .extracting(ProviderEvent::outcome)
        .containsExactly(EventOutcome.UNMATCHED_MISMATCH);
  }
}
