package io.unipay.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.RefundRequest;
import io.unipay.core.UniPay;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.examples.boot.AppHttp.Answer;
import io.unipay.testkit.alipay.AlipaySimulator;
import io.unipay.testkit.alipay.SignedForm;
import io.unipay.testkit.wechat.Fault;
import io.unipay.testkit.wechat.SignedNotification;
import io.unipay.testkit.wechat.WechatPaySimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The example in its default {@code sandbox} profile, on a random port, driven over real HTTP: the
 * JSON API creates the order, the in-process simulator takes the payment and POSTs its signed
 * notification to the starter's notify endpoint, and the handler grants VIP exactly once.
 */
@SpringBootTest(
    classes = VipBootApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    // the sweeper must not settle a payment by query while a test looks at a refused notification
    properties = "unipay.first-check-delay=1h")
class VipRechargeFlowTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Value("${local.server.port}")
  int port;

  @Autowired WechatPaySimulator wechat;
  @Autowired AlipaySimulator alipay;
  @Autowired JdbcTemplate jdbc;
  @Autowired UniPay pay;

  private AppHttp app;

  @BeforeEach
  void client() {
    app = new AppHttp(port);
  }

  @Test
  void wechatPaymentAtTheSimulatorGrantsThirtyDaysOfVipThroughTheNotifyEndpoint()
      throws Exception {
    Instant before = Instant.now();
    String outTradeNo = order("alice-" + UUID.randomUUID(), "month", "wxpay");

    assertThat(app.post("/api/sandbox/orders/" + outTradeNo + "/pay").status()).isEqualTo(202);

    Answer paid = awaitPaid(outTradeNo);
    assertThat(paid.json().path("businessStatus").asText()).isEqualTo("PAID");
    Instant until = Instant.parse(paid.json().path("vipUntil").asText());
    assertThat(until)
        .isBetween(before.plus(Duration.ofDays(30)), Instant.now().plus(Duration.ofDays(30)));
    assertThat(wechat.awaitAcknowledged(outTradeNo, WAIT).httpStatus()).isBetween(200, 299);
  }

  @Test
  void alipayPaymentAtTheSimulatorGrantsVipAndIsAnsweredSuccess() throws Exception {
    String outTradeNo = order("bob-" + UUID.randomUUID(), "year", "alipay");

    app.post("/api/sandbox/orders/" + outTradeNo + "/pay");

    Answer paid = awaitPaid(outTradeNo);
    assertThat(paid.json().path("totalFee").asLong()).isEqualTo(19900);
    assertThat(Instant.parse(paid.json().path("vipUntil").asText()))
        .isAfter(Instant.now().plus(Duration.ofDays(364)));
    assertThat(alipay.truth().notifyAttempts(outTradeNo)).anyMatch(a -> a.acknowledged());
  }

  @Test
  void duplicateNotificationsAreAcknowledgedAndGrantVipOnlyOnce() throws Exception {
    String outTradeNo = order("carol-" + UUID.randomUUID(), "month", "wxpay");
    app.post("/api/sandbox/orders/" + outTradeNo + "/pay");
    String vipUntil = awaitPaid(outTradeNo).json().path("vipUntil").asText();
    wechat.awaitAcknowledged(outTradeNo, WAIT);

    assertThat(app.post("/api/sandbox/orders/" + outTradeNo + "/redeliver").status())
        .isEqualTo(202);
    app.post("/api/sandbox/orders/" + outTradeNo + "/redeliver");
    wechat.awaitDelivery(
        d -> d.outTradeNo().equals(outTradeNo) && d.acknowledged() && acknowledged(outTradeNo) >= 3,
        WAIT);

    Answer after = app.get("/api/orders/" + outTradeNo);
    assertThat(after.json().path("status").asText()).isEqualTo("PAID");
    assertThat(after.json().path("vipUntil").asText()).isEqualTo(vipUntil);
    assertThat(grantedOrders(outTradeNo)).isEqualTo(1);
  }

  @Test
  void tamperedWechatNotificationIsRefusedAndGrantsNothing() throws Exception {
    String user = "mallory-" + UUID.randomUUID();
    String outTradeNo = order(user, "month", "wxpay");
    wechat.inject(Fault.DROP_NOTIFICATION, 1); // the real one is lost; we post a forged copy
    app.post("/api/sandbox/orders/" + outTradeNo + "/pay");
    SignedNotification signed = wechat.paymentNotification(outTradeNo);
    byte[] tampered = signed.body().clone();
    tampered[tampered.length - 3] ^= 1;

    Answer answer = app.postRaw("/pay/notify/wxpay/native", signed.headers(), tampered);

    assertThat(answer.status()).isBetween(400, 599);
    assertThat(answer.json().path("code").asText()).isEqualTo("FAIL");
    Answer order = app.get("/api/orders/" + outTradeNo);
    assertThat(order.json().path("status").asText()).isEqualTo("UNPAID");
    assertThat(order.json().path("vipUntil").isNull()).isTrue();
  }

  @Test
  void alipayNotificationWithAForgedAmountIsRefusedAndGrantsNothing() throws Exception {
    String outTradeNo = order("trudy-" + UUID.randomUUID(), "month", "alipay");
    alipay.faults().dropNextNotifications(1);
    app.post("/api/sandbox/orders/" + outTradeNo + "/pay");
    SignedForm form = alipay.paymentNotification(outTradeNo);
    byte[] forged =
        form.bodyAsString().replace("total_amount=19.90", "total_amount=0.01")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(new String(forged, java.nio.charset.StandardCharsets.UTF_8))
        .isNotEqualTo(form.bodyAsString());

    Answer answer =
        app.postRaw(
            "/pay/notify/alipay/native", Map.of("Content-Type", form.contentType()), forged);

    assertThat(answer.text()).isNotEqualTo("success");
    assertThat(app.get("/api/orders/" + outTradeNo).json().path("status").asText())
        .isEqualTo("UNPAID");
  }

  @Test
  void paymentThatDoesNotMatchThePackagePriceIsRolledBackUntilTheDataAgrees() throws Exception {
    String outTradeNo = order("dave-" + UUID.randomUUID(), "month", "wxpay");
    String orderNo = app.get("/api/orders/" + outTradeNo).json().path("orderNo").asText();
    jdbc.update("UPDATE vip_orders SET price = 2990 WHERE order_no = ?", orderNo);
    wechat.inject(Fault.DROP_NOTIFICATION, 1);
    app.post("/api/sandbox/orders/" + outTradeNo + "/pay");
    SignedNotification signed = wechat.paymentNotification(outTradeNo);

    Answer refused = app.postRaw("/pay/notify/wxpay/native", signed.headers(), signed.body());

    assertThat(refused.status()).isBetween(500, 599); // asks WeChat Pay to deliver again
    Answer order = app.get("/api/orders/" + outTradeNo);
    assertThat(order.json().path("status").asText()).isEqualTo("UNPAID");
    assertThat(order.json().path("businessStatus").asText()).isEqualTo("OPEN");
    assertThat(order.json().path("vipUntil").isNull()).isTrue();

    jdbc.update("UPDATE vip_orders SET price = 1990 WHERE order_no = ?", orderNo);
    Answer accepted = app.postRaw("/pay/notify/wxpay/native", signed.headers(), signed.body());

    assertThat(accepted.status()).isBetween(200, 299);
    assertThat(awaitPaid(outTradeNo).json().path("businessStatus").asText()).isEqualTo("PAID");
    assertThat(grantedOrders(outTradeNo)).isEqualTo(1);
  }

  @Test
  void fullRefundTakesBackTheVipThatThePaymentGranted() throws Exception {
    String outTradeNo = order("erin-" + UUID.randomUUID(), "month", "alipay");
    app.post("/api/sandbox/orders/" + outTradeNo + "/pay");
    awaitPaid(outTradeNo);

    Refund refund = pay.refund(RefundRequest.of(outTradeNo, 1990, "changed my mind"));

    assertThat(refund.status()).isEqualTo(RefundStatus.SUCCESS);
    Answer order = app.get("/api/orders/" + outTradeNo);
    assertThat(order.json().path("status").asText()).isEqualTo("FULLY_REFUNDED");
    assertThat(order.json().path("businessStatus").asText()).isEqualTo("REFUNDED");
    assertThat(Instant.parse(order.json().path("vipUntil").asText()))
        .isBefore(Instant.now().plus(Duration.ofDays(1)));
  }

  @Test
  void badRequestsAreRefusedWithClearAnswers() throws Exception {
    Answer noPackage = newOrder("u1", "lifetime", "wxpay");
    Answer badUser = newOrder("<script>", "month", "wxpay");
    Answer badProvider = newOrder("u1", "month", "paypal");
    Answer unknownOrder = app.get("/api/orders/nosuchorder0000000000000000000");

    assertThat(noPackage.status()).isEqualTo(400);
    assertThat(noPackage.json().path("message").asText()).isEqualTo("no such package");
    assertThat(badUser.status()).isEqualTo(400);
    assertThat(badProvider.status()).isEqualTo(400);
    assertThat(unknownOrder.status()).isEqualTo(404);
    assertThat(unknownOrder.json().path("error").asText()).isEqualTo("ORDER_NOT_FOUND");
  }

  private Answer newOrder(String userId, String packageId, String provider) throws Exception {
    return app.postJson(
        "/api/orders", Map.of("userId", userId, "packageId", packageId, "provider", provider));
  }

  private String order(String userId, String packageId, String provider) throws Exception {
    Answer created = newOrder(userId, packageId, provider);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(created.json().path("codeUrl").asText()).isNotEmpty();
    return created.json().path("outTradeNo").asText();
  }

  private Answer awaitPaid(String outTradeNo) throws Exception {
    return app.await(
        "/api/orders/" + outTradeNo,
        a -> a.json().path("status").asText().equals("PAID"),
        WAIT);
  }

  private long acknowledged(String outTradeNo) {
    return wechat.deliveries().stream()
        .filter(d -> d.outTradeNo().equals(outTradeNo) && d.acknowledged())
        .count();
  }

  private int grantedOrders(String outTradeNo) {
    return jdbc.queryForObject(
        "SELECT COUNT(*) FROM vip_orders WHERE paid_out_trade_no = ? AND status = 'PAID'",
        Integer.class,
        outTradeNo);
  }
}
