package io.unipay.core.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unipay.core.ErrorCode;
import io.unipay.core.NotifyRequest;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.UniPayException;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.Payee;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.core.spi.TransferCommand;
import io.unipay.core.spi.TransferSnapshot;
import io.unipay.core.spi.TransferState;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The transfer side of {@link FakePayClient}: bills kept by out_bill_no (so a number can never be
 * paid twice, as at the real providers), the payee's confirmation, cancel, FAIL, WeChat's expiry
 * of unconfirmed bills, signed {@code MCHTRANSFER.BILL.FINISHED}-like notifications, and faults: a
 * lost answer after applying, a refusal before applying, "no such bill" for the first queries of
 * a bill that exists, an answer about another bill, and gates that hold a call until released.
 */
public final class FakeTransfers {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** WeChat requires the payee's real name from 2,000 yuan on. */
  public static final long NAME_THRESHOLD = 2_000_00L;

  private final Provider provider;
  private final String merchantId;
  private final Function<ObjectNode, NotifyRequest> signer;
  private final Map<String, Bill> bills = new ConcurrentHashMap<>();
  private final Queue<UniPayException> failuresBefore = new ConcurrentLinkedQueue<>();
  private final Queue<RuntimeException> failuresAfter = new ConcurrentLinkedQueue<>();
  private final Queue<RuntimeException> queryFailures = new ConcurrentLinkedQueue<>();
  private final AtomicInteger notFoundQueriesLeft = new AtomicInteger();
  private final AtomicReference<String> nextAnswerAbout = new AtomicReference<>();
  private final AtomicReference<Gate> transferGate = new AtomicReference<>();
  private final AtomicReference<Gate> queryGate = new AtomicReference<>();
  private volatile TransferState createState;
  private volatile TransferState cancelState = TransferState.CANCELLED;
  public final AtomicInteger checkCalls = new AtomicInteger();
  public final AtomicInteger transferCalls = new AtomicInteger();
  public final AtomicInteger queryCalls = new AtomicInteger();
  public final AtomicInteger cancelCalls = new AtomicInteger();

  /** One bill at the provider. */
  private static final class Bill {
    final TransferCommand command;
    final String billNo;
    volatile TransferState state;
    volatile String failReason;

    Bill(TransferCommand command, TransferState state) {
      this.command = command;
      this.billNo = "B" + command.outBillNo();
      this.state = state;
    }
  }

  /** Holds one call until {@link #release}; {@link #awaitArrival} waits for it to come. */
  public static final class Gate {
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    public void awaitArrival() {
      await(arrived);
    }

    public void release() {
      released.countDown();
    }

    void pass() {
      arrived.countDown();
      await(released);
    }

