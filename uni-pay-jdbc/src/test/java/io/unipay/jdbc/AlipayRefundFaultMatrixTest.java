package io.unipay.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.alipay.AlipayClient;
import io.unipay.alipay.AlipayConfig;
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
import io.unipay.testkit.alipay.AlipaySimulator;
import io.unipay.testkit.alipay.Fault;
import io.unipay.testkit.alipay.FaultPoint;
import io.unipay.testkit.alipay.SimulatedRefund;
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
 * Issue 12's fault matrix for Alipay: every simulator fault, injected on the refund (before and
 * after Alipay applies it), on the refund query, and on the re-send, on PostgreSQL and MariaDB.
 * After the sweeper, the local refund agrees with Alipay's (SUCCESS here ⇔ refunded there) and
 * Alipay never refunded more than was paid.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlipayRefundFaultMatrixTest {
  private static final String REFUND = "alipay.trade.refund";
  private static final String REFUND_QUERY = "alipay.trade.fastpay.refund.query";
  private static final long FEE = 990;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T02:00:00Z"));
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private AlipaySimulator sim;
  private UniPay postgres;
  private UniPay mariadb;
  private int sequence;

  enum Stage { REFUND, REFUND_QUERY, RESEND }

  @BeforeAll
  void start() {
    sim = AlipaySimulator.builder().clock(clock).slowResponseDelay(Duration.ofMillis(600)).start();
    closeables.add(sim);
    sim.faults().dropNextNotifications(Integer.MAX_VALUE);
    postgres = engine(TestDatabases.Kind.POSTGRESQL);
    mariadb = engine(TestDatabases.Kind.MARIADB);
  }

  @AfterAll
  void stop() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) closeables.get(i).close();
  }

  private UniPay engine(TestDatabases.Kind kind) {
    TestDatabases.TestPool pool = TestDatabases.open(kind, "refund_faults");
    closeables.add(pool);
    AlipayClient alipay = new AlipayClient(AlipayConfig.builder()
        .appId(sim.appId())
        .appPrivateKey(sim.appPrivateKeyPem())
        .alipayPublicKey(sim.alipayPublicKeyPem())
        .sellerId(sim.sellerId())
        .gatewayUrl(sim.gatewayUrl())
        .readTimeout(Duration.ofMillis(250))
        .clock(clock)
        .build());
    closeables.add(alipay);
    return UniPay.builder()
        .repository(JdbiOrderRepository.create(pool).createSchemaIfMissing())
        .payClient(alipay)
        .handler("vip", event -> {})
        .notifyBaseUrl("https://shop.example.com/notify")
        .clock(clock)
        .build();
  }

  Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (String db : List.of("postgresql", "mariadb")) {
      for (Fault fault : List.of(Fault.HTTP_502, Fault.RATE_LIMITED, Fault.SLOW_RESPONSE,
          Fault.SYSTEM_ERROR, Fault.UNKNOWN_ERROR, Fault.UNKNOWN_CODE, Fault.INVALID_SIGNATURE,
          Fault.BAD_RESPONSE_SIGNATURE, Fault.DISCONNECT)) {
        for (Stage stage : Stage.values()) {
          for (FaultPoint point : FaultPoint.values()) all.add(Arguments.of(db, fault, stage, point));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}: {1} {3} on {2}")
  @MethodSource("cases")
  void afterTheSweeperTheLocalRefundAgreesWithAlipayAndNeverExceedsThePayment(
      String db, Fault fault, Stage stage, FaultPoint point) {
    UniPay pay = db.equals("postgresql") ? postgres : mariadb;
    String outTradeNo = paidOrder(pay);
    String outRefundNo = "RF" + (++sequence) + db.charAt(0);
    int times = fault == Fault.DISCONNECT ? 3 : 1; // OkHttp retries a reset twice by itself
    sim.faults().clearFaults();
    switch (stage) {
      case REFUND -> sim.faults().injectFault(REFUND, fault, point, times);
      case REFUND_QUERY -> {
        sim.faults().injectFault(REFUND, Fault.HTTP_502, FaultPoint.BEFORE_APPLY, 1);
        sim.faults().injectFault(REFUND_QUERY, fault, point, times);
      }
      case RESEND -> {
        sim.faults().injectFault(REFUND, Fault.HTTP_502, FaultPoint.BEFORE_APPLY, 1);
        sim.faults().injectFault(REFUND, fault, point, times);
      }
    }

    try {
      pay.refund(RefundRequest.of(outTradeNo, FEE, "fault matrix").withOutRefundNo(outRefundNo));
    } catch (UniPayException expected) {
      // the outcome is reconciled by the sweeper
    }
    for (int pass = 0; pass < 8; pass++) {
      clock.advance(Duration.ofHours(2));
      pay.sweeper().build().runOnce();
    }

    Refund local = pay.getRefund(outRefundNo, false);
    Optional<SimulatedRefund> remote = sim.truth().refund(outTradeNo, outRefundNo);
    assertThat(sim.truth().refundedFen(outTradeNo)).as("never more than paid").isLessThanOrEqualTo(FEE);
    assertThat(local.status() == RefundStatus.SUCCESS)
        .as("SUCCESS here ⇔ refunded at Alipay (local %s, Alipay %s)", local.status(), remote)
        .isEqualTo(remote.isPresent());
    assertThat(local.status()).as("every fault heals").isEqualTo(RefundStatus.SUCCESS);
    assertThat(pay.getOrder(outTradeNo).status()).isEqualTo(OrderStatus.FULLY_REFUNDED);
  }

  private String paidOrder(UniPay pay) {
    String orderNo = "FM" + (++sequence);
    String outTradeNo = pay.createOrder(CreateOrderRequest.builder()
        .type("vip").orderNo(orderNo).provider(Provider.ALIPAY).payType(PayType.NATIVE)
        .totalFee(FEE).description("VIP").build()).outTradeNo();
    sim.pay(outTradeNo);
    assertThat(pay.getOrder(OrderQuery.byOutTradeNo(outTradeNo).withProviderSync()).status())
        .isEqualTo(OrderStatus.PAID);
    return outTradeNo;
  }
}
