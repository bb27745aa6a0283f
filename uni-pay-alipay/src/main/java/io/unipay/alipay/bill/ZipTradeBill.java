package io.unipay.alipay.bill;

import io.unipay.core.UniPayException;
import io.unipay.core.bill.BillRow;
import io.unipay.core.bill.BillSummary;
import io.unipay.core.bill.TradeBill;
import io.unipay.core.internal.LogSafe;
import io.unipay.core.order.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** The ZIP of an Alipay trade bill, entry by entry; see {@link AlipayTradeBillParser}. */
final class ZipTradeBill implements TradeBill {
  private static final int MAX_ENTRIES = 2;

  private final LocalDate day;
  private final String seller;
  private final String date;
  private final BillText text;
  private final ZipInputStream zip;

  private DetailFile detail;
  private boolean detailDone;
  private SummaryFile summaryFile;
  private String detailAccount;
  private int entries;
  private boolean done;
  private boolean closed;
  private UniPayException failure;
  private BillSummary summary;

  ZipTradeBill(InputStream in, LocalDate day, String seller) {
    this.day = day;
    this.seller = seller;
    this.date = DateTimeFormatter.BASIC_ISO_DATE.format(day);
    this.text = new BillText("Alipay trade bill " + day);
    this.zip = new ZipInputStream(in, BillSection.GBK);
  }

  @Override
  public Provider provider() {
    return Provider.ALIPAY;
  }

  @Override
  public LocalDate day() {
    return day;
  }

  @Override
  public BillRow next() {
    if (failure != null) throw failure;
    if (done) return null;
    if (closed) throw new IllegalStateException(text.what() + " is closed");
    try {
      while (true) {
        if (detail != null && !detailDone) {
          BillRow row = detail.next();
          if (row != null) return row;
          detailDone = true;
          detailAccount = detail.account();
        }
        ZipEntry entry = nextEntry();
        if (entry == null) {
          finish();
          return null;
        }
        open(entry);
      }
    } catch (ArithmeticException e) {
      throw fail(text.malformed("the amounts add up beyond any real bill", e));
    } catch (UniPayException e) {
      throw fail(e);
    }
  }

  private ZipEntry nextEntry() {
    try {
      return zip.getNextEntry();
    } catch (IOException e) {
      throw text.malformed("the ZIP cannot be read (" + e + ")", e);
    }
  }

  private void open(ZipEntry entry) {
    String name = entry.getName();
    if (++entries > MAX_ENTRIES || entry.isDirectory()) {
      throw text.malformed("unexpected ZIP entry " + LogSafe.quote(name), null);
    }
    if (name.endsWith("_" + date + "_业务明细.csv") && detail == null) {
      detail = new DetailFile(zip, day, seller, name);
    } else if (name.endsWith("_" + date + "_业务明细(汇总).csv") && summaryFile == null) {
      summaryFile = new SummaryFile(zip, day, name);
      summaryFile.read();
    } else {
      throw text.malformed("unexpected ZIP entry " + LogSafe.quote(name)
          + " (expected <account>_" + date + "_业务明细.csv and …_业务明细(汇总).csv)", null);
    }
  }

  private void finish() {
    if (detail == null) {
      throw text.malformed("the ZIP has no _" + date + "_业务明细.csv (truncated, or not a bill)",
          null);
    }
    if (summaryFile == null) {
      throw text.malformed("the ZIP has no _" + date + "_业务明细(汇总).csv (truncated)", null);
    }
    if (!summaryFile.account().equals(detailAccount)) {
      throw text.malformed("the 汇总 file is for account " + summaryFile.account()
          + ", the 业务明细 file for " + detailAccount, null);
    }
    summaryFile.check(detail);
    summary = new BillSummary(
        detail.payments + detail.refunds, detail.paymentTotal, detail.refundTotal, detail.feeTotal);
    done = true;
    close();
  }

  @Override
  public BillSummary summary() {
    if (summary == null) {
      throw new IllegalStateException(
          "the totals of " + text.what() + " are known once next() has returned null");
    }
    return summary;
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    try {
      zip.close();
    } catch (IOException | RuntimeException e) {
      // given up either way
    }
  }

  private UniPayException fail(UniPayException e) {
    failure = e;
    close();
    return e;
  }
}
