package io.unipay.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.UniPay;
import io.unipay.core.fake.MutableClock;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.TransferState;
import io.unipay.core.transfer.Transfer;
import io.unipay.core.transfer.TransferEvent;
import io.unipay.core.transfer.TransferHandler;
import io.unipay.core.transfer.TransferRequest;
import io.unipay.core.transfer.TransferResult;
import io.unipay.core.transfer.TransferSettings;
import io.unipay.core.transfer.TransferStatus;
import io.unipay.testkit.wechat.Endpoint;
import io.unipay.testkit.wechat.Fault;
import io.unipay.testkit.wechat.SimulatedTransfer;
import io.unipay.testkit.wechat.TransferBills;
import io.unipay.testkit.wechat.WechatPaySimulator;
import io.unipay.wechat.WechatPayClient;
import io.unipay.wechat.WechatPayConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * Issue 16's acceptance with the real WeChat Pay client and the simulator over loopback HTTP, on
 * H2 and PostgreSQL: whatever fault strikes the create (before or after WeChat applies it), the
 * simulator ends with exactly one bill for the business transfer number, the local final status
 * equals the simulator's, and the handler ran once; 20 concurrent calls with one number make one
 * create request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WechatTransfersOnDatabasesTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T02:00:00Z"));
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final Map<TestDatabases.Kind, Engine> engines = new EnumMap<>(TestDatabases.Kind.class);
  private final AtomicInteger sequence = new AtomicInteger();
  private WechatPaySimulator sim;

  /** One engine on one database, its notify endpoint and a counting handler. */
  private record Engine(UniPay pay, JdbiTransferRepository transfers, Counting handler) {}

  /** Counts each method's runs per transfer number. */
  private static final class Counting implements TransferHandler {
    final Map<String, AtomicInteger> succeeded = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> failed = new ConcurrentHashMap<>();

    @Override
    public void onTransferred(TransferEvent e) {
      succeeded.computeIfAbsent(e.transfer().transferNo(), k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void onTransferFailed(TransferEvent e) {
      failed.computeIfAbsent(e.transfer().transferNo(), k -> new AtomicInteger()).incrementAndGet();
    }

    int runs(String transferNo) {
      return succeeded.getOrDefault(transferNo, new AtomicInteger()).get()
          + failed.getOrDefault(transferNo, new AtomicInteger()).get();
    }
  }

  @BeforeAll
  void start() {
    sim = WechatPaySimulator.builder().clock(clock).slowResponseDelay(Duration.ofMillis(900)).start();
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
    TestDatabases.TestPool pool = TestDatabases.open(kind, "wx_transfers");
    closeables.add(pool);
    WechatPayClient wechat =
        new WechatPayClient(
            WechatPayConfig.builder()
                .mchid(sim.mchid())
                .privateKey(sim.merchantPrivateKeyPem())
                .merchantSerialNumber(sim.merchantSerialNumber())
                .apiV3Key(sim.apiV3Key())
                .defaultAppId(sim.appId())
                .wechatPayPublicKey(sim.platformPublicKeyPem(), sim.publicKeyId())
                .baseUrl(sim.baseUrl())
                .readTimeout(Duration.ofMillis(300)) // shorter than the slow response
                .retryOnConnectionFailure(false) // one attempt per call: one fault, one request
                .clock(clock)
                .build());
    closeables.add(wechat);
    NotifyReceiver receiver = new NotifyReceiver();
    closeables.add(receiver);
    JdbiOrderRepository orders = JdbiOrderRepository.create(pool).createSchemaIfMissing();
    JdbiTransferRepository transfers = JdbiTransferRepository.of(orders);
    Counting handler = new Counting();
    UniPay pay =
        UniPay.builder()
            .repository(orders)
            .payClient(wechat)
            .transfers(TransferSettings.builder().repository(transfers).handler("withdraw", handler)
                .build())
            .notifyBaseUrl(receiver.baseUrl())
            .clock(clock)
            .build();
    receiver.forwardTo(pay);
    return new Engine(pay, transfers, handler);
  }

  private TransferRequest.Builder request(String transferNo, long fen) {
    return TransferRequest.builder()
        .transferNo(transferNo)
        .type("withdraw")
        .provider(Provider.WXPAY)
        .wechatPayee("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", null)
        .appId(sim.appId())
        .amount(fen)
        .remark("余额提现")
        .sceneId("1000")
        .sceneReportInfo("活动名称", "新会员有礼")
        .sceneReportInfo("奖励说明", "注册会员抽奖一等奖")
        .userRecvPerception("现金奖励");
  }

  private String number(TestDatabases.Kind kind) {
    return "WT" + kind.name().charAt(0) + sequence.incrementAndGet();
  }

  /** Sweeps until the transfer has a provider answer (at most five passes, ten minutes apart). */
  private Transfer sweptUntilAnswered(Engine e, String transferNo) {
    Transfer t = e.pay().getTransfer(transferNo);
    for (int pass = 0; pass < 5 && t.status() == TransferStatus.CREATED; pass++) {
      clock.advance(Duration.ofMinutes(10));
      e.pay().sweeper().build().runOnce();
      t = e.pay().getTransfer(transferNo);
    }
    return t;
  }

  /** Exactly one bill for the number, the local final status equal to WeChat's, one handler run. */
  private void assertEndedLikeWechat(Engine e, String transferNo) {
    Transfer t = e.pay().getTransfer(transferNo);
    assertThat(sim.transfers().count(t.outBillNo())).as("bills at WeChat").isEqualTo(1);
    SimulatedTransfer bill = sim.transfers().transfer(t.outBillNo()).orElseThrow();
    assertThat(t.status()).isEqualTo(TransferStatus.of(TransferState.valueOf(bill.state())));
    assertThat(t.status().isFinal()).isTrue();
    assertThat(t.providerBillNo()).isEqualTo(bill.transferBillNo());
    assertThat(e.handler().runs(transferNo)).as("handler runs").isEqualTo(1);
    assertThat(e.transfers().payeeRealName(transferNo)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = TestDatabases.Kind.class, names = {"H2", "POSTGRESQL"})
  void aConfirmedTransferEndsSuccessOnceWithTheNameWechatDecrypted(TestDatabases.Kind kind) {
    Engine e = engines.get(kind);
    String no = number(kind);

    TransferResult r =
        e.pay().transfer(request(no, 2_000_00).wechatPayee("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "张三")
            .build());

    Transfer t = r.transfer();
    assertThat(t.status()).isEqualTo(TransferStatus.WAIT_USER_CONFIRM);
    SimulatedTransfer bill = sim.transfers().transfer(t.outBillNo()).orElseThrow();
    assertThat(bill.userName()).isEqualTo("张三");
    assertThat(r.confirmation().orElseThrow().packageInfo()).isEqualTo(bill.packageInfo());
    assertThat(r.confirmation().orElseThrow().mchId()).isEqualTo(sim.mchid());

    sim.transfers().confirm(t.outBillNo());
    sim.awaitAcknowledged(t.outBillNo(), WAIT);

    assertEndedLikeWechat(e, no);
    assertThat(e.pay().getTransfer(no).status()).isEqualTo(TransferStatus.SUCCESS);
  }

  Stream<Arguments> createFaults() {
    List<Arguments> all = new ArrayList<>();
    Object[][] faults = {
      {Fault.SERVER_ERROR, Fault.Timing.BEFORE_APPLYING},
      {Fault.SERVER_ERROR, Fault.Timing.AFTER_APPLYING},
      {Fault.CONNECTION_RESET, Fault.Timing.BEFORE_APPLYING},
      {Fault.CONNECTION_RESET, Fault.Timing.AFTER_APPLYING},
      {Fault.SLOW_RESPONSE, Fault.Timing.AFTER_APPLYING},
      {Fault.RATE_LIMITED, Fault.Timing.BEFORE_APPLYING},
      {Fault.UNKNOWN_ERROR_CODE, Fault.Timing.AFTER_APPLYING},
      {Fault.BAD_RESPONSE_SIGNATURE, Fault.Timing.AFTER_APPLYING},
      {Fault.FOREIGN_ANSWER, Fault.Timing.AFTER_APPLYING},
    };
    for (TestDatabases.Kind kind : List.of(TestDatabases.Kind.H2, TestDatabases.Kind.POSTGRESQL)) {
      for (Object[] f : faults) all.add(Arguments.of(kind, f[0], f[1]));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}: {1} {2} on create")
  @MethodSource("createFaults")
  void aFaultOnCreateEndsWithOneBillAndTheLocalStatusEqualToWechats(
      TestDatabases.Kind kind, Fault fault, Fault.Timing timing) {
    Engine e = engines.get(kind);
    String no = number(kind);
    sim.clearFaults();
    sim.inject(fault, Endpoint.TRANSFER_CREATE, timing, 1);

    Transfer sent = e.pay().transfer(request(no, 1_000).build()).transfer();
    assertThat(sent.status()).as("not guessed").isEqualTo(TransferStatus.CREATED);

    Transfer answered = sweptUntilAnswered(e, no);
    assertThat(answered.status()).isEqualTo(TransferStatus.WAIT_USER_CONFIRM);
    assertThat(answered.outBillNo()).isEqualTo(sent.outBillNo());
    assertThat(sim.transfers().createRequests(sent.outBillNo())).isBetween(1, 2);

    sim.transfers().confirm(sent.outBillNo());
    sim.awaitAcknowledged(sent.outBillNo(), WAIT);
    assertEndedLikeWechat(e, no);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = TestDatabases.Kind.class, names = {"H2", "POSTGRESQL"})
  void aLostNotificationAndAFailingQueryAreRecoveredByTheSweeper(TestDatabases.Kind kind) {
    Engine e = engines.get(kind);
    String no = number(kind);
    Transfer t = e.pay().transfer(request(no, 1_000).build()).transfer();
    sim.clearFaults();
    sim.inject(Fault.DROP_NOTIFICATION, 1);
    sim.transfers().confirm(t.outBillNo());
    sim.inject(Fault.SERVER_ERROR, Endpoint.TRANSFER_QUERY, 1);

    clock.advance(Duration.ofMinutes(10));
    assertThat(e.pay().sweeper().build().runOnce().errors()).isEqualTo(1);
    assertThat(e.pay().getTransfer(no).status()).isEqualTo(TransferStatus.WAIT_USER_CONFIRM);
    clock.advance(Duration.ofHours(1));
    assertThat(e.pay().sweeper().build().runOnce().transfersFinished()).isEqualTo(1);

    assertEndedLikeWechat(e, no);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = TestDatabases.Kind.class, names = {"H2", "POSTGRESQL"})
  void aBillWechatExpiresAndACancelledOneEndWithTheFailureHandlerOnce(TestDatabases.Kind kind) {
    Engine e = engines.get(kind);
    String expiring = number(kind);
    String cancelled = number(kind);
    Transfer a = e.pay().transfer(request(expiring, 1_000).build()).transfer();
    Transfer b = e.pay().transfer(request(cancelled, 1_000).build()).transfer();

    sim.transfers().expire(a.outBillNo());
    sim.awaitAcknowledged(a.outBillNo(), WAIT);
    e.pay().cancelTransfer(cancelled);
    sim.awaitAcknowledged(b.outBillNo(), WAIT);

    assertEndedLikeWechat(e, expiring);
    assertThat(e.pay().getTransfer(expiring).failReason()).isEqualTo(TransferBills.EXPIRED_REASON);
    assertThat(e.handler().failed.get(expiring)).hasValue(1);
    assertEndedLikeWechat(e, cancelled);
    assertThat(e.pay().getTransfer(cancelled).status()).isEqualTo(TransferStatus.CANCELLED);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = TestDatabases.Kind.class, names = {"H2", "POSTGRESQL"})
  void twentyConcurrentTransfersWithOneNumberMakeOneCreateRequest(TestDatabases.Kind kind)
      throws Exception {
    Engine e = engines.get(kind);
    String no = number(kind);
    ExecutorService pool = Executors.newFixedThreadPool(20);
    Set<String> outBillNos = new HashSet<>();
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<TransferResult>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        calls.add(pool.submit(() -> {
          go.await();
          return e.pay().transfer(request(no, 1_000).build());
        }));
      }
      go.countDown();
      for (Future<TransferResult> f : calls) outBillNos.add(f.get().transfer().outBillNo());
    } finally {
      pool.shutdownNow();
    }
    String outBillNo = outBillNos.iterator().next();
    assertThat(outBillNos).hasSize(1);
    assertThat(sim.transfers().createRequests(outBillNo)).isEqualTo(1);

    sim.transfers().confirm(outBillNo);
    sim.awaitAcknowledged(outBillNo, WAIT);
    assertEndedLikeWechat(e, no);
  }
}
