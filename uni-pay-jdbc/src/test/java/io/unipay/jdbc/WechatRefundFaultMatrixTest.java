package io.unipay.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.CreateOrderRequest;
import io.unipay.core.OrderQuery;
import io.unipay.core.RefundRequest;
import io.unipay.core.UniPay;
import io.unipay.core.UniPayException;
import io.unipay.core.fake.MutableClock;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.testkit.wechat.Endpoint;
import io.unipay.testkit.wechat.Fault;
import io.unipay.testkit.wechat.WechatPaySimulator;
import io.unipay.wechat.WechatPayClient;
import io.unipay.wechat.WechatPayConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12's fault matrix for WeChat Pay: every simulator fault, injected on the refund (before
 * and after WeChat applies it), on the refund query, and on the re-send, on PostgreSQL and
 * MariaDB. After the sweeper, the local refund agrees with WeChat's (SUCCESS here ⇔ refunded
 * there) and WeChat never refunded more than was paid.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WechatRefundFaultMatrixTest {
  private static final long FEE = 990;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T02:00:00Z"));
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private WechatPaySimulator sim;
  private UniPay postgres;
  private UniPay mariadb;
  private int sequence;

  enum Stage { REFUND, REFUND_QUERY, RESEND }

  @BeforeAll
  void start() {
    sim = WechatPaySimulator.builder().clock(clock).slowResponseDelay(Duration.ofMillis(600)).start();
    closeables.add(sim);
    postgres = engine(TestDatabases.Kind.POSTGRESQL);
    mariadb = engine(TestDatabases.Kind.MARIADB);
  }

  @AfterAll
  void stop() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) closeables.get(i).close();
  }

  private UniPay engine(TestDatabases.Kind kind) {
    TestDatabases.TestPool pool = TestDatabases.open(kind, "wx_refund_faults");
    closeables.add(pool);
    WechatPayClient wechat = new WechatPayClient(WechatPayConfig.builder()
        .mchid(sim.mchid())
        .privateKey(sim.merchantPrivateKeyPem())
        .merchantSerialNumber(sim.merchantSerialNumber())
        .apiV3Key(sim.apiV3Key())
        .defaultAppId(sim.appId())
        .wechatPayPublicKey(sim.platformPublicKeyPem(), sim.publicKeyId())
        .baseUrl(sim.baseUrl())
        .readTimeout(Duration.ofMillis(250))
        .clock(clock)
        .build());
    closeables.add(wechat);
    return UniPay.builder()
        .repository(JdbiOrderRepository.create(pool).createSchemaIfMissing())
        .payClient(wechat)
        .handler("vip", event -> {})
        .notifyBaseUrl("http://127.0.0.1:9/notify") // nobody listens: notifications are lost
        .clock(clock)
        .build();
  }

  Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (String db : List.of("postgresql", "mariadb")) {
      for (Fault fault : List.of(Fault.SERVER_ERROR, Fault.RATE_LIMITED, Fault.SIGN_ERROR,
          Fault.NO_AUTH, Fault.UNKNOWN_ERROR_CODE, Fault.SLOW_RESPONSE, Fault.CONNECTION_RESET,
          Fault.BAD_RESPONSE_SIGNATURE, Fault.UNSIGNED_RESPONSE)) {
        for (Stage stage : Stage.values()) {
          for (Fault.Timing timing : Fault.Timing.values()) {
            boolean corruption = fault == Fault.BAD_RESPONSE_SIGNATURE
                || fault == Fault.UNSIGNED_RESPONSE;
            if (corruption && timing == Fault.Timing.BEFORE_APPLYING) continue; // after only
            all.add(Arguments.of(db, fault, stage, timing));
          }
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}: {1} {3} on {2}")
  @MethodSource("cases")
  void afterTheSweeperTheLocalRefundAgreesWithWechatAndNeverExceedsThePayment(
      String db, Fault fault, Stage stage, Fault.Timing timing) {
    UniPay pay = db.equals("postgresql") ? postgres : mariadb;
    String outTradeNo = paidOrder(pay);
    String outRefundNo = "WF" + (++sequence) + db.charAt(0);
    int times = fault == Fault.CONNECTION_RESET ? 3 : 1; // OkHttp retries a reset by itself
    sim.clearFaults();
    switch (stage) {
      case REFUND -> sim.inject(fault, Endpoint.REFUND, timing, times);
      case REFUND_QUERY -> {
        sim.inject(Fault.SERVER_ERROR, Endpoint.REFUND, Fault.Timing.BEFORE_APPLYING, 1);
        sim.inject(fault, Endpoint.REFUND_QUERY, timing, times);
      }
      case RESEND -> {
        sim.inject(Fault.SERVER_ERROR, Endpoint.REFUND, Fault.Timing.BEFORE_APPLYING, 1);
        sim.inject(fault, Endpoint.REFUND, timing, times);
      }
    }

    try {
      pay.refund(RefundRequest.of(outTradeNo, FEE, "fault matrix").withOutRefundNo(outRefundNo));
    } catch (UniPayException expected) {
      // the outcome is reconciled by the sweeper
    }
    for (int pass = 0; pass < 4; pass++) {
      clock.advance(Duration.ofHours(2));
      pay.sweeper().build().runOnce();
    }
    // WeChat accepted the refund (PROCESSING there) and holds it locally PROCESSING; never CLOSED.
    Optional<String> accepted = sim.refundStatus(outRefundNo);
    assertThat(accepted).as("the refund reached WeChat in the end").contains("PROCESSING");
    assertThat(pay.getRefund(outRefundNo, false).status()).isEqualTo(RefundStatus.PROCESSING);

    sim.completeRefund(outRefundNo, "SUCCESS"); // the money goes back; the notification is lost
    clock.advance(Duration.ofHours(2));
    pay.sweeper().build().runOnce();

    Refund local = pay.getRefund(outRefundNo, false);
    Optional<String> remote = sim.refundStatus(outRefundNo);
    assertThat(sim.refundedFen(outTradeNo)).as("never more than paid").isLessThanOrEqualTo(FEE);
    assertThat(local.status().name())
        .as("the local refund agrees with WeChat's")
        .isEqualTo(remote.orElse("CLOSED"));
    assertThat(local.status()).as("every fault heals").isEqualTo(RefundStatus.SUCCESS);
    assertThat(pay.getOrder(outTradeNo).status()).isEqualTo(OrderStatus.FULLY_REFUNDED);
  }

  private String paidOrder(UniPay pay) {
    String orderNo = "WM" + (++sequence);
    String outTradeNo = pay.createOrder(CreateOrderRequest.builder()
        .type("vip").orderNo(orderNo).provider(Provider.WXPAY).payType(PayType.NATIVE)
        .totalFee(FEE).description("VIP").build()).outTradeNo();
    sim.inject(Fault.DROP_NOTIFICATION, 1);
    sim.pay(outTradeNo);
    assertThat(pay.getOrder(OrderQuery.byOutTradeNo(outTradeNo).withProviderSync()).status())
        .isEqualTo(OrderStatus.PAID);
    return outTradeNo;
  }
}
