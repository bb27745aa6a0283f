package io.unipay.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.PrepayResult;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class CreateOrderTest {
  private final EngineFixture f = new EngineFixture();

  private static CreateOrderRequest.Builder valid() {
    return CreateOrderRequest.builder()
        .type("vip")
        .orderNo("ORDER-1")
        .provider(Provider.WXPAY)
        .payType(PayType.NATIVE)
        .totalFee(990)
        .description("VIP 30 days");
  }

  @Test
  void createsAnUnpaidOrderBeforeCallingTheProviderAndReturnsThePayload() {
    CreateOrderResult result = f.pay.createOrder(valid().custom("{\"pkg\":\"p30\"}").build());

    assertThat(result.payload()).isInstanceOf(PrepayResult.QrCode.class);
    assertThat(result.outTradeNo()).matches("[0-9A-Za-z]{32}");
    assertThat(result.expireDate()).isEqualTo(f.clock.instant().plus(Duration.ofHours(2)));
    PayOrder order = f.order(result.outTradeNo());
    assertThat(order.status()).isEqualTo(OrderStatus.UNPAID);
    assertThat(order.totalFee()).isEqualTo(990);
    assertThat(order.mchId()).isEqualTo(f.wechat.merchantId());
    assertThat(order.providerAppId()).isEqualTo("app-wxpay");
    assertThat(order.custom()).isEqualTo("{\"pkg\":\"p30\"}");
    assertThat(order.nextCheckAt()).isEqualTo(f.clock.instant().plus(Duration.ofMinutes(1)));
    assertThat(f.pay.notifyUrl(Provider.WXPAY, PayType.NATIVE))
        .isEqualTo("https://shop.example.com/notify/wxpay/native");
  }

  @Test
  void generatedOutTradeNumbersAreUnique() {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < 2000; i++) {
      seen.add(f.pay.createOrder(valid().orderNo("U" + i).build()).outTradeNo());
    }
    assertThat(seen).hasSize(2000);
  }

  @Test
  void repeatingTheSameUnpaidOrderReusesItsOutTradeNo() {
    CreateOrderResult first = f.pay.createOrder(valid().build());
    CreateOrderResult again = f.pay.createOrder(valid().build());

    assertThat(again.outTradeNo()).isEqualTo(first.outTradeNo());
    assertThat(again.reused()).isTrue();
    assertThat(f.repository.size()).isEqualTo(1);
    assertThat(f.wechat.prepayCalls).hasValue(2);
  }

  @Test
  void anotherProviderForTheSameOrderGetsANewOutTradeNo() {
    CreateOrderResult wechat = f.pay.createOrder(valid().build());
    CreateOrderResult alipay = f.pay.createOrder(valid().provider(Provider.ALIPAY).build());

    assertThat(alipay.outTradeNo()).isNotEqualTo(wechat.outTradeNo());
    assertThat(f.order(wechat.outTradeNo()).status()).isEqualTo(OrderStatus.UNPAID);
  }

  @Test
  void aDifferentAmountForAnUnpaidOrderIsAConflict() {
    f.pay.createOrder(valid().build());

    assertThatThrownBy(() -> f.pay.createOrder(valid().totalFee(1).build()))
        .isInstanceOfSatisfying(UniPayException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.ORDER_AMOUNT_CONFLICT);
          assertThat(e.getMessage()).contains("ORDER-1").contains("990").contains("1 fen");
        });
  }

  @Test
  void aPaidOrderCannotBePaidAgain() {
    CreateOrderResult first = f.pay.createOrder(valid().build());
    f.pay.handleNotify(f.wechat.pay(first.outTradeNo()));

    assertThatThrownBy(() -> f.pay.createOrder(valid().provider(Provider.ALIPAY).build()))
        .isInstanceOfSatisfying(UniPayException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.ORDER_ALREADY_PAID);
          assertThat(e.getMessage()).contains("ORDER-1");
        });
  }

  @Test
  void anExpiredUnpaidOrderIsNotReused() {
    CreateOrderResult first = f.pay.createOrder(valid().expireAfter(Duration.ofMinutes(5)).build());
    f.clock.advance(Duration.ofMinutes(10));

    CreateOrderResult second = f.pay.createOrder(valid().build());

    assertThat(second.outTradeNo()).isNotEqualTo(first.outTradeNo());
  }

  @Test
  void aFailedPrepayLeavesAnUnpaidRowThatTheRetryReuses() {
    f.wechat.failNextPrepay(new UniPayException(ErrorCode.PROVIDER_UNAVAILABLE, "connect refused"));

    assertThatThrownBy(() -> f.pay.createOrder(valid().build()))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
    PayOrder left = f.repository.findByOrderNo("ORDER-1").get(0);
    assertThat(left.status()).isEqualTo(OrderStatus.UNPAID);

    CreateOrderResult retry = f.pay.createOrder(valid().build());
    assertThat(retry.outTradeNo()).isEqualTo(left.outTradeNo());
    assertThat(f.repository.size()).isEqualTo(1);
  }

  static Stream<Arguments> invalidRequests() {
    return Stream.of(
        bad("unknown type", b -> b.type("gold"), ErrorCode.UNKNOWN_TYPE, "gold"),
        bad("malformed type", b -> b.type("a b"), ErrorCode.INVALID_ARGUMENT, "a b"),
        bad("missing order no", b -> b.orderNo(null), ErrorCode.INVALID_ARGUMENT, "orderNo"),
        bad("order no with quote", b -> b.orderNo("A'1"), ErrorCode.INVALID_ARGUMENT, "A'1"),
        bad("order no too long", b -> b.orderNo("A".repeat(65)), ErrorCode.INVALID_ARGUMENT, "AAAA"),
        bad("missing provider", b -> b.provider(null), ErrorCode.INVALID_ARGUMENT, "provider"),
        bad("missing pay type", b -> b.payType(null), ErrorCode.INVALID_ARGUMENT, "payType"),
        bad("pay type the provider lacks", b -> b.payType(PayType.PAGE), ErrorCode.INVALID_ARGUMENT, "page"),
        bad("zero amount", b -> b.totalFee(0), ErrorCode.INVALID_ARGUMENT, "0"),
        bad("negative amount", b -> b.totalFee(-5), ErrorCode.INVALID_ARGUMENT, "-5"),
        bad("amount over the maximum", b -> b.totalFee(10_000_000_01L), ErrorCode.INVALID_ARGUMENT, "1000000001"),
        bad("blank description", b -> b.description("  "), ErrorCode.INVALID_ARGUMENT, "description"),
        bad("description over 127 bytes", b -> b.description("会员".repeat(22)), ErrorCode.INVALID_ARGUMENT, "132 bytes"),
        bad("jsapi without openid", b -> b.payType(PayType.JSAPI), ErrorCode.INVALID_ARGUMENT, "openid"),
        bad("h5 without client ip", b -> b.payType(PayType.H5), ErrorCode.INVALID_ARGUMENT, "clientIp"),
        bad("custom not JSON", b -> b.custom("{oops"), ErrorCode.INVALID_ARGUMENT, "custom"),
        bad("expiry too short", b -> b.expireAfter(Duration.ofSeconds(5)), ErrorCode.INVALID_ARGUMENT, "PT5S"),
        bad("user id too long", b -> b.userId("u".repeat(65)), ErrorCode.INVALID_ARGUMENT, "userId"));
  }

  private static Arguments bad(
      String name, UnaryOperator<CreateOrderRequest.Builder> change, ErrorCode code, String named) {
    return Arguments.of(name, change, code, named);
  }

  @ParameterizedTest(name = "{0} is rejected")
  @MethodSource("invalidRequests")
  void invalidRequestsAreRejectedWithACodeAndAMessageNamingTheValue(
      String name, UnaryOperator<CreateOrderRequest.Builder> change, ErrorCode code, String named) {
    assertThatThrownBy(() -> f.pay.createOrder(change.apply(valid()).build()))
        .isInstanceOfSatisfying(UniPayException.class, e -> {
          assertThat(e.code()).isEqualTo(code);
          assertThat(e.getMessage()).contains(named);
        });
    assertThat(f.repository.size()).as("nothing half-written").isZero();
    assertThat(f.wechat.prepayCalls).hasValue(0);
  }

  @Test
  void aProviderThatIsNotConfiguredIsNamed() {
    EngineFixture f2 = new EngineFixture();
    UniPay onlyWechat =
        UniPay.builder().repository(f2.repository).payClient(f2.wechat).handler("vip", f2.handler)
            .notifyBaseUrl("https://x.example/n").build();

    assertThatThrownBy(() -> onlyWechat.createOrder(valid().provider(Provider.ALIPAY).build()))
        .isInstanceOfSatisfying(UniPayException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_NOT_CONFIGURED);
          assertThat(e.getMessage()).contains("alipay");
        });
  }

  @Test
  void builderNamesWhatIsMissing() {
    assertThatThrownBy(() -> UniPay.builder().build())
        .isInstanceOfSatisfying(UniPayException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION_INVALID);
          assertThat(e.getMessage()).contains("repository");
        });
    assertThatThrownBy(() -> UniPay.builder().notifyBaseUrl("ftp://x"))
        .hasMessageContaining("ftp://x");
    assertThatThrownBy(() -> UniPay.builder().handler("vip", e -> {}).handler("vip", e -> {}))
        .hasMessageContaining("vip");
  }
}
