package io.unipay.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.unipay.core.order.OrderStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NotifyRoutingTest {
  private final EngineFixture f = new EngineFixture();

  private static NotifyRequest withMethod(String method, NotifyRequest post) {
    return new NotifyRequest(method, post.path(), post.headers(), post.body());
  }

  private static NotifyRequest onPath(String path, NotifyRequest post) {
    return new NotifyRequest(post.method(), path, post.headers(), post.body());
  }

  @Test
  void aValidPaymentNotificationSentWithAnotherMethodIsRefusedAndSettlesNothing() {
    String no = f.create("N1", 100).outTradeNo();
    for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
      NotifyResponse answer = f.pay.handleNotify(withMethod(method, f.wechat.pay(no)));
      assertThat(answer.success()).isFalse();
      assertThat(answer.status()).isEqualTo(405);
    }
    assertThat(f.order(no).status()).isEqualTo(OrderStatus.UNPAID);
    assertThat(f.pay.handleNotify(f.wechat.pay(no)).success()).isTrue();
  }

  @Test
  void aPaymentNotificationPostedToTheRefundRouteIsRefused() {
    String no = f.create("N2", 100).outTradeNo();
    NotifyResponse answer = f.pay.handleNotify(onPath("/notify/wxpay/refund", f.wechat.pay(no)));
    assertThat(answer.success()).isFalse();
    assertThat(f.order(no).status()).isEqualTo(OrderStatus.UNPAID);
  }

  @Test
  void unknownPayTypesAndProvidersAreUnknownRoutes() {
    String no = f.create("N4", 100).outTradeNo();
    assertThat(f.pay.handleNotify(onPath("/notify/wxpay/page", f.wechat.pay(no))).status())
        .as("page is an Alipay pay type").isEqualTo(404);
    assertThat(f.pay.handleNotify(onPath("/notify/paypal/native", f.wechat.pay(no))).status())
        .isEqualTo(404);
    assertThat(f.pay.handleNotify(onPath("x", f.wechat.pay(no))).status()).isEqualTo(404);
    assertThat(f.order(no).status()).isEqualTo(OrderStatus.UNPAID);
  }

  @Test
  void headerValueListsHoldingNullAreAcceptedAndTheNullsDropped() {
    Map<String, List<String>> headers = new TreeMap<>();
    headers.put("X-Fake-Signature", new ArrayList<>(Arrays.asList(null, "sig")));
    headers.put("X-Empty", null);
    assertThatCode(() -> new NotifyRequest("POST", "/notify/wxpay/native", headers, new byte[0]))
        .doesNotThrowAnyException();
    NotifyRequest request = new NotifyRequest("POST", "/notify/wxpay/native", headers, new byte[0]);
    assertThat(request.header("x-fake-signature")).contains("sig");
    assertThat(request.header("x-empty")).isEmpty();
  }
}
