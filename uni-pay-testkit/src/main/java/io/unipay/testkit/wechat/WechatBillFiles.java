package io.unipay.testkit.wechat;

import static java.util.Objects.requireNonNull;

import io.unipay.testkit.BillFileLine;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;

/**
 * WeChat Pay trade bill files in the simulator's format (the {@code ALL} bill as {@code
 * /v3/billdownload/file} serves it, decompressed: header, backtick-prefixed fields, the totals
 * section, CRLF line ends, UTF-8), written from any lines as a stream — for tests and benchmarks
 * that need a real-format file of their own rows (e.g. a million lines written to disk, then read
 * by the client's parser). Payments are {@code SUCCESS}, refunds {@code REFUND} with refund status
 * {@code SUCCESS}, all {@code NATIVE}, fee rate shown as 0.60 %.
 */
public final class WechatBillFiles {
  private static final int RATE_BASIS_POINTS = 60;

  private WechatBillFiles() {}

  /**
   * Writes the trade bill of {@code lines} for merchant {@code mchid} and app {@code appid} to
   * {@code csv} (not compressed: wrap it in a {@code GZIPOutputStream} for the downloaded form).
   * Only the totals are kept while writing; {@code csv} is flushed, not closed.
   */
  public static void writeTradeBill(
      String mchid, String appid, Iterator<BillFileLine> lines, OutputStream csv)
      throws IOException {
    requireNonNull(mchid, "mchid == null");
    requireNonNull(appid, "appid == null");
    requireNonNull(lines, "lines == null");
    requireNonNull(csv, "csv == null");
    Iterator<BillLine> converted = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return lines.hasNext();
      }

      @Override
      public BillLine next() {
        BillFileLine l = lines.next();
        return new BillLine(l.refund(), l.time(), appid, l.transactionId(), l.outTradeNo(),
            "oBillFilePayer", "NATIVE", l.refund() ? l.refundId() : null,
            l.refund() ? l.outRefundNo() : null, l.refund() ? "SUCCESS" : null, l.amount(),
            l.fee(), "bill file item", null);
      }
    };
    WechatBillFile.writeTrade(mchid, converted, RATE_BASIS_POINTS, null, csv);
  }
}
