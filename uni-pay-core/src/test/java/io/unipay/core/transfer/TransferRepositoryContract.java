package io.unipay.core.transfer;

import static io.unipay.core.spi.TestOrders.NASTY;
import static io.unipay.core.spi.TestOrders.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.Payee;
import io.unipay.core.spi.TestOrders;
import io.unipay.core.spi.TransferCommand.SceneReportInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link TransferRepository} must have, on the ledger of its order
 * repository. Extend it once per implementation. Instants are kept to the microsecond; strings
 * read back verbatim.
 */
public abstract class TransferRepositoryContract {
  private static final AtomicLong SEQUENCE = new AtomicLong();
  private static final Duration LEASE = Duration.ofMinutes(2);

  protected OrderRepository orders;
  protected TransferRepository repository;

  /** A fresh, empty order repository (orders, refunds, ledger, transfers). */
  protected abstract OrderRepository newOrderRepository();

  /** The transfer repository on {@code orders}' database. */
  protected abstract TransferRepository transfersOn(OrderRepository orders);

  @BeforeEach
  void createRepositories() {
    orders = newOrderRepository();
    repository = transfersOn(orders);
  }

  /** A CREATED WeChat transfer of 100 fen at {@link TestOrders#T0}, with a fresh number. */
  static Transfer.Builder created() {
    long n = SEQUENCE.incrementAndGet();
    return Transfer.builder()
        .transferNo("TR_" + Long.toString(System.nanoTime(), 36) + "-" + n)
        .outBillNo("OB" + Long.toString(System.nanoTime(), 36) + "x" + n)
        .type("withdraw")
        .provider(Provider.WXPAY)
        .status(TransferStatus.CREATED)
        .amount(100)
        .payeeAccount("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")
        .payeeIdType(Payee.IdType.WECHAT_OPENID)
        .remark("提现 it's \"q\" \\ ; -- %_ 😀")
        .mchId("1230000109")
        .createDate(T0)
        .sentAt(T0)
        .sendCount(1)
        .nextCheckAt(T0.plusSeconds(60));
  }

  private static TransferRepository.Update to(TransferStatus status, Instant finish) {
    return new TransferRepository.Update(status, "B1", status.isFinal() ? null : "pkg", null,
        T0.plusSeconds(5), finish);
  }

  private static ProviderEvent fact(String outBillNo) {
    return TestOrders.event(TestOrders.newDedupeKey(), outBillNo, EventOutcome.TRANSFER_APPLIED);
  }

  @Test
  public void anInsertedTransferReadsBackWithEveryFieldByNumberAndByOutBillNo() {
    Transfer t =
        created()
            .status(TransferStatus.WAIT_USER_CONFIRM)
            .payeeNameMask("欧***")
            .sceneId("1000")
            .sceneReportInfos(List.of(new SceneReportInfo("活动名称", NASTY.substring(0, 40)),
                new SceneReportInfo("奖励说明", "一等奖")))
            .userRecvPerception("现金奖励")
            .title(NASTY)
            .appId("wxd678efh567hg6787")
            .providerBillNo("1330000071100999991182020050700019480001")
            .packageInfo("ABBQO+oYAAABAAAAAAAvPD3A".repeat(20))
            .failReason("余额不足")
            .providerUpdatedAt(T0.plusSeconds(3))
            .finishDate(T0.plusSeconds(4))
            .checkCount(3)
            .build();

    repository.insert(t, "欧阳娜娜");

    assertThat(repository.find(t.transferNo())).contains(t);
    assertThat(repository.findByOutBillNo(t.outBillNo())).contains(t);
    assertThat(repository.payeeRealName(t.transferNo())).contains("欧阳娜娜");
  }

  @Test
  public void aTransferWithOnlyTheRequiredFieldsReadsBackWithNulls() {
    Transfer t = created().sentAt(null).sendCount(0).build();

    repository.insert(t, null);

    Transfer found = repository.find(t.transferNo()).orElseThrow();
    assertThat(found).isEqualTo(t);
    assertThat(found.sceneReportInfos()).isEmpty();
    assertThat(found.appId()).isNull();
    assertThat(repository.payeeRealName(t.transferNo())).isEmpty();
  }

