package io.unipay.apple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.CreateOrderResult;
import io.unipay.core.ErrorCode;
import io.unipay.core.SettlementOutcome;
import io.unipay.core.UniPayException;
import io.unipay.core.ledger.EventKind;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.memory.InMemoryOrderRepository;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.Provider;
import io.unipay.testkit.apple.AppStoreSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The opt-in legacy verifyReceipt path for StoreKit 1 apps, against the simulator. */
class AppleLegacyReceiptTest {
  private AppleFixture f = legacy((b, apple) -> {});

  /** A fixture whose client takes legacy receipts with the simulator's secret and prices. */
  private static AppleFixture legacy(BiConsumer<AppleIapConfig.Builder, AppStoreSimulator> more) {
    return new AppleFixture(new InMemoryOrderRepository(), (b, apple) -> {
      b.legacyReceipts(apple.sharedSecret())
          .legacyPrice(AppleFixture.VIP_PRODUCT, 990)
          .legacyPrice(AppleFixture.COINS_PRODUCT, 600);
      more.accept(b, apple);
    });
  }

  @AfterEach
  void close() {
    f.close();
  }

  /** A StoreKit 1 purchase (no appAccountToken) of {@code productId}. */
  private AppStoreSimulator.Purchase storeKit1(String productId) {
    return f.apple.purchase(null, productId, 9900);
  }

  private SettlementOutcome confirm(CreateOrderResult order, String receipt, String transactionId) {
    return f.pay.confirmPurchase(
        Provider.APPLEIAP, order.outTradeNo(), AppleIapClient.receiptProof(receipt, transactionId));
  }

  @Test
  void aReceiptSettlesTheOrderTheAppNamesOnce() {
    CreateOrderResult order = f.order("vip", 990);
    AppStoreSimulator.Purchase purchase = storeKit1(AppleFixture.VIP_PRODUCT);
    String receipt = f.apple.receipt(purchase);

    assertThat(confirm(order, receipt, purchase.transactionId()))
        .isEqualTo(SettlementOutcome.SETTLED);
    assertThat(confirm(order, receipt, purchase.transactionId()))
        .isEqualTo(SettlementOutcome.ALREADY_SETTLED);

    assertThat(f.vipGranted).hasValue(1);
    assertThat(f.pay.getOrder(order.outTradeNo()).transactionId())
        .isEqualTo(purchase.transactionId());
  }

  @Test
  void aReceiptCarryingTheTokenOfAnotherOrderSettlesOnlyThatOrder() {
    CreateOrderResult mine = f.order("vip", 990);
    CreateOrderResult other = f.order("vip", 990);
    AppStoreSimulator.Purchase purchase = // applicationUsername = the other order's token
        f.apple.purchase(AppleFixture.token(other), AppleFixture.VIP_PRODUCT, 9900);

    assertThat(confirm(mine, f.apple.receipt(purchase), purchase.transactionId()))
        .isEqualTo(SettlementOutcome.REJECTED);

    assertThat(f.pay.getOrder(mine.outTradeNo()).status()).isEqualTo(OrderStatus.UNPAID);
    assertThat(f.pay.getOrder(other.outTradeNo()).status()).isEqualTo(OrderStatus.PAID);
    assertThat(f.vipGranted).hasValue(1);
  }

  @Test
  void aPurchaseDaysOldStillSettlesThereIsNoCutOff() {
    CreateOrderResult order = f.order("vip", 990);
    AppStoreSimulator.Purchase old =
        storeKit1(AppleFixture.VIP_PRODUCT).purchasedAt(Instant.now().minus(Duration.ofDays(3)));

    assertThat(confirm(order, f.apple.receipt(old), old.transactionId()))
        .isEqualTo(SettlementOutcome.SETTLED);
  }

