package io.unipay.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.CreateOrderRequest;
import io.unipay.core.NotifyRequest;
import io.unipay.core.NotifyResponse;
import io.unipay.core.UniPay;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.spring.VipTestApplication.Failure;
import io.unipay.spring.VipTestApplication.Recorder;
import io.unipay.testkit.wechat.Fault;
import io.unipay.testkit.wechat.SignedNotification;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The settlement transaction is a Spring transaction on the application's DataSource: what the
 * handler writes through JdbcTemplate or a {@code @Transactional(REQUIRED)} service commits or
 * rolls back with the order's move to PAID. Runs in a real application context; subclasses pick
 * the database.
 */
abstract class SettlementTransactionContract {
  @Autowired UniPay pay;
  @Autowired JdbcTemplate jdbc;
  @Autowired Recorder recorder;

  @DynamicPropertySource
  static void simulators(DynamicPropertyRegistry registry) {
    Simulators.register(registry);
  }

  @Test
  void handlerThatInsertsThroughJdbcTemplateAndThrowsLeavesNeitherItsRowNorThePaidStatus() {
    redeliveryAfterAFailedRunGrantsExactlyOnce(Failure.THROW_AFTER_INSERT);
  }

  @Test
  void transactionalServiceThatThrowsRollsBackWithTheSettlement() {
    redeliveryAfterAFailedRunGrantsExactlyOnce(Failure.SERVICE_THROWS);
  }

  @Test
  void transactionalServiceFailureSwallowedByTheHandlerStillRollsBackTheSettlement() {
    redeliveryAfterAFailedRunGrantsExactlyOnce(Failure.SERVICE_THROWS_SWALLOWED);
  }

  @Test
  void handlerSeesTheUncommittedPaidStatusBecauseItSharesTheSettlementConnection() {
    String outTradeNo = createWechatOrder();
    NotifyRequest notification = paidNotification(outTradeNo);

    assertThat(pay.handleNotify(notification).success()).isTrue();

    assertThat(recorder.statusSeenInside.get(outTradeNo)).isEqualTo(OrderStatus.PAID.code());
    assertThat(grants(outTradeNo)).isEqualTo(1);
  }

  private void redeliveryAfterAFailedRunGrantsExactlyOnce(Failure failure) {
    String outTradeNo = createWechatOrder();
    NotifyRequest notification = paidNotification(outTradeNo);

    recorder.failNext(failure);
    NotifyResponse first = pay.handleNotify(notification);

    assertThat(first.success()).isFalse();
    assertThat(recorder.runs(outTradeNo)).isEqualTo(1);
    assertThat(grants(outTradeNo)).isZero();
    assertThat(status(outTradeNo)).isEqualTo(OrderStatus.UNPAID.code());
    assertThat(pay.getOrder(outTradeNo).status()).isEqualTo(OrderStatus.UNPAID);

    NotifyResponse redelivered = pay.handleNotify(notification);

    assertThat(redelivered.success()).isTrue();
    assertThat(recorder.runs(outTradeNo)).isEqualTo(2);
    assertThat(grants(outTradeNo)).isEqualTo(1);
    assertThat(pay.getOrder(outTradeNo).status()).isEqualTo(OrderStatus.PAID);
    assertThat(pay.getOrder(outTradeNo).userOrderSuccess()).isTrue();

    NotifyResponse duplicate = pay.handleNotify(notification);

    assertThat(duplicate.success()).isTrue();
    assertThat(recorder.runs(outTradeNo)).isEqualTo(2);
    assertThat(grants(outTradeNo)).isEqualTo(1);
  }

  private String createWechatOrder() {
    return pay.createOrder(
            CreateOrderRequest.builder()
                .type("vip")
                .orderNo("vip-" + UUID.randomUUID())
                .provider(Provider.WXPAY)
                .payType(PayType.NATIVE)
                .totalFee(3000)
                .description("VIP 30 days")
                .build())
        .outTradeNo();
  }

  /** The payer pays; the simulator's own delivery is dropped so the test delivers it itself. */
  private NotifyRequest paidNotification(String outTradeNo) {
    Simulators.WECHAT.inject(Fault.DROP_NOTIFICATION, 1);
    Simulators.WECHAT.pay(outTradeNo);
    SignedNotification signed = Simulators.WECHAT.paymentNotification(outTradeNo);
    return NotifyRequest.post("/pay/notify/wxpay/native", signed.headers(), signed.body());
  }

  private int grants(String outTradeNo) {
    return jdbc.queryForObject(
        "SELECT COUNT(*) FROM vip_grants WHERE out_trade_no = ?", Integer.class, outTradeNo);
  }

  private int status(String outTradeNo) {
    return jdbc.queryForObject(
        "SELECT status FROM uni_pay_orders WHERE out_trade_no = ?", Integer.class, outTradeNo);
  }
}
