package io.unipay.testkit.alipay;

import static java.util.Objects.requireNonNull;

import io.unipay.testkit.BillFileLine;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;

/**
 * Alipay trade bill files in the simulator's format (the ZIP that {@code bill_download_url} serves:
 * the {@code 业务明细} and {@code 业务明细(汇总)} CSVs in GBK, with their {@code #} preamble and
 * trailer lines), written from any lines as a stream — for tests and benchmarks that need a
 * real-format file of their own rows. A refund's {@code outRefundNo} is its 退款批次号; the file has
 * no refund id (Alipay's has none) and no app id.
 */
public final class AlipayBillFiles {
  private AlipayBillFiles() {}

  /**
   * Writes the ZIP of the bill of {@code day} for the account of {@code sellerId} (2088…) to
   * {@code zip}. Only the totals are kept while writing; {@code zip} is finished, not closed.
   *
   * @param exportedAt the {@code #导出时间} the files name
   */
  public static void writeTradeBill(
      String sellerId, LocalDate day, Iterator<BillFileLine> lines, Instant exportedAt,
      OutputStream zip) throws IOException {
    requireNonNull(sellerId, "sellerId == null");
    requireNonNull(day, "day == null");
    requireNonNull(lines, "lines == null");
    requireNonNull(exportedAt, "exportedAt == null");
    requireNonNull(zip, "zip == null");
    Iterator<AlipayBillLine> converted = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return lines.hasNext();
      }

      @Override
      public AlipayBillLine next() {
        BillFileLine l = lines.next();
        // AlipayBillLine's fee is positive for both kinds: charged on a payment, returned on a
        // refund.
        return new AlipayBillLine(l.refund(), l.transactionId(), l.outTradeNo(), "bill file item",
            l.time(), l.time(), l.amount(), Math.abs(l.fee()), l.refund() ? l.outRefundNo() : null);
      }
    };
    AlipayBillFile.write(sellerId + "0156", day, converted, null, exportedAt, zip);
  }
}