    private static void await(CountDownLatch latch) {
      try {
        if (!latch.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("gate stuck");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  FakeTransfers(Provider provider, String merchantId, Function<ObjectNode, NotifyRequest> signer) {
    this.provider = provider;
    this.merchantId = merchantId;
    this.signer = signer;
    this.createState =
        provider == Provider.WXPAY ? TransferState.WAIT_USER_CONFIRM : TransferState.SUCCESS;
  }

  // ---------------------------------------------------------------- the SPI side

  void check(TransferCommand command) {
    checkCalls.incrementAndGet();
    if (provider == Provider.WXPAY) {
      if (command.sceneReportInfos().isEmpty()) {
        throw UniPayException.invalid("sceneReportInfos are required by WeChat (需传入转账场景报备信息)");
      }
      if (command.amount() >= NAME_THRESHOLD && command.payee().realName() == null) {
        throw UniPayException.invalid(
            "the payee's realName is required by WeChat from " + NAME_THRESHOLD + " fen on");
      }
    } else if (command.payee().idType() == Payee.IdType.ALIPAY_LOGON_ID
        && command.payee().realName() == null) {
      throw UniPayException.invalid("an Alipay logon id payee needs the realName");
    }
  }

  TransferSnapshot transfer(TransferCommand command) {
    transferCalls.incrementAndGet();
    UniPayException before = failuresBefore.poll();
    if (before != null) throw before;
    Bill bill = bills.computeIfAbsent(command.outBillNo(), no -> new Bill(command, createState));
    if (bill.command.amount() != command.amount()
        || !bill.command.payee().account().equals(command.payee().account())
        || !Objects.equals(bill.command.payee().realName(), command.payee().realName())) {
      throw new ProviderRejectedException(
          "PARAM_ERROR", "out_bill_no reused with other parameters", 400, "transfer "
              + command.outBillNo());
    }
    TransferSnapshot answer = snapshot(bill); // a slow answer carries the state it was made in
    pass(transferGate);
    RuntimeException after = failuresAfter.poll();
    if (after != null) throw after;
    String other = nextAnswerAbout.getAndSet(null);
    if (other != null) {
      return new TransferSnapshot(other, "B" + other, answer.state(), answer.amount(), merchantId,
          null, null, null, "{\"out_bill_no\":\"" + other + "\"}");
    }
    return answer;
  }

  TransferSnapshot query(String outBillNo) {
    queryCalls.incrementAndGet();
    pass(queryGate);
    RuntimeException failure = queryFailures.poll();
    if (failure != null) throw failure;
    Bill bill = bills.get(outBillNo);
    if (bill == null || notFoundQueriesLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return TransferSnapshot.notFound(outBillNo);
    }
    return snapshot(bill);
  }

  TransferSnapshot cancel(String outBillNo) {
    cancelCalls.incrementAndGet();
    if (provider != Provider.WXPAY) {
      throw new UniPayException(ErrorCode.PROVIDER_NOT_CONFIGURED, "alipay cannot cancel transfers");
    }
    Bill bill = bills.get(outBillNo);
    if (bill == null) {
      throw new ProviderRejectedException(
          "NOT_FOUND", "no such bill", 404, "cancel " + outBillNo,
          ProviderRejectedException.Verdict.NOT_FOUND);
    }
    synchronized (bill) {
      if (bill.state == TransferState.ACCEPTED || bill.state == TransferState.PROCESSING
          || bill.state == TransferState.WAIT_USER_CONFIRM) {
        bill.state = cancelState;
      } else if (bill.state != TransferState.CANCELLED && bill.state != TransferState.CANCELING) {
        throw new ProviderRejectedException(
            "INVALID_REQUEST", "bill is " + bill.state, 400, "cancel " + outBillNo,
            ProviderRejectedException.Verdict.REFUSED);
      }
    }
    return snapshot(bill);
  }

  ProviderNotification parse(JsonNode body) {
    return new ProviderNotification.TransferResult(
        new TransferSnapshot(
            body.path("out_bill_no").asText(), body.path("transfer_bill_no").asText(null),
            TransferState.valueOf(body.path("state").asText()), body.path("transfer_amount").asLong(),
            body.path("mch_id").asText(null), null, body.path("fail_reason").asText(null),
            Instant.parse("2026-03-01T09:00:00Z"), body.toString()));
  }

  // ---------------------------------------------------------------- what tests do

  /** The state new bills are created in (WeChat default WAIT_USER_CONFIRM, Alipay SUCCESS). */
  public void createBillsIn(TransferState state) {
    this.createState = state;
  }

  /** What an accepted cancel answers (CANCELLED by default, or CANCELING). */
  public void answerCancelsWith(TransferState state) {
    this.cancelState = state;
  }

  /** The next transfer request fails with {@code e} before the provider applies it. */
  public void failNextTransfer(UniPayException e) {
    failuresBefore.add(e);
  }

  /**
   * The next transfer request is applied at the provider, but its answer is lost: {@code e} is
   * thrown (a UniPayException, or any other exception for a client bug).
   */
  public void failNextTransferAfterApplying(RuntimeException e) {
    failuresAfter.add(e);
  }

  /** The next transfer query throws {@code e}. */
  public void failNextQuery(RuntimeException e) {
    queryFailures.add(e);
  }

  /** The next {@code n} queries say "no such bill", whether it exists or not. */
  public void answerNotFoundToNextQueries(int n) {
    notFoundQueriesLeft.set(n);
  }

  /** The next transfer answer is about the bill {@code outBillNo} (another one). */
  public void answerNextTransferAbout(String outBillNo) {
    nextAnswerAbout.set(outBillNo);
  }

  /** Holds the next transfer request after the bill is applied, until released. */
  public Gate holdNextTransfer() {
    Gate gate = new Gate();
    transferGate.set(gate);
    return gate;
  }

  /** Holds the next query before it is answered, until released. */
  public Gate holdNextQuery() {
    Gate gate = new Gate();
    queryGate.set(gate);
    return gate;
  }

  /** The payee confirms: the bill succeeds. Returns the provider's notification. */
  public NotifyRequest confirm(String outBillNo) {
    return end(outBillNo, TransferState.SUCCESS, null);
  }

  /** WeChat expires an unconfirmed bill. Returns the notification. */
  public NotifyRequest expire(String outBillNo) {
    return end(outBillNo, TransferState.CANCELLED, "超时未确认");
  }

  /** The bill fails at the provider. Returns the notification. */
  public NotifyRequest fail(String outBillNo, String reason) {
    return end(outBillNo, TransferState.FAIL, reason);
  }

  /** A CANCELING bill ends cancelled. Returns the notification. */
  public NotifyRequest finishCancel(String outBillNo) {
    return end(outBillNo, TransferState.CANCELLED, "商户撤销");
  }

  /** Moves a bill to {@code state} (e.g. TRANSFERING after the confirmation). */
  public void setState(String outBillNo, TransferState state) {
    bill(outBillNo).state = state;
  }

  /** The notification of a bill in its current state. */
  public NotifyRequest notification(String outBillNo) {
    Bill bill = bill(outBillNo);
    return notification(outBillNo, bill.state, bill.command.amount(), merchantId);
  }

  /** A signed notification with chosen state, amount and merchant. */
  public NotifyRequest notification(
      String outBillNo, TransferState state, long amount, String merchant) {
    ObjectNode body = JSON.createObjectNode();
    body.put("kind", "transfer");
    body.put("out_bill_no", outBillNo);
    body.put("transfer_bill_no", "B" + outBillNo);
    body.put("state", state.name());
    body.put("transfer_amount", amount);
    body.put("mch_id", merchant);
    Bill bill = bills.get(outBillNo);
    if (bill != null && bill.failReason != null) body.put("fail_reason", bill.failReason);
    return signer.apply(body);
  }

  /** The provider's state of a bill, or null when it has none. */
  public TransferState state(String outBillNo) {
    Bill bill = bills.get(outBillNo);
    return bill == null ? null : bill.state;
  }

  /** How many bills the provider has. */
  public int billCount() {
    return bills.size();
  }

  /** The payee's real name the provider received for a bill (null when none). */
  public String receivedName(String outBillNo) {
    return bill(outBillNo).command.payee().realName();
  }

  private NotifyRequest end(String outBillNo, TransferState state, String reason) {
    Bill bill = bill(outBillNo);
    bill.state = state;
    bill.failReason = reason;
    return notification(outBillNo);
  }

  private Bill bill(String outBillNo) {
    Bill bill = bills.get(outBillNo);
    if (bill == null) throw new IllegalStateException("no fake bill " + outBillNo);
    return bill;
  }

  private TransferSnapshot snapshot(Bill bill) {
    TransferState state = bill.state;
    String packageInfo =
        provider == Provider.WXPAY
                && (state == TransferState.WAIT_USER_CONFIRM || state == TransferState.TRANSFERING)
            ? "pkg-" + bill.billNo
            : null;
    return new TransferSnapshot(
        bill.command.outBillNo(), bill.billNo, state, bill.command.amount(), merchantId,
        packageInfo, bill.failReason, null, "{\"state\":\"" + state + "\"}");
  }

  private static void pass(AtomicReference<Gate> gate) {
    Gate g = gate.getAndSet(null);
    if (g != null) g.pass();
  }
}
