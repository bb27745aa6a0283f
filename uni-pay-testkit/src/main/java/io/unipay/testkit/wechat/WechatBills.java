package io.unipay.testkit.wechat;

import static java.util.Objects.requireNonNull;

import io.unipay.testkit.BillFault;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulator's bills ({@code sim.bills()}): WeChat Pay's trade bill ({@code GET
 * /v3/bill/tradebill}, type {@code ALL}) and fund-flow bill ({@code GET /v3/bill/fundflowbill},
 * {@code BASIC} account) of a day, built from the simulator's own payments and refunds of that
 * day (China time) when they are asked for, with a fee of {@link #feeRateBasisPoints} per line
 * (rounded half up; a refund returns its share). The answer is signed and names {@code
 * hash_type=SHA1}, {@code hash_value} (of the decompressed file) and a {@code download_url} on this
 * server, valid 5 minutes of the simulator's clock; the download needs the merchant's signature
 * over its path and query and is not signed. Layout: the testkit README.
 *
 * <p>A day's bill is ready from 10:00 (China time) the next day; before that, and for {@link
 * #notReady}, the answer is {@code 400 STATEMENT_CREATING}. A day without payments or refunds, and
 * {@link #noBill}, is {@code 400 NO_STATEMENT_EXIST} (unless {@link #serveEmptyBillsOnQuietDays}).
 * All methods are thread-safe.
 */
public final class WechatBills {
  private final WechatPaySimulator sim;
  private final AtomicInteger downloads = new AtomicInteger();
  // Guarded by sim.lock:
  int basisPoints = 60;
  boolean emptyOnQuietDays;
  final Set<LocalDate> noBill = new HashSet<>();
  final Set<LocalDate> notReady = new HashSet<>();
  final Map<LocalDate, BillFault> faults = new HashMap<>();
  final List<BillLine> external = new ArrayList<>();
  final Map<LocalDate, Synthetic> synthetic = new HashMap<>();
  final Set<String> omittedPayments = new HashSet<>();
  final Set<String> omittedRefunds = new HashSet<>();

  /** A generated bill: its line count and the SHA1 of its file. */
  record Synthetic(long lines, String sha1) {}

  WechatBills(WechatPaySimulator sim) {
    this.sim = sim;
  }

  /** The fee rate in basis points (default 60: 0.6 %). */
  public WechatBills feeRateBasisPoints(int basisPoints) {
    if (basisPoints < 0 || basisPoints > 10_000) {
      throw new IllegalArgumentException("basisPoints must be 0..10000: " + basisPoints);
    }
    synchronized (sim.lock) {
      this.basisPoints = basisPoints;
    }
    return this;
  }

  /** The bills of {@code day} do not exist: {@code 400 NO_STATEMENT_EXIST}. */
  public WechatBills noBill(LocalDate day) {
    synchronized (sim.lock) {
      noBill.add(requireNonNull(day, "day == null"));
    }
    return this;
  }

  /** The bills of {@code day} are being generated: {@code 400 STATEMENT_CREATING}. */
  public WechatBills notReady(LocalDate day) {
    synchronized (sim.lock) {
      notReady.add(requireNonNull(day, "day == null"));
    }
    return this;
  }

  /** Spoils the files of {@code day} with {@code fault} (until {@link #reset}). */
  public WechatBills fault(LocalDate day, BillFault fault) {
    requireNonNull(fault, "fault == null");
    if (fault == BillFault.EXPIRED_URL) {
      throw new IllegalArgumentException("EXPIRED_URL is an Alipay fault");
    }
    synchronized (sim.lock) {
      faults.put(requireNonNull(day, "day == null"), fault);
    }
    return this;
  }

  /** Whether a day without payments or refunds has an empty bill (default: no bill). */
  public WechatBills serveEmptyBillsOnQuietDays(boolean empty) {
    synchronized (sim.lock) {
      this.emptyOnQuietDays = empty;
    }
    return this;
  }

  /**
   * A payment line the simulator's own state does not have (e.g. paid to this merchant by another
   * system): it appears in the bill of {@code at}'s day only.
   *
   * @return its transaction id
   */
  public String addExternalPayment(String outTradeNo, long totalFen, Instant at) {
    requireNonNull(outTradeNo, "outTradeNo == null");
    requireNonNull(at, "at == null");
    if (totalFen <= 0) throw new IllegalArgumentException("totalFen must be > 0");
    synchronized (sim.lock) {
      String transactionId = "42000" + String.format("%023d", sim.sequence.getAndIncrement());
      external.add(new BillLine(false, at, sim.appId(), transactionId, outTradeNo,
          "oExternalPayer", "NATIVE", null, null, null, totalFen,
          BillLine.fee(totalFen, basisPoints), "external payment", null));
      return transactionId;
    }
  }

  /**
   * A refund line the simulator's own state does not have, e.g. a refund done in the merchant
   * console: it appears (status SUCCESS) in the bill of {@code at}'s day only, with the trade's
   * transaction id and app when the simulator knows the trade.
   *
   * @return its refund id
   */
  public String addExternalRefund(String outTradeNo, String outRefundNo, long refundFen, Instant at) {
    requireNonNull(outTradeNo, "outTradeNo == null");
    requireNonNull(outRefundNo, "outRefundNo == null");
    requireNonNull(at, "at == null");
    if (refundFen <= 0) throw new IllegalArgumentException("refundFen must be > 0");
    synchronized (sim.lock) {
      Trade t = sim.trades.get(outTradeNo);
      String refundId = "50" + String.format("%027d", sim.sequence.getAndIncrement());
      external.add(new BillLine(true, at, t == null ? sim.appId() : t.appid,
          t == null || t.transactionId == null
              ? "42000" + String.format("%023d", sim.sequence.getAndIncrement())
              : t.transactionId,
          outTradeNo, t == null || t.payerOpenid == null ? "oExternalPayer" : t.payerOpenid,
          t == null ? "NATIVE" : t.tradeType, refundId, outRefundNo, "SUCCESS", refundFen,
          -BillLine.fee(refundFen, basisPoints), t == null ? "external refund" : t.description,
          t == null ? null : t.attach));
      return refundId;
    }
  }

  /**
   * Leaves the payment line of {@code outTradeNo} out of every trade and fund-flow bill (until
   * {@link #reset}), while the trade stays paid everywhere else (queries, notifications): a bill
   * that lacks a payment WeChat Pay took. The trade's refund lines stay.
   */
  public WechatBills omitPayment(String outTradeNo) {
    requireNonNull(outTradeNo, "outTradeNo == null");
    synchronized (sim.lock) {
      omittedPayments.add(outTradeNo);
    }
    return this;
  }

  /**
   * Leaves the refund line of {@code outRefundNo} out of every trade and fund-flow bill (until
   * {@link #reset}), while the refund stays as it is everywhere else: a bill that lacks a refund
   * WeChat Pay made.
   */
  public WechatBills omitRefund(String outRefundNo) {
    requireNonNull(outRefundNo, "outRefundNo == null");
    synchronized (sim.lock) {
      omittedRefunds.add(outRefundNo);
    }
    return this;
  }

  /**
   * Replaces the trade bill of {@code day} by {@code lines} generated payment lines (for memory
   * and throughput tests: the file is written while it is downloaded, never held). Its SHA1 is
   * computed now, which takes a moment for a million lines.
   */
  public WechatBills synthetic(LocalDate day, long lines) {
    requireNonNull(day, "day == null");
    if (lines < 0) throw new IllegalArgumentException("lines < 0");
    int bp;
    synchronized (sim.lock) {
      bp = basisPoints;
    }
    MessageDigest sha1 = sha1();
    try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha1)) {
      WechatBillFile.writeTrade(
          sim.mchid, WechatBillLines.synthetic(day, lines, sim.appId(), bp), bp, null, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    synchronized (sim.lock) {
      synthetic.put(day, new Synthetic(lines, HexFormat.of().formatHex(sha1.digest())));
    }
    return this;
  }

  /** The trade bill of {@code day} as the simulator would serve it now, unspoiled (UTF-8). */
  public String tradeBillCsv(LocalDate day) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    synchronized (sim.lock) {
      if (synthetic.containsKey(day)) {
        throw new IllegalStateException(day + " has a synthetic bill; it is not held in memory");
      }
      try {
        WechatBillFile.writeTrade(sim.mchid,
            WechatBillLines.trade(sim, day, this).iterator(), basisPoints, null, out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** How many bill files the simulator has served (started sending). */
  public int downloadsServed() {
    return downloads.get();
  }

  /**
   * Forgets every control above: fee rate, missing days, faults, added, omitted and synthetic
   * lines.
   */
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
  boolean omitted(BillLine line) {
    return line.refund()
        ? omittedRefunds.contains(line.outRefundNo())
        : omittedPayments.contains(line.outTradeNo());
  }

  void served() {
    downloads.incrementAndGet();
  }

  static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
