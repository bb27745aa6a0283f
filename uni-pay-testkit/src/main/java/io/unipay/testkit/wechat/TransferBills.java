package io.unipay.testkit.wechat;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The simulator's 商家转账 (transfer bills, the 2025 version with the payee's confirmation):
 * {@code POST /v3/fund-app/mch-transfer/transfer-bills}, the queries by {@code out_bill_no} and
 * {@code transfer_bill_no}, and {@code .../out-bill-no/{no}/cancel}. Obtain it from {@link
 * WechatPaySimulator#transfers()}.
 *
 * <p>A new bill waits for the payee ({@code WAIT_USER_CONFIRM}, with a {@code package_info}); the
 * test then plays the payee or WeChat Pay with {@link #confirm}, {@link #fail}, {@link #expire}.
 * A bill reaching SUCCESS, FAIL or CANCELLED posts {@code MCHTRANSFER.BILL.FINISHED} (resource
 * {@code mch_payment}) to its {@code notify_url}, redelivered like every notification; its {@link
 * NotificationDelivery#outTradeNo()} is the {@code out_bill_no}.
 *
 * <p>Creating is idempotent per {@code out_bill_no}: the same number with the same content answers
 * the existing bill (its current state); with other content, 400 {@code INVALID_REQUEST}. The
 * payee's {@code user_name} must be RSA-OAEP encrypted with the key the simulator publishes and
 * the request's {@code Wechatpay-Serial} must name that key (else 400 {@code PARAM_ERROR}, as
 * WeChat Pay answers); the simulator decrypts it and keeps the name ({@link
 * SimulatedTransfer#userName()}). The merchant's balance ({@link #balance(long)}) is reserved by
 * each bill and released when it fails or is cancelled; a bill it does not cover is refused with
 * 403 {@code NOT_ENOUGH}. Faults: {@link Endpoint#TRANSFER_CREATE}, {@link
 * Endpoint#TRANSFER_QUERY}, {@link Endpoint#TRANSFER_CANCEL}.
 *
 * <p>How long a bill waits for the payee is not published; {@link #expire} ends it as {@code FAIL}
 * with {@code fail_reason} {@value #EXPIRED_REASON} (an assumption of this simulator). Thread-safe.
 */
public final class TransferBills {
  /** The {@code fail_reason} of a bill the payee did not confirm in time ({@link #expire}). */
  public static final String EXPIRED_REASON = "OVERDUE_CLOSE";

  static final String PATH = "/v3/fund-app/mch-transfer/transfer-bills";
  private static final long UNLIMITED = Long.MAX_VALUE / 4;

  private final WechatPaySimulator sim;
  /** Guarded by {@code sim.lock}. */
  final Map<String, TransferBill> bills = new LinkedHashMap<>();

  /** Guarded by {@code sim.lock}. */
  final Map<String, Integer> createRequests = new HashMap<>();

  /** The merchant's available balance in fen; guarded by {@code sim.lock}. */
  long balance = UNLIMITED;

  final TransferRequests requests;

  TransferBills(WechatPaySimulator sim) {
    this.sim = sim;
    this.requests = new TransferRequests(sim, this);
  }

  // ---------------------------------------------------------------- the payee and WeChat Pay

  /** The payee confirms receipt: WAIT_USER_CONFIRM → SUCCESS, and the notification is sent. */
  public void confirm(String outBillNo) {
    move(outBillNo, "be confirmed", TransferBills::waiting, b -> b.state = "SUCCESS");
  }

  /** The payee confirms, and the money is on its way: WAIT_USER_CONFIRM → TRANSFERING. */
  public void confirmPending(String outBillNo) {
    move(outBillNo, "be confirmed", TransferBills::waiting, b -> b.state = "TRANSFERING");
  }

  /** A TRANSFERING bill arrives: SUCCESS, and the notification is sent. */
  public void settle(String outBillNo) {
    move(outBillNo, "settle", b -> b.state.equals("TRANSFERING"), b -> b.state = "SUCCESS");
  }

  /** WeChat Pay fails a bill that is not final yet: FAIL with {@code reason}; money released. */
  public void fail(String outBillNo, String reason) {
    requireNonNull(reason, "reason == null");
    move(outBillNo, "fail", b -> !b.isFinal(), b -> {
      b.state = "FAIL";
      b.failReason = reason;
    });
  }

  /**
   * The payee never confirms and the bill times out: WAIT_USER_CONFIRM → FAIL with {@code
   * fail_reason} {@value #EXPIRED_REASON}; money released.
   */
  public void expire(String outBillNo) {
    move(outBillNo, "expire", TransferBills::waiting, b -> {
      b.state = "FAIL";
      b.failReason = EXPIRED_REASON;
    });
  }

  /** Sets the merchant's available balance in fen (default: practically unlimited). */
  public void balance(long fen) {
    if (fen < 0) throw new IllegalArgumentException("balance < 0: " + fen);
    synchronized (sim.lock) {
      balance = fen;
    }
  }

  /** The merchant's available balance in fen (bills not failed or cancelled are reserved). */
  public long balance() {
    synchronized (sim.lock) {
      return balance;
    }
  }

  // ---------------------------------------------------------------- what the simulator holds

  /** The bill with this out_bill_no, if the simulator holds one. */
  public Optional<SimulatedTransfer> transfer(String outBillNo) {
    synchronized (sim.lock) {
      TransferBill bill = bills.get(outBillNo);
      return bill == null ? Optional.empty() : Optional.of(bill.view());
    }
  }

  /** Every bill the simulator holds, in creation order. */
  public List<SimulatedTransfer> all() {
    synchronized (sim.lock) {
      List<SimulatedTransfer> all = new ArrayList<>();
      for (TransferBill bill : bills.values()) all.add(bill.view());
      return List.copyOf(all);
    }
  }

  /** How many bills (money movements) the simulator holds for {@code outBillNo}: 0 or 1. */
  public int count(String outBillNo) {
    synchronized (sim.lock) {
      int n = 0;
      for (TransferBill bill : bills.values()) {
        if (bill.outBillNo.equals(outBillNo)) n++;
      }
      return n;
    }
  }

  /**
   * How many create requests naming {@code outBillNo} the simulator handled (a fault striking
   * {@link Fault.Timing#BEFORE_APPLYING before applying} answers without handling the request).
   */
  public int createRequests(String outBillNo) {
    synchronized (sim.lock) {
      return createRequests.getOrDefault(outBillNo, 0);
    }
  }

  /**
   * A signed {@code MCHTRANSFER.BILL.FINISHED} notification for a bill (in any state), not sent
   * anywhere: headers and raw body for driving a notification endpoint directly.
   */
  public SignedNotification finishedNotification(String outBillNo) {
    String plaintext;
    synchronized (sim.lock) {
      plaintext = sim.json(resource(require(outBillNo)));
    }
    return sim.notification()
        .eventType("MCHTRANSFER.BILL.FINISHED")
        .summary("商家转账单据终态通知")
        .resource("mch_payment", plaintext)
        .build();
  }

  // ---------------------------------------------------------------- internals

  /** The decrypted resource of a transfer notification. */
  ObjectNode resource(TransferBill b) {
    ObjectNode n = sim.mapper.createObjectNode();
    n.put("mch_id", sim.mchid);
    n.put("out_bill_no", b.outBillNo);
    n.put("transfer_bill_no", b.transferBillNo);
    n.put("state", b.state);
    n.put("transfer_amount", b.amount);
    n.put("openid", b.openid);
    if (b.failReason != null) n.put("fail_reason", b.failReason);
    n.put("create_time", sim.wire.time(b.createTime));
    n.put("update_time", sim.wire.time(b.updateTime));
    return n;
  }

  private static boolean waiting(TransferBill bill) {
    return bill.state.equals("WAIT_USER_CONFIRM");
  }

  TransferBill require(String outBillNo) {
    TransferBill bill = bills.get(outBillNo);
    if (bill == null) throw new IllegalStateException("unknown out_bill_no " + outBillNo);
    return bill;
  }

  /** Applies a control under the lock, then sends the notification when the bill became final. */
  private void move(
      String outBillNo,
      String verb,
      java.util.function.Predicate<TransferBill> allowed,
      Consumer<TransferBill> change) {
    TransferBill bill;
    synchronized (sim.lock) {
      bill = require(outBillNo);
      if (!allowed.test(bill)) {
        throw new IllegalStateException(outBillNo + " is " + bill.state + ", cannot " + verb);
      }
      change.accept(bill);
      bill.updateTime = sim.clock.instant();
      if (bill.state.equals("FAIL") || bill.state.equals("CANCELLED")) balance += bill.amount;
    }
    if (bill.isFinal()) notifyFinished(bill);
  }

  /** Posts MCHTRANSFER.BILL.FINISHED to the bill's notify_url (none: nothing is sent). */
  void notifyFinished(TransferBill bill) {
    if (bill.notifyUrl == null) return;
    SignedNotification notification = finishedNotification(bill.outBillNo);
    sim.deliver(
        new NotificationSender.Pending(
            sim.eventId(notification),
            "MCHTRANSFER.BILL.FINISHED",
            bill.outBillNo,
            bill.notifyUrl,
            notification));
  }
}