  @Test
  public void aDuplicateTransferNumberOrOutBillNoIsDuplicateKeyAndChangesNothing() {
    Transfer t = created().build();
    repository.insert(t, "张三");

    Transfer sameNumber = created().transferNo(t.transferNo()).amount(999).build();
    Transfer sameBill = created().outBillNo(t.outBillNo()).build();
    for (Transfer dup : List.of(sameNumber, sameBill)) {
      assertThatThrownBy(() -> repository.insert(dup, "李四"))
          .isInstanceOfSatisfying(UniPayException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.DUPLICATE_KEY));
    }
    assertThat(repository.find(t.transferNo())).contains(t);
    assertThat(repository.find(sameBill.transferNo())).isEmpty();
    assertThat(repository.payeeRealName(t.transferNo())).contains("张三");
  }

  @Test
  public void twentyConcurrentInsertsOfOneNumberHaveExactlyOneWinner() throws Exception {
    String transferNo = created().build().transferNo();
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        Transfer t = created().transferNo(transferNo).build();
        results.add(pool.submit(() -> {
          start.await();
          try {
            repository.insert(t, null);
            return true;
          } catch (UniPayException e) {
            if (e.code() != ErrorCode.DUPLICATE_KEY) throw e;
            return false;
          }
        }));
      }
      start.countDown();
      int won = 0;
      for (Future<Boolean> r : results) won += r.get() ? 1 : 0;
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  public void anUpdateIsACompareAndSetOnTheStatus() {
    Transfer t = created().build();
    repository.insert(t, "张三");

    boolean wrongFrom =
        repository.inTransaction(
            tx -> tx.update(t.transferNo(), TransferStatus.ACCEPTED, to(TransferStatus.SUCCESS, T0)));
    boolean moved =
        repository.inTransaction(
            tx -> tx.update(t.transferNo(), TransferStatus.CREATED,
                to(TransferStatus.WAIT_USER_CONFIRM, null)));

    assertThat(wrongFrom).isFalse();
    assertThat(moved).isTrue();
    Transfer after = repository.find(t.transferNo()).orElseThrow();
    assertThat(after).isEqualTo(to(TransferStatus.WAIT_USER_CONFIRM, null).applyTo(t));
    assertThat(after.packageInfo()).isEqualTo("pkg");
    assertThat(repository.payeeRealName(t.transferNo())).as("kept while it may be re-sent")
        .contains("张三");
  }

  @Test
  public void aFinalStatusErasesTheRealNameInTheSameChange() {
    Transfer t = created().status(TransferStatus.WAIT_USER_CONFIRM).packageInfo("pkg").build();
    repository.insert(t, "张三");

    repository.inTransaction(
        tx -> tx.update(t.transferNo(), TransferStatus.WAIT_USER_CONFIRM,
            to(TransferStatus.SUCCESS, T0.plusSeconds(9))));

    Transfer done = repository.find(t.transferNo()).orElseThrow();
    assertThat(done.status()).isEqualTo(TransferStatus.SUCCESS);
    assertThat(done.finishDate()).isEqualTo(T0.plusSeconds(9));
    assertThat(done.packageInfo()).isNull();
    assertThat(done.payeeNameMask()).as("the mask stays").isEqualTo(t.payeeNameMask());
    assertThat(repository.payeeRealName(t.transferNo())).isEmpty();
    assertThat(repository.recordSend(t.transferNo(), T0.plusSeconds(10))).isFalse();
  }

  @Test
  public void anUpdateTheStateMachineForbidsIsRefused() {
    Transfer t = created().build();
    repository.insert(t, null);

    assertThatThrownBy(
            () -> repository.inTransaction(
                tx -> tx.update(t.transferNo(), TransferStatus.SUCCESS,
                    to(TransferStatus.FAIL, T0))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(repository.find(t.transferNo())).contains(t);
  }

  @Test
  public void concurrentUpdatesFromOneStatusHaveExactlyOneWinner() throws Exception {
    Transfer t = created().status(TransferStatus.WAIT_USER_CONFIRM).build();
    repository.insert(t, null);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        TransferStatus target = i % 2 == 0 ? TransferStatus.SUCCESS : TransferStatus.CANCELLED;
        Callable<Boolean> call = () -> {
          start.await();
          return repository.inTransaction(
              tx -> tx.update(t.transferNo(), TransferStatus.WAIT_USER_CONFIRM, to(target, T0)));
        };
        results.add(pool.submit(call));
      }
      start.countDown();
      int won = 0;
      for (Future<Boolean> r : results) won += r.get() ? 1 : 0;
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  public void aFailedTransactionRollsBackTheStatusTheNameErasureAndTheLedgerFact() {
    Transfer t = created().status(TransferStatus.WAIT_USER_CONFIRM).build();
    repository.insert(t, "张三");
    ProviderEvent fact = fact(t.outBillNo());

    assertThatThrownBy(
            () -> repository.inTransaction(tx -> {
              assertThat(tx.lock(t.transferNo())).contains(t);
              tx.update(t.transferNo(), TransferStatus.WAIT_USER_CONFIRM,
                  to(TransferStatus.SUCCESS, T0));
              tx.appendEvent(fact);
              throw new IllegalStateException("handler failed");
            }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("handler failed");

    assertThat(repository.find(t.transferNo())).contains(t);
    assertThat(repository.payeeRealName(t.transferNo())).contains("张三");
    assertThat(orders.findEventByKey(fact.dedupeKey())).isEmpty();
  }

  @Test
  public void aDuplicateFactLeavesTheTransactionUsableAndTheChangeCommits() {
    Transfer t = created().build();
    repository.insert(t, null);
    ProviderEvent unresolved =
        TestOrders.event(TestOrders.newDedupeKey(), t.outBillNo(), EventOutcome.TRANSFER_UNMATCHED);
    orders.appendEvent(unresolved);

    boolean[] results =
        repository.inTransaction(tx -> new boolean[] {
            tx.appendEvent(unresolved),
            tx.update(t.transferNo(), TransferStatus.CREATED, to(TransferStatus.ACCEPTED, null)),
            tx.resolveEvent(unresolved.dedupeKey(), EventOutcome.TRANSFER_APPLIED, T0),
            tx.lock("no such transfer").isPresent()});

    assertThat(results).containsExactly(false, true, true, false);
    assertThat(repository.find(t.transferNo()).orElseThrow().status())
        .isEqualTo(TransferStatus.ACCEPTED);
    ProviderEvent stored = orders.findEventByKey(unresolved.dedupeKey()).orElseThrow();
    assertThat(stored.resolution()).isEqualTo(EventOutcome.TRANSFER_APPLIED);
    assertThat(stored.isUnresolved()).isFalse();
  }

  @Test
  public void claimsLeaseOnlyDueTransfersThatAreNotFinalMostOverdueFirst() {
    Transfer late = created().nextCheckAt(T0.minusSeconds(30)).build();
    Transfer due = created().status(TransferStatus.WAIT_USER_CONFIRM).nextCheckAt(T0).build();
    Transfer notYet = created().nextCheckAt(T0.plusSeconds(1)).build();
    Transfer done = created().status(TransferStatus.SUCCESS).nextCheckAt(T0.minusSeconds(99)).build();
    for (Transfer t : List.of(late, due, notYet, done)) repository.insert(t, null);

    List<Transfer> claimed = repository.claimDue(T0, LEASE, 10);

    assertThat(claimed).extracting(Transfer::transferNo)
        .containsExactly(late.transferNo(), due.transferNo());
    assertThat(claimed).allSatisfy(c -> assertThat(c.nextCheckAt()).isEqualTo(T0.plus(LEASE)));
    assertThat(repository.find(late.transferNo()).orElseThrow().nextCheckAt())
        .isEqualTo(T0.plus(LEASE));
    assertThat(repository.claimDue(T0.plusSeconds(60), LEASE, 10)).extracting(Transfer::transferNo)
        .containsExactly(notYet.transferNo());
    assertThat(repository.claimDue(T0.plus(LEASE), LEASE, 1)).extracting(Transfer::transferNo)
        .containsExactly(late.transferNo());
  }

  @Test
  public void concurrentClaimersNeverGetTheSameTransfer() throws Exception {
    Set<String> all = new HashSet<>();
    for (int i = 0; i < 24; i++) {
      Transfer t = created().nextCheckAt(T0.minusSeconds(i)).build();
      repository.insert(t, null);
      all.add(t.transferNo());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> claims = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        claims.add(pool.submit(() -> {
          List<String> mine = new ArrayList<>();
          List<Transfer> batch;
          while (!(batch = repository.claimDue(T0, LEASE, 3)).isEmpty()) {
            batch.forEach(t -> mine.add(t.transferNo()));
          }
          return mine;
        }));
      }
      List<String> claimed = new ArrayList<>();
      for (Future<List<String>> f : claims) claimed.addAll(f.get());
      assertThat(claimed).doesNotHaveDuplicates();
      assertThat(new HashSet<>(claimed)).isEqualTo(all);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  public void scheduleAndSendBookkeepingIsStored() {
    Transfer t = created().build();
    repository.insert(t, null);

    repository.scheduleCheck(t.transferNo(), T0.plusSeconds(300), 4);
    assertThat(repository.recordSend(t.transferNo(), T0.plusSeconds(301))).isTrue();

    Transfer after = repository.find(t.transferNo()).orElseThrow();
    assertThat(after.nextCheckAt()).isEqualTo(T0.plusSeconds(300));
    assertThat(after.checkCount()).isEqualTo(4);
    assertThat(after.sentAt()).isEqualTo(T0.plusSeconds(301));
    assertThat(after.sendCount()).isEqualTo(2);
    assertThat(repository.recordSend("no-such-transfer", T0)).isFalse();
  }

  @Test
  public void lookupsOfUnknownOrImpossibleKeysFindNothing() {
    assertThat(repository.find("no-such-transfer")).isEmpty();
    assertThat(repository.find("has space")).isEmpty();
    assertThat(repository.findByOutBillNo("X".repeat(40))).isEmpty();
    assertThat(repository.findByOutBillNo("not-a-bill")).isEmpty();
    assertThat(repository.payeeRealName("x".repeat(80))).isEmpty();
  }
}
