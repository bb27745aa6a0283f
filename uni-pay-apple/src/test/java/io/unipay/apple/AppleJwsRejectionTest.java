package io.unipay.apple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.CreateOrderResult;
import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.memory.InMemoryOrderRepository;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.Provider;
import io.unipay.testkit.apple.BadChain;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AppleJwsRejectionTest {
  private final AppleFixture f = new AppleFixture(new InMemoryOrderRepository());

  @AfterEach
  void close() {
    f.close();
  }

  @ParameterizedTest
  @EnumSource(BadChain.class)
  void everyBadChainOrTamperedTransactionIsRefusedWithNoStateChange(BadChain bad) {
    CreateOrderResult order = f.order("vip", 990);
    String jws =
        f.apple.purchase(AppleFixture.token(order), AppleFixture.VIP_PRODUCT, 9900).sign(bad);

    assertThatThrownBy(() -> f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), jws))
        .isInstanceOfSatisfying(
            UniPayException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID);
              assertThat(e.getMessage()).doesNotContain(jws.substring(0, 40));
            });
    assertNothingChanged(order);
  }

  @ParameterizedTest
  @EnumSource(BadChain.class)
  void everyBadChainOrTamperedNotificationIsAnsweredAsFailureWithNoStateChange(BadChain bad) {
    CreateOrderResult order = f.order("vip", 990);
    String valid =
        f.apple.purchase(AppleFixture.token(order), AppleFixture.VIP_PRODUCT, 9900).sign();
    String badTransaction =
        f.apple.purchase(AppleFixture.token(order), AppleFixture.VIP_PRODUCT, 9900).sign(bad);

    int badEnvelope =
        f.apple.postNotification(f.notifyUrl(), f.apple.notification("ONE_TIME_CHARGE", valid, bad));
    int badInner =
        f.apple.postNotification(
            f.notifyUrl(), f.apple.notification("ONE_TIME_CHARGE", badTransaction));

    assertThat(badEnvelope).isEqualTo(500);
    assertThat(badInner).isEqualTo(500);
    assertNothingChanged(order);
  }

  @ParameterizedTest
  @EnumSource(BadChain.class)
  void everyBadChainOrTamperedRefundIsAnsweredAsFailureAndRefundsNothing(BadChain bad) {
    CreateOrderResult order = f.order("vip", 990);
    var purchase = f.apple.purchase(AppleFixture.token(order), AppleFixture.VIP_PRODUCT, 9900);
    f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), purchase.sign());
    String refunded = f.apple.refund(purchase.transactionId());
    String badRefund =
        f.apple.purchase(AppleFixture.token(order), AppleFixture.VIP_PRODUCT, 9900)
            .transactionId(purchase.transactionId())
            .revokedAt(java.time.Instant.now())
            .sign(bad);

    assertThat(f.apple.postNotification(f.notifyUrl(), f.apple.notification("REFUND", refunded, bad)))
        .isEqualTo(500);
    assertThat(f.apple.postNotification(f.notifyUrl(), f.apple.notification("REFUND", badRefund)))
        .isEqualTo(500);
    assertThatThrownBy(() -> f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), badRefund))
        .isInstanceOf(UniPayException.class);

    assertThat(f.pay.getOrder(order.outTradeNo()).status()).isEqualTo(OrderStatus.PAID);
    assertThat(f.pay.refunds(order.outTradeNo())).isEmpty();
    assertThat(f.refunded).hasValue(0);
  }

  @Test
  void garbageInsteadOfAJwsIsRefusedAsInvalidInput() {
    CreateOrderResult order = f.order("vip", 990);
    String notJson = Base64.getUrlEncoder().encodeToString("x".getBytes()) + ".e30.c2ln";

    for (String proof : new String[] {"not-a-jws", "a.b", notJson, "..", "a.b.c.d"}) {
      assertThatThrownBy(() -> f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), proof))
          .isInstanceOf(UniPayException.class);
    }
    assertThat(f.apple.postNotification(f.notifyUrl(), "{}".getBytes())).isEqualTo(500);
    assertThat(f.apple.postNotification(f.notifyUrl(), "nope".getBytes())).isEqualTo(500);
    assertNothingChanged(order);
  }

  @Test
  void aWechatOrAlipayEngineRefusesClientProofsAsUnsupported() {
    CreateOrderResult order = f.order("vip", 990);

    assertThatThrownBy(() -> f.pay.confirmPurchase(Provider.WXPAY, order.outTradeNo(), "x"))
        .isInstanceOfSatisfying(
            UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_NOT_CONFIGURED));
  }

  private void assertNothingChanged(CreateOrderResult order) {
    assertThat(f.pay.getOrder(order.outTradeNo()).status()).isEqualTo(OrderStatus.UNPAID);
    assertThat(f.pay.ledger().events(order.outTradeNo())).isEmpty();
    assertThat(f.vipGranted).hasValue(0);
  }
}