  @Test
  void oneReceiptTransactionPaysOneOrderAndIsKeptInTheLedgerWhenReportedForAnother() {
    CreateOrderResult first = f.order("vip", 990);
    CreateOrderResult second = f.order("vip", 990);
    AppStoreSimulator.Purchase purchase = storeKit1(AppleFixture.VIP_PRODUCT);
    String receipt = f.apple.receipt(purchase);
    confirm(first, receipt, purchase.transactionId());

    assertThat(confirm(second, receipt, purchase.transactionId()))
        .isEqualTo(SettlementOutcome.REJECTED);

    assertThat(f.pay.getOrder(second.outTradeNo()).status()).isEqualTo(OrderStatus.UNPAID);
    assertThat(f.vipGranted).hasValue(1);
    assertThat(f.pay.ledger().unresolved(100))
        .singleElement()
        .satisfies(e -> {
          assertThat(e.outcome()).isEqualTo(EventOutcome.UNMATCHED_CONFLICT);
          assertThat(e.outTradeNo()).isEqualTo(second.outTradeNo());
        });
  }

  @Test
  void aReceiptForAnotherProductIsRejectedAndKeptInTheLedger() {
    CreateOrderResult order = f.order("vip", 990);
    AppStoreSimulator.Purchase coins = storeKit1(AppleFixture.COINS_PRODUCT);

    assertThat(confirm(order, f.apple.receipt(coins), coins.transactionId()))
        .isEqualTo(SettlementOutcome.REJECTED);

    assertKeptAsMismatch(order);
  }

  @Test
  void aReceiptOfAnotherAppIsRejectedAndKeptInTheLedger() {
    try (AppStoreSimulator otherApp = new AppStoreSimulator("com.example.other", "Sandbox")) {
      f.close();
      f = legacy((b, apple) -> b.legacyReceipts(otherApp.sharedSecret())
          .receiptUrls(otherApp.verifyReceiptUrl("Production"), otherApp.verifyReceiptUrl("Sandbox")));
      CreateOrderResult order = f.order("vip", 990);
      AppStoreSimulator.Purchase foreign = otherApp.purchase(null, AppleFixture.VIP_PRODUCT, 9900);

      assertThat(confirm(order, otherApp.receipt(foreign), foreign.transactionId()))
          .isEqualTo(SettlementOutcome.REJECTED);

      assertKeptAsMismatch(order);
    }
  }

  private void assertKeptAsMismatch(CreateOrderResult order) {
    assertThat(f.pay.getOrder(order.outTradeNo()).status()).isEqualTo(OrderStatus.UNPAID);
    assertThat(f.vipGranted).hasValue(0);
    assertThat(f.pay.ledger().events(order.outTradeNo()))
        .filteredOn(e -> e.kind() == EventKind.PAYMENT)
        .extracting(ProviderEvent::outcome)
        .containsExactly(EventOutcome.UNMATCHED_MISMATCH);
  }

  @Test
  void aCancelledReceiptPurchaseIsRecordedAsPaidAndRefundedWithoutGranting() {
    CreateOrderResult order = f.order("vip", 990);
    AppStoreSimulator.Purchase purchase =
        storeKit1(AppleFixture.VIP_PRODUCT).revokedAt(Instant.now());

    assertThat(confirm(order, f.apple.receipt(purchase), purchase.transactionId()))
        .isEqualTo(SettlementOutcome.REFUNDED_AT_PROVIDER);

    assertThat(f.pay.getOrder(order.outTradeNo()).status()).isEqualTo(OrderStatus.FULLY_REFUNDED);
    assertThat(f.vipGranted).hasValue(0);
    assertThat(f.refundedWithoutGrant).hasValue(1);
  }

  @Test
  void aSandboxReceiptSentToProductionIsVerifiedInTheSandboxOnlyWithTheFallback() {
    f.close();
    f = legacy((b, apple) -> b.environment(AppleEnvironment.PRODUCTION).appAppleId(1L));
    CreateOrderResult order = f.order("vip", 990);
    AppStoreSimulator.Purchase review = storeKit1(AppleFixture.VIP_PRODUCT); // Sandbox
    String receipt = f.apple.receipt(review);

    assertThatThrownBy(() -> confirm(order, receipt, review.transactionId()))
        .isInstanceOfSatisfying(UniPayException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
          assertThat(e.getMessage()).contains("SANDBOX");
        });
    assertThat(f.pay.getOrder(order.outTradeNo()).status()).isEqualTo(OrderStatus.UNPAID);

