package io.unipay.jdbc;

import io.unipay.core.CreateOrderRequest;
import io.unipay.core.UniPay;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The VIP payment orders the second-payment tests create, and the grants their handler wrote. */
final class VipOrders {
  private VipOrders() {}

  /** A native-pay VIP order of 9.90 yuan for business order {@code orderNo}; its out_trade_no. */
  static String create(UniPay pay, String orderNo, Provider provider) {
    return pay.createOrder(CreateOrderRequest.builder()
        .type("vip").orderNo(orderNo).provider(provider).payType(PayType.NATIVE)
        .totalFee(990).description("VIP").build()).outTradeNo();
  }

  /** The out_trade_no of every row in {@code test_grants}. */
  static List<String> grants(Jdbi jdbi) {
    return jdbi.withHandle(h -> h.createQuery("SELECT out_trade_no FROM test_grants")
        .mapTo(String.class).list());
  }
}
