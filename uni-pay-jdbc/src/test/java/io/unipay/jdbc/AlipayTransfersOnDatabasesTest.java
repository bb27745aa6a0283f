package io.unipay.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.alipay.AlipayClient;
import io.unipay.alipay.AlipayConfig;
import io.unipay.core.UniPay;
import io.unipay.core.fake.MutableClock;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.Payee;
import io.unipay.core.transfer.Transfer;
import io.unipay.core.transfer.TransferEvent;
import io.unipay.core.transfer.TransferHandler;
import io.unipay.core.transfer.TransferRequest;
import io.unipay.core.transfer.TransferSettings;
import io.unipay.core.transfer.TransferStatus;
import io.unipay.testkit.alipay.AlipaySimulator;
import io.unipay.testkit.alipay.Fault;
import io.unipay.testkit.alipay.FaultPoint;
import io.unipay.testkit.alipay.SimTransfers;
import io.unipay.testkit.alipay.SimulatedTransfer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 16's acceptance with the real Alipay client (certificate mode) and the simulator, on H2
 * and PostgreSQL: a SYSTEM_ERROR before or after Alipay applies the transfer, and ORDER_NOT_EXIST
 * for a transfer that exists, end with exactly one transfer at Alipay for the number and the local
 * final status equal to Alipay's; nothing is re-sent within the grace after a send.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlipayTransfersOnDatabasesTest {
  private static final String PAYEE = "2088102122524333";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T02:00:00Z"));
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final Map<TestDatabases.Kind, Engine> engines = new EnumMap<>(TestDatabases.Kind.class);
  private final AtomicInteger sequence = new AtomicInteger();
  private AlipaySimulator sim;

  private record Engine(UniPay pay, Map<String, AtomicInteger> runs) {}

  @BeforeAll
  void start() {
    sim = AlipaySimulator.builder().certificateMode(true).clock(clock).start();
    closeables.add(sim);
    for (TestDatabases.Kind kind : List.of(TestDatabases.Kind.H2, TestDatabases.Kind.POSTGRESQL)) {
      engines.put(kind, engine(kind));
    }
  }

  @AfterAll
  void stop() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) closeables.get(i).close();
  }

  private Engine engine(TestDatabases.Kind kind) {
    TestDatabases.TestPool pool = TestDatabases.open(kind, "ali_transfers");
    closeables.add(pool);
    AlipayClient alipay =
        new AlipayClient(
            AlipayConfig.builder()
                .appId(sim.appId())
                .appPrivateKey(sim.appPrivateKeyPem())
                .appCert(sim.certificates().appCertPem())
                .alipayPublicCert(sim.certificates().alipayCertPem())
                .alipayRootCert(sim.certificates().alipayRootCertPem())
                .gatewayUrl(sim.gatewayUrl())
                .clock(clock)
                .build());
    closeables.add(alipay);
    JdbiOrderRepository orders = JdbiOrderRepository.create(pool).createSchemaIfMissing();
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    TransferHandler handler =
        new TransferHandler() {
          @Override
          public void onTransferred(TransferEvent e) {
            count(e);
          }

          @Override
          public void onTransferFailed(TransferEvent e) {
            count(e);
          }

          private void count(TransferEvent e) {
            runs.computeIfAbsent(e.transfer().transferNo(), k -> new AtomicInteger())
                .incrementAndGet();
          }
        };
    UniPay pay =
        UniPay.builder()
            .repository(orders)
            .payClient(alipay)
            .transfers(TransferSettings.builder().repository(JdbiTransferRepository.of(orders))
                .handler("commission", handler).build())
            .notifyBaseUrl("http://127.0.0.1:9/notify")
            .clock(clock)
            .build();
    return new Engine(pay, runs);
  }

  private TransferRequest request(String transferNo) {
    return TransferRequest.builder()
        .transferNo(transferNo)
        .type("commission")
        .provider(Provider.ALIPAY)
        .payee(new Payee(PAYEE, Payee.IdType.ALIPAY_USER_ID, null))
        .amount(1_234)
        .remark("佣金结算")
        .title("推广佣金")
        .build();
  }

  private void assertEndedLikeAlipay(Engine e, String transferNo, TransferStatus expected) {
    Transfer t = e.pay().getTransfer(transferNo);
    assertThat(sim.transfers().count(t.outBillNo())).as("transfers at Alipay").isEqualTo(1);
    SimulatedTransfer atAlipay = sim.transfers().transfer(t.outBillNo()).orElseThrow();
    assertThat(t.status()).isEqualTo(expected);
    assertThat(atAlipay.status()).isEqualTo(expected == TransferStatus.SUCCESS ? "SUCCESS" : "FAIL");
    assertThat(t.providerBillNo()).isEqualTo(atAlipay.orderId());
    assertThat(e.runs().get(transferNo)).as("handler runs").hasValue(1);
  }

  Stream<Arguments> faults() {
    List<Arguments> all = new ArrayList<>();
    for (TestDatabases.Kind kind : List.of(TestDatabases.Kind.H2, TestDatabases.Kind.POSTGRESQL)) {
      for (FaultPoint point : FaultPoint.values()) {
        for (int invisible : new int[] {0, 2}) all.add(Arguments.of(kind, point, invisible));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}: SYSTEM_ERROR {1}, then ORDER_NOT_EXIST for {2} queries")
  @MethodSource("faults")
  void aSystemErrorEndsWithOneTransferAtAlipayAndNoResendWithinTheGrace(
      TestDatabases.Kind kind, FaultPoint point, int invisibleQueries) {
    Engine e = engines.get(kind);
    String no = "AT" + kind.name().charAt(0) + sequence.incrementAndGet();
    sim.faults().clearFaults();
    sim.faults().injectFault(SimTransfers.TRANSFER, Fault.SYSTEM_ERROR, point, 1);
    if (invisibleQueries > 0) sim.faults().transferNotVisibleFor(invisibleQueries);

    Transfer sent = e.pay().transfer(request(no)).transfer();
    assertThat(sent.status()).as("SYSTEM_ERROR is never a failure").isEqualTo(TransferStatus.CREATED);

    clock.advance(Duration.ofMinutes(2)); // within the 5-minute grace
    e.pay().sweeper().build().runOnce();
    assertThat(sim.transfers().createRequests(sent.outBillNo()))
        .as("not re-sent within the grace").isEqualTo(point == FaultPoint.AFTER_APPLY ? 1 : 0);
    for (int pass = 0; pass < 4; pass++) {
      clock.advance(Duration.ofMinutes(10));
      e.pay().sweeper().build().runOnce();
    }

    assertEndedLikeAlipay(e, no, TransferStatus.SUCCESS);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = TestDatabases.Kind.class, names = {"H2", "POSTGRESQL"})
  void aDealingTransferEndsAsAlipayEndsIt(TestDatabases.Kind kind) {
    Engine e = engines.get(kind);
    String paid = "AD" + kind.name().charAt(0) + sequence.incrementAndGet();
    String failed = "AD" + kind.name().charAt(0) + sequence.incrementAndGet();
    sim.faults().clearFaults();
    sim.transfers().keepDealing(true);
    try {
      Transfer a = e.pay().transfer(request(paid)).transfer();
      Transfer b = e.pay().transfer(request(failed)).transfer();
      assertThat(a.status()).isEqualTo(TransferStatus.ACCEPTED);
      sim.transfers().complete(a.outBillNo());
      sim.transfers().fail(b.outBillNo(), "PAYEE_ACCOUNT_STATUS_ERROR", "收款账户状态异常");
    } finally {
      sim.transfers().keepDealing(false);
    }
    clock.advance(Duration.ofMinutes(2));
    e.pay().sweeper().build().runOnce();

    assertEndedLikeAlipay(e, paid, TransferStatus.SUCCESS);
    assertEndedLikeAlipay(e, failed, TransferStatus.FAIL);
  }
}