    AppStoreSimulator apple = f.apple;
    AppleIapConfig.Builder withFallback =
        AppleFixture.standard(apple).environment(AppleEnvironment.PRODUCTION).appAppleId(1L)
            .sandboxFallback(true).legacyReceipts(apple.sharedSecret())
            .legacyPrice(AppleFixture.VIP_PRODUCT, 990)
            .legacyPrice(AppleFixture.COINS_PRODUCT, 600);
    try (AppleIapClient client = new AppleIapClient(withFallback.build())) {
      assertThat(client.verifyPurchase(order.outTradeNo(),
              AppleIapClient.receiptProof(receipt, review.transactionId())).transactionId())
          .isEqualTo(review.transactionId());
    }
  }

  @Test
  void aProductionReceiptSentToASandboxConfigurationIsRefused() {
    CreateOrderResult order = f.order("vip", 990);
    AppStoreSimulator.Purchase real =
        storeKit1(AppleFixture.VIP_PRODUCT).environment("Production");

    assertThatThrownBy(() -> confirm(order, f.apple.receipt(real), real.transactionId()))
        .isInstanceOfSatisfying(UniPayException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
          assertThat(e.getMessage()).contains("PRODUCTION");
        });
    assertThat(f.pay.getOrder(order.outTradeNo()).status()).isEqualTo(OrderStatus.UNPAID);
  }

  @Test
  void applesStatusCodesAreMappedAndChangeNothing() {
    CreateOrderResult order = f.order("vip", 990);
    AppStoreSimulator.Purchase purchase = storeKit1(AppleFixture.VIP_PRODUCT);
    String receipt = f.apple.receipt(purchase);
    String id = purchase.transactionId();

    assertCode(() -> confirm(order, "not base64!", id), ErrorCode.INVALID_ARGUMENT); // 21002
    assertCode(() -> confirm(order, "AAAA", id), ErrorCode.SIGNATURE_INVALID); // 21003
    f.apple.failNextReceipt(21005);
    assertCode(() -> confirm(order, receipt, id), ErrorCode.PROVIDER_UNAVAILABLE);
    f.apple.failNextReceipt(21100);
    assertCode(() -> confirm(order, receipt, id), ErrorCode.PROVIDER_UNAVAILABLE);
    assertCode(() -> confirm(order, receipt, "999"), ErrorCode.INVALID_ARGUMENT); // not in it
    try (AppleIapClient wrongSecret = new AppleIapClient(
        AppleFixture.standard(f.apple).legacyReceipts("not-the-secret")
            .legacyPrice(AppleFixture.VIP_PRODUCT, 990)
            .legacyPrice(AppleFixture.COINS_PRODUCT, 600).build())) {
      assertCode(
          () -> wrongSecret.verifyPurchase(order.outTradeNo(),
              AppleIapClient.receiptProof(receipt, id)),
          ErrorCode.CONFIGURATION_INVALID); // 21004
    }
    assertThat(f.pay.getOrder(order.outTradeNo()).status()).isEqualTo(OrderStatus.UNPAID);
    assertThat(f.pay.ledger().events(order.outTradeNo())).isEmpty();
  }

  @Test
  void receiptsAreRefusedUnlessEnabled() {
    f.close();
    f = new AppleFixture(new InMemoryOrderRepository());
    CreateOrderResult order = f.order("vip", 990);
    AppStoreSimulator.Purchase purchase = storeKit1(AppleFixture.VIP_PRODUCT);

    assertCode(() -> confirm(order, f.apple.receipt(purchase), purchase.transactionId()),
        ErrorCode.PROVIDER_NOT_CONFIGURED);
  }

  private static void assertCode(Runnable call, ErrorCode code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(UniPayException.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
