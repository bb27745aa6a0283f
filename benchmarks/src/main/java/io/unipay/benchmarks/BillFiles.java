package io.unipay.benchmarks;

import io.unipay.alipay.bill.AlipayTradeBillParser;
import io.unipay.core.bill.TradeBill;
import io.unipay.testkit.alipay.AlipayBillFiles;
import io.unipay.testkit.wechat.WechatBillFiles;
import io.unipay.wechat.bill.WechatTradeBillParser;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The {@link SyntheticBill}'s lines as real provider files on disk, written as a stream (a million
 * lines are never in memory) by the testkit's writers, and opened with the clients' public
 * parsers, which read them as a stream too.
 */
final class BillFiles {
  private static final int BUFFER = 64 * 1024;

  private BillFiles() {}

  /** A WeChat Pay trade bill, gzip'd as it is downloaded. */
  static Path writeWechat(Instant dayStart, int payments, int refunds) throws IOException {
    Path file = Files.createTempFile("unipay-bench-wechat-bill", ".csv.gz");
    long t0 = System.nanoTime();
    OutputStream disk = new BufferedOutputStream(Files.newOutputStream(file), BUFFER);
    try (OutputStream out = new GZIPOutputStream(disk, BUFFER)) {
      WechatBillFiles.writeTradeBill(SyntheticBill.MCHID, SyntheticBill.APPID,
          SyntheticBill.fileLines(dayStart, payments, refunds), out);
    }
    written(file, t0);
    return file;
  }

  /** An Alipay trade bill: the ZIP of the GBK detail and summary files. */
  static Path writeAlipay(LocalDate day, Instant dayStart, int payments, int refunds)
      throws IOException {
    Path file = Files.createTempFile("unipay-bench-alipay-bill", ".zip");
    long t0 = System.nanoTime();
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), BUFFER)) {
      Instant exportedAt = dayStart.plusSeconds(86_400 + 3_600);
      AlipayBillFiles.writeTradeBill(SyntheticBill.ALIPAY_SELLER, day,
          SyntheticBill.fileLines(dayStart, payments, refunds), exportedAt, out);
    }
    written(file, t0);
    return file;
  }

  /** The WeChat file as the client reads a download: decompressed, then the strict parser. */
  static TradeBill openWechat(Path file, LocalDate day) {
    InputStream in = open(file);
    try {
      return WechatTradeBillParser.forDay(day).merchant(SyntheticBill.MCHID)
          .open(new GZIPInputStream(in, BUFFER));
    } catch (IOException e) {
      close(in);
      throw new UncheckedIOException(e);
    }
  }

  /** The Alipay ZIP through the strict parser. */
  static TradeBill openAlipay(Path file, LocalDate day) {
    return AlipayTradeBillParser.forDay(day).seller(SyntheticBill.ALIPAY_SELLER).open(open(file));
  }

  private static InputStream open(Path file) {
    try {
      return new BufferedInputStream(Files.newInputStream(file), BUFFER);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void close(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // failing anyway
    }
  }

  private static void written(Path file, long t0) throws IOException {
    System.out.printf(Locale.ROOT, "wrote %s (%,d bytes) in %.1f s%n", file.getFileName(),
        Files.size(file), (System.nanoTime() - t0) / 1e9);
  }
}
