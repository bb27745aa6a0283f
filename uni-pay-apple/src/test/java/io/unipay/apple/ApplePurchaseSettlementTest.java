package io.unipay.apple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.CreateOrderResult;
import io.unipay.core.ErrorCode;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.SettlementOutcome;
import io.unipay.core.UniPayException;
import io.unipay.core.ledger.EventKind;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.memory.InMemoryOrderRepository;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.PrepayResult;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApplePurchaseSettlementTest {
  private final AppleFixture f = new AppleFixture(new InMemoryOrderRepository());

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void createOrderGivesTheTypesProductAndATokenThatIsTheOutTradeNo() {
    CreateOrderResult order = f.order("vip", 990);

    PrepayResult.AppleInAppPurchase iap = (PrepayResult.AppleInAppPurchase) order.payload();
    assertThat(iap.productId()).isEqualTo(AppleFixture.VIP_PRODUCT);
    assertThat(AccountTokens.outTradeNo(iap.appAccountToken())).isEqualTo(order.outTradeNo());
    assertThat(iap.appAccountToken().version()).isEqualTo(7);
    assertThat(f.pay.getOrder(order.outTradeNo()).providerAppId())
        .isEqualTo(AppleFixture.VIP_PRODUCT);
  }

  @Test
  void aConfirmedPurchaseSettlesOnceAndAgainChangesNothing() {
    CreateOrderResult order = f.order("vip", 990);
    String jws = f.apple.purchase(AppleFixture.token(order), AppleFixture.VIP_PRODUCT, 9900).sign();

    assertThat(f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), jws))
        .isEqualTo(SettlementOutcome.SETTLED);
    assertThat(f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), jws))
        .isEqualTo(SettlementOutcome.ALREADY_SETTLED);

    assertThat(f.vipGranted).hasValue(1);
    assertThat(f.pay.getOrder(order.outTradeNo()).status()).isEqualTo(OrderStatus.PAID);
    assertThat(f.pay.ledger().events(order.outTradeNo()))
        .extracting(ProviderEvent::outcome)
        .contains(EventOutcome.SETTLED);
  }

  @Test
  void aPurchaseOfAnotherProductIsRejectedAndKeptInTheLedger() {
    CreateOrderResult order = f.order("vip", 990);
    String jws =
        f.apple.purchase(AppleFixture.token(order), AppleFixture.COINS_PRODUCT, 9900).sign();

    assertThat(f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), jws))
        .isEqualTo(SettlementOutcome.REJECTED);

    assertUnpaidWithUnmatchedFact(order, EventOutcome.UNMATCHED_MISMATCH);
  }

  @Test
  void aPurchaseInAnotherBundleIsRejectedAndKeptInTheLedger() {
    CreateOrderResult order = f.order("vip", 990);
    String jws =
        f.apple.purchase(AppleFixture.token(order), AppleFixture.VIP_PRODUCT, 9900)
            .bundleId("com.example.other")
            .sign();

    assertThat(f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), jws))
        .isEqualTo(SettlementOutcome.REJECTED);

    assertUnpaidWithUnmatchedFact(order, EventOutcome.UNMATCHED_MISMATCH);
  }

  @Test
  void aPriceThatIsNotTheOrdersAmountIsRejectedAndKeptInTheLedger() {
    CreateOrderResult order = f.order("vip", 990);
    String notWholeFen =
        f.apple.purchase(AppleFixture.token(order), AppleFixture.VIP_PRODUCT, 9905).sign();
    String otherAmount =
        f.apple.purchase(AppleFixture.token(order), AppleFixture.VIP_PRODUCT, 6800).sign();

    assertThat(f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), notWholeFen))
        .isEqualTo(SettlementOutcome.REJECTED);
    assertThat(f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), otherAmount))
        .isEqualTo(SettlementOutcome.REJECTED);

    assertUnpaidWithUnmatchedFact(order, EventOutcome.UNMATCHED_MISMATCH);
  }

  @Test
  void aPurchaseBoundToAnotherOrdersTokenDoesNotSettleThisOrder() {
    CreateOrderResult mine = f.order("vip", 990);
    CreateOrderResult other = f.order("vip", 990);
    String jws = f.apple.purchase(AppleFixture.token(other), AppleFixture.VIP_PRODUCT, 9900).sign();

    assertThat(f.pay.confirmPurchase(Provider.APPLEIAP, mine.outTradeNo(), jws))
        .isEqualTo(SettlementOutcome.REJECTED);

    assertThat(f.pay.getOrder(mine.outTradeNo()).status()).isEqualTo(OrderStatus.UNPAID);
    assertThat(f.pay.getOrder(other.outTradeNo()).status()).isEqualTo(OrderStatus.PAID);
    assertThat(f.vipGranted).hasValue(1);
  }

  @Test
  void aPurchaseWithoutAppAccountTokenIsKeptAsAFactForNoOrder() {
    CreateOrderResult order = f.order("vip", 990);
    String jws = f.apple.purchase(null, AppleFixture.VIP_PRODUCT, 9900).sign();

    assertThat(f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), jws))
        .isEqualTo(SettlementOutcome.REJECTED);

    assertThat(f.pay.getOrder(order.outTradeNo()).status()).isEqualTo(OrderStatus.UNPAID);
    assertThat(f.pay.ledger().unresolved(100))
        .extracting(ProviderEvent::outcome)
        .containsExactly(EventOutcome.UNMATCHED_UNKNOWN_ORDER);
  }

  @Test
  void aRevokedPurchaseIsRecordedAsPaidAndRefundedAtAppleWithoutGranting() {
    CreateOrderResult order = f.order("vip", 990);
    String jws =
        f.apple.purchase(AppleFixture.token(order), AppleFixture.VIP_PRODUCT, 9900)
            .revokedAt(Instant.now())
            .sign();

    assertThat(f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), jws))
        .isEqualTo(SettlementOutcome.REFUNDED_AT_PROVIDER);
    assertThat(f.vipGranted).hasValue(0);
    assertThat(f.pay.getOrder(order.outTradeNo()).status()).isEqualTo(OrderStatus.FULLY_REFUNDED);
    assertThat(f.refundedWithoutGrant).hasValue(1);
    assertThat(f.refunded).hasValue(0);
  }

  @Test
  void aFamilySharedTransactionPaysNoOrder() {
    CreateOrderResult order = f.order("vip", 990);
    String jws =
        f.apple.purchase(AppleFixture.token(order), AppleFixture.VIP_PRODUCT, 9900)
            .ownership("FAMILY_SHARED").sign();

    assertThatThrownBy(() -> f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), jws))
        .isInstanceOfSatisfying(
            UniPayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertThat(f.apple.postNotification(
            f.notifyUrl(), f.apple.notification("ONE_TIME_CHARGE", jws)))
        .isEqualTo(200); // kept as a fact, acknowledged
    assertThat(f.pay.getOrder(order.outTradeNo()).status()).isEqualTo(OrderStatus.UNPAID);
    assertThat(f.vipGranted).hasValue(0);
  }

  @Test
  void aQuantityOtherThanOneAndAnotherEnvironmentAreRefusedWithNoStateChange() {
    CreateOrderResult order = f.order("vip", 990);
    String two =
        f.apple.purchase(AppleFixture.token(order), AppleFixture.VIP_PRODUCT, 9900)
            .quantity(2).sign();
    String production =
        f.apple.purchase(AppleFixture.token(order), AppleFixture.VIP_PRODUCT, 9900)
            .environment("Production").sign();
    String xcode =
        f.apple.purchase(AppleFixture.token(order), AppleFixture.VIP_PRODUCT, 9900)
            .environment("Xcode").sign();

    for (String jws : List.of(two, production, xcode)) {
      assertThatThrownBy(() -> f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), jws))
          .isInstanceOfSatisfying(
              UniPayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
    assertThat(f.pay.getOrder(order.outTradeNo()).status()).isEqualTo(OrderStatus.UNPAID);
    assertThat(f.pay.ledger().events(order.outTradeNo())).isEmpty();
  }

  @Test
  void refundsAreRefusedBecauseAppleRefundsOnlyAtTheCustomersRequest() {
    CreateOrderResult order = f.order("vip", 990);
    f.pay.confirmPurchase(
        Provider.APPLEIAP, order.outTradeNo(),
        f.apple.purchase(AppleFixture.token(order), AppleFixture.VIP_PRODUCT, 9900).sign());

    assertThatThrownBy(
            () -> f.client.refund(
                new io.unipay.core.spi.RefundCommand(
                    order.outTradeNo(), "2000000000000001", "r1", 990, 990, "CNY", "changed mind",
                    "http://localhost/refund")))
        .isInstanceOfSatisfying(
            ProviderRejectedException.class,
            e -> assertThat(e.verdict()).isEqualTo(ProviderRejectedException.Verdict.REFUSED));
  }

  private void assertUnpaidWithUnmatchedFact(CreateOrderResult order, EventOutcome outcome) {
    assertThat(f.pay.getOrder(order.outTradeNo()).status()).isEqualTo(OrderStatus.UNPAID);
    assertThat(f.vipGranted).hasValue(0);
    assertThat(f.pay.ledger().events(order.outTradeNo()))
        .filteredOn(e -> e.kind() == EventKind.PAYMENT)
        .isNotEmpty()
        .extracting(ProviderEvent::outcome)
        .containsOnly(outcome);
  }
}
