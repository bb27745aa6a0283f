package io.unipay.testkit.wechat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The lines of a day's bills, from the simulator's state (payments and refunds of that day in
 * China time) plus the lines added with {@link WechatBills#addExternalPayment} and {@link
 * WechatBills#addExternalRefund}, less those {@link WechatBills#omitPayment} / {@link
 * WechatBills#omitRefund} leave out, or generated for {@link WechatBills#synthetic}. Called
 * under the simulator's lock.
 */
final class WechatBillLines {
  private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

  private WechatBillLines() {}

  static boolean on(Instant time, LocalDate day) {
    return time != null && LocalDate.ofInstant(time, CHINA).equals(day);
  }

  /** The trade-bill lines of {@code day}, in time order, without those {@code bills} omits. */
  static List<BillLine> trade(WechatPaySimulator sim, LocalDate day, WechatBills bills) {
    int basisPoints = bills.basisPoints;
    List<BillLine> lines = new ArrayList<>();
    for (Trade t : sim.trades.values()) {
      if (!t.paid() || !on(t.successTime, day)) continue;
      lines.add(
          new BillLine(false, t.successTime, t.appid, t.transactionId, t.outTradeNo,
              t.payerOpenid, t.tradeType, null, null, null, t.total,
              BillLine.fee(t.total, basisPoints), t.description, t.attach));
    }
    for (RefundRecord r : sim.refunds.values()) {
      if (!on(r.createTime, day)) continue;
      Trade t = r.trade;
      String status =
          switch (r.status) {
            case "SUCCESS" -> "SUCCESS";
            case "CLOSED" -> "FAIL";
            case "ABNORMAL" -> "CHANGE";
            default -> "PROCESSING";
          };
      lines.add(
          new BillLine(true, r.createTime, t.appid, t.transactionId, t.outTradeNo,
              t.payerOpenid, t.tradeType, r.refundId, r.outRefundNo, status, r.refund,
              -BillLine.fee(r.refund, basisPoints), t.description, t.attach));
    }
    for (BillLine l : bills.external) {
      if (on(l.time(), day)) lines.add(l);
    }
    lines.removeIf(bills::omitted);
    lines.sort(Comparator.comparing(BillLine::time));
    return lines;
  }

  /** The BASIC account's fund flow of {@code day}: each payment in, its fee out, refunds out. */
  static List<WechatBillFile.FundLine> fundFlow(List<BillLine> trade, long sequenceStart) {
    List<WechatBillFile.FundLine> lines = new ArrayList<>();
    long balance = 0;
    long sequence = sequenceStart;
    for (BillLine l : trade) {
      String flow = "19" + String.format("%026d", sequence++);
      if (!l.refund()) {
        balance += l.amount();
        lines.add(new WechatBillFile.FundLine(l.time(), l.transactionId(), flow, "交易", "交易",
            true, l.amount(), balance, "", l.outTradeNo()));
        if (l.fee() > 0) {
          balance -= l.fee();
          lines.add(new WechatBillFile.FundLine(l.time(), l.transactionId(),
              "19" + String.format("%026d", sequence++), "交易", "扣除交易手续费", false, l.fee(),
              balance, "", l.outTradeNo()));
        }
      } else {
        long net = l.amount() + l.fee(); // the fee is returned: fee <= 0
        balance -= net;
        lines.add(new WechatBillFile.FundLine(l.time(), l.refundId(), flow, "退款", "退款", false,
            net, balance, "退款总金额" + WechatBillFile.yuan(l.amount()) + "元;含手续费"
                + WechatBillFile.yuan(-l.fee()) + "元", l.outRefundNo()));
      }
    }
    return lines;
  }

  /**
   * {@code count} payment lines for {@code day}, generated one by one (never held): amounts 1 fen
   * to 99.99 yuan, one line per 86 ms of the day, ids derived from the index. Deterministic, so
   * the simulator hashes the file once and writes it again when it is downloaded.
   */
  static Iterator<BillLine> synthetic(
      LocalDate day, long count, String appid, int basisPoints) {
    Instant start = day.atStartOfDay().toInstant(CHINA);
    long step = Math.max(1, 86_400_000L / Math.max(1, count));
    String date = day.toString().replace("-", "");
    return new Iterator<>() {
      long i;

      @Override
      public boolean hasNext() {
        return i < count;
      }

      @Override
      public BillLine next() {
        if (i >= count) throw new NoSuchElementException();
        long n = i++;
        long amount = 1 + (n * 7919) % 9_999;
        Instant time = start.plusSeconds(Math.min(n * step, 86_399_000L) / 1000);
        // Ids from a bit mixer, not a counter: the file must not compress to almost nothing.
        long mixed = mix(n);
        return new BillLine(false, time, appid,
            "4200" + date + String.format("%016d", Long.remainderUnsigned(mixed, 10_000_000_000_000_000L)),
            "SYN" + date + String.format("%012d", n),
            "oSyn" + Long.toString(mixed & Long.MAX_VALUE, 36) + Long.toString(mix(~n) & Long.MAX_VALUE, 36),
            "NATIVE", null, null, null, amount,
            BillLine.fee(amount, basisPoints), "synthetic item " + (n % 97), null);
      }
    };
  }

  /** SplitMix64's finaliser: a fixed, well-spread function of {@code n}. */
  static long mix(long n) {
    long z = n * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
