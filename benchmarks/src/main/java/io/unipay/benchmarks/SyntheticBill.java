package io.unipay.benchmarks;

import io.unipay.core.bill.BillRow;
import io.unipay.core.bill.BillSummary;
import io.unipay.core.bill.TradeBill;
import io.unipay.core.order.Provider;
import io.unipay.testkit.BillFileLine;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A synthetic WeChat trade bill of {@code payments} payment lines and {@code refunds} refund lines,
 * made line by line as it is read (nothing held): payment {@code i} is order {@link #outTradeNo}
 * of {@link #amount} fen, refund {@code j} refunds 1 fen of order {@code j}. {@link #fileLines}
 * gives the same lines for a provider-format file.
 */
final class SyntheticBill implements TradeBill {
  static final String MCHID = "1230000109";
  static final String APPID = "wxbench000000001";
  /** The Alipay account of the file variant: app and seller (2088…). */
  static final String ALIPAY_APPID = "2021000000000001";
  static final String ALIPAY_SELLER = "2088102119685838";

  private final LocalDate day;
  private final Instant start;
  private final int payments;
  private final int refunds;
  private long line;
  private long paymentTotal, refundTotal, fees;
  private boolean done;

  SyntheticBill(LocalDate day, Instant start, int payments, int refunds) {
    this.day = day;
    this.start = start;
    this.payments = payments;
    this.refunds = refunds;
  }

  static String outTradeNo(int i) {
    return String.format("20261201B%023d", i);
  }

  static String outRefundNo(int j) {
    return String.format("RF%030d", j);
  }

  static long amount(int i) {
    return 100 + i % 1000;
  }

  /** When order {@code i} was paid: spread over the day's first 20 hours. */
  static Instant paidAt(Instant dayStart, int i, int payments) {
    return dayStart.plusMillis(1000L + (72_000_000L * i) / Math.max(1, payments));
  }

  /** The same lines as {@link BillFileLine}s, made one by one (nothing held). */
  static Iterator<BillFileLine> fileLines(Instant start, int payments, int refunds) {
    SyntheticBill rows = new SyntheticBill(null, start, payments, refunds);
    return new Iterator<>() {
      BillRow next = rows.next();

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public BillFileLine next() {
        BillRow r = next;
        if (r == null) throw new NoSuchElementException();
        next = rows.next();
        return r.kind() == BillRow.Kind.PAYMENT
            ? BillFileLine.payment(r.time(), r.transactionId(), r.outTradeNo(), r.amount(), r.fee())
            : BillFileLine.refund(r.time(), r.transactionId(), r.outTradeNo(), r.refundId(),
                r.outRefundNo(), r.amount(), -r.fee());
      }
    };
  }

  @Override
  public Provider provider() {
    return Provider.WXPAY;
  }

  @Override
  public LocalDate day() {
    return day;
  }

  @Override
  public BillRow next() {
    long n = line++;
    if (n < payments) {
      int i = (int) n;
      long amount = amount(i);
      long fee = amount * 6 / 1000;
      paymentTotal += amount;
      fees += fee;
      return new BillRow(BillRow.Kind.PAYMENT, paidAt(start, i, payments), APPID, MCHID, "T" + i,
          outTradeNo(i), null, null, amount, fee, "SUCCESS", n + 2);
    }
    if (n < (long) payments + refunds) {
      int j = (int) (n - payments);
      refundTotal += 1;
      return new BillRow(BillRow.Kind.REFUND, paidAt(start, j, payments).plusSeconds(60), APPID,
          MCHID, "T" + j, outTradeNo(j), "R" + j, outRefundNo(j), 1, 0, "REFUND", n + 2);
    }
    done = true;
    return null;
  }

  @Override
  public BillSummary summary() {
    if (!done) throw new IllegalStateException("read the lines first");
    return new BillSummary((long) payments + refunds, paymentTotal, refundTotal, fees);
  }

  @Override
  public void close() {}
}
