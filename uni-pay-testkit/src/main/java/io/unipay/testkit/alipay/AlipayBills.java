package io.unipay.testkit.alipay;

import static java.util.Objects.requireNonNull;

import io.unipay.testkit.BillFault;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulator's trade bills ({@code sim.bills()}): {@code
 * alipay.data.dataservice.bill.downloadurl.query} with {@code bill_type=trade} answers a signed
 * {@code bill_download_url} on this server, valid 30 s of the simulator's clock; the URL serves a
 * ZIP with the day's {@code 业务明细} and {@code 业务明细(汇总)} CSVs (GBK), built from the
 * simulator's paid trades and settled refunds of that day (China time), with a fee of {@link
 * #feeRateBasisPoints} per line (rounded half up; a refund returns its share). Layout: the testkit
 * README.
 *
 * <p>The bill is ready from 09:00 (China time) the next day; before that, and for {@link
 * #notReady} and {@link #noBill}, the answer is {@code isp.bill_not_exist} (Alipay says the same for
 * both); so is a day without trades unless {@link #serveEmptyBillsOnQuietDays}. Thread-safe.
 */
public final class AlipayBills {
  private final AlipaySimulator sim;
  private final AtomicInteger downloads = new AtomicInteger();
  // Guarded by sim.lock:
  int basisPoints = 60;
  boolean emptyOnQuietDays;
  final Set<LocalDate> noBill = new HashSet<>();
  final Set<LocalDate> notReady = new HashSet<>();
  final Map<LocalDate, BillFault> faults = new HashMap<>();
  final List<AlipayBillLine> external = new ArrayList<>();
  final Map<LocalDate, Long> synthetic = new HashMap<>();
  final Set<String> omittedPayments = new HashSet<>();
  final Set<String> omittedRefunds = new HashSet<>();

  AlipayBills(AlipaySimulator sim) {
    this.sim = sim;
  }

  /** The fee rate in basis points (default 60: 0.6 %). */
  public AlipayBills feeRateBasisPoints(int basisPoints) {
    if (basisPoints < 0 || basisPoints > 10_000) {
      throw new IllegalArgumentException("basisPoints must be 0..10000: " + basisPoints);
    }
    synchronized (sim.lock) {
      this.basisPoints = basisPoints;
    }
    return this;
  }

  /** The bill of {@code day} does not exist: {@code isp.bill_not_exist} at any time. */
  public AlipayBills noBill(LocalDate day) {
    synchronized (sim.lock) {
      noBill.add(requireNonNull(day, "day == null"));
    }
    return this;
  }

  /**
   * The bill of {@code day} is not generated yet: {@code isp.bill_not_exist} (the client tells
   * "not yet" from "none" by the time of day only).
   */
  public AlipayBills notReady(LocalDate day) {
    synchronized (sim.lock) {
      notReady.add(requireNonNull(day, "day == null"));
    }
    return this;
  }

  /** Spoils the bill of {@code day} with {@code fault} (until {@link #reset}). */
  public AlipayBills fault(LocalDate day, BillFault fault) {
    requireNonNull(fault, "fault == null");
    if (fault == BillFault.WRONG_HASH) {
      throw new IllegalArgumentException("Alipay states no hash: WRONG_HASH is a WeChat fault");
    }
    synchronized (sim.lock) {
      faults.put(requireNonNull(day, "day == null"), fault);
    }
    return this;
  }

  /** Whether a day without trades or refunds has an empty bill (default: no bill). */
  public AlipayBills serveEmptyBillsOnQuietDays(boolean empty) {
    synchronized (sim.lock) {
      this.emptyOnQuietDays = empty;
    }
    return this;
  }

  /** A trade line the simulator's state does not have, in the bill of {@code at}'s day only. */
  public String addExternalPayment(String outTradeNo, long totalFen, Instant at) {
    requireNonNull(outTradeNo, "outTradeNo == null");
    requireNonNull(at, "at == null");
    if (totalFen <= 0) throw new IllegalArgumentException("totalFen must be > 0");
    synchronized (sim.lock) {
      String tradeNo = sim.newTradeNo();
      external.add(new AlipayBillLine(false, tradeNo, outTradeNo, "external payment", at, at,
          totalFen, AlipayBillLine.fee(totalFen, basisPoints), null));
      return tradeNo;
    }
  }

  /**
   * A refund line the simulator's state does not have, e.g. a refund done in the merchant console
   * ({@code outRequestNo} is its 退款批次号): in the bill of {@code at}'s day only, with the
   * trade's trade_no when the simulator knows the trade.
   */
  public void addExternalRefund(String outTradeNo, String outRequestNo, long refundFen, Instant at) {
    requireNonNull(outTradeNo, "outTradeNo == null");
    requireNonNull(outRequestNo, "outRequestNo == null");
    requireNonNull(at, "at == null");
    if (refundFen <= 0) throw new IllegalArgumentException("refundFen must be > 0");
    synchronized (sim.lock) {
      SimTrade t = sim.trades.get(outTradeNo);
      external.add(new AlipayBillLine(true, t == null ? sim.newTradeNo() : t.tradeNo, outTradeNo,
          t == null ? "external refund" : t.subject, t == null ? at : t.createdAt, at, refundFen,
          AlipayBillLine.fee(refundFen, basisPoints), outRequestNo));
    }
  }

  /**
   * Leaves the trade line of {@code outTradeNo} out of every bill (until {@link #reset}), while
   * the trade stays paid everywhere else (queries, notifications): a bill that lacks a payment
   * Alipay took. The trade's refund lines stay.
   */
  public AlipayBills omitPayment(String outTradeNo) {
    requireNonNull(outTradeNo, "outTradeNo == null");
    synchronized (sim.lock) {
      omittedPayments.add(outTradeNo);
    }
    return this;
  }

  /**
   * Leaves the refund line of {@code outRequestNo} (its 退款批次号, our out_refund_no) out of
   * every bill (until {@link #reset}), while the refund stays as it is everywhere else: a bill
   * that lacks a refund Alipay made.
   */
  public AlipayBills omitRefund(String outRequestNo) {
    requireNonNull(outRequestNo, "outRequestNo == null");
    synchronized (sim.lock) {
      omittedRefunds.add(outRequestNo);
    }
    return this;
  }

  /**
   * Replaces the bill of {@code day} by {@code lines} generated trade lines, written while they
   * are downloaded (never held): for memory and throughput tests.
   */
  public AlipayBills synthetic(LocalDate day, long lines) {
    requireNonNull(day, "day == null");
    if (lines < 0) throw new IllegalArgumentException("lines < 0");
    synchronized (sim.lock) {
      synthetic.put(day, lines);
    }
    return this;
  }

  /** How many bill files the simulator has served (started sending). */
  public int downloadsServed() {
    return downloads.get();
  }

  /** Forgets every control above. */
  public void reset() {
    synchronized (sim.lock) {
      basisPoints = 60;
      emptyOnQuietDays = false;
      noBill.clear();
      notReady.clear();
      faults.clear();
      external.clear();
      synthetic.clear();
      omittedPayments.clear();
      omittedRefunds.clear();
    }
  }

  /** Whether {@code line} is left out of the bills ({@link #omitPayment}, {@link #omitRefund}). */
  boolean omitted(AlipayBillLine line) {
    return line.refund()
        ? omittedRefunds.contains(line.requestNo())
        : omittedPayments.contains(line.outTradeNo());
  }

  void served() {
    downloads.incrementAndGet();
  }
}
