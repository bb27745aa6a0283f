package io.unipay.testkit.alipay;

import io.unipay.testkit.BillFault;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes the ZIP of an Alipay trade bill as the simulator serves it: {@code
 * <account>_<yyyyMMdd>_业务明细.csv} then {@code …_业务明细(汇总).csv}, GBK text and GBK entry names,
 * {@code #} preamble and trailer lines, ids followed by a tab, CRLF line ends. Streams: the lines
 * come from an iterator, only the totals are kept. A {@link BillFault} spoils the file.
 */
final class AlipayBillFile {
  static final Charset GBK = Charset.forName("GBK");
  static final String DETAIL_HEADER =
      "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,"
          + "订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,"
          + "券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,"
          + "分润（元）,备注";
  static final String SUMMARY_HEADER =
      "门店编号,门店名称,交易订单总笔数,退款订单总笔数,订单金额（元）,商家实收（元）,支付宝优惠（元）,"
          + "商家优惠（元）,卡消费金额（元）,服务费（元）,分润（元）,实收净额（元）";
  private static final String EOL = "\r\n";
  private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(CHINA);
  private static final DateTimeFormatter CN_DATE = DateTimeFormatter.ofPattern("yyyy年MM月dd日");
  private static final DateTimeFormatter CN_TIME =
      DateTimeFormatter.ofPattern("yyyy年MM月dd日 HH:mm:ss").withZone(CHINA);

  private AlipayBillFile() {}

  /** The ZIP of the bill of {@code day} for {@code account}, written to {@code out}. */
  static void write(String account, LocalDate day, Iterator<AlipayBillLine> lines,
      BillFault fault, Instant exportedAt, OutputStream out) throws IOException {
    String date = DateTimeFormatter.BASIC_ISO_DATE.format(day);
    ZipOutputStream zip = new ZipOutputStream(out, GBK);
    zip.putNextEntry(new ZipEntry(account + "_" + date + "_业务明细.csv"));
    Writer w = new BufferedWriter(new OutputStreamWriter(zip, GBK), 64 * 1024);
    preamble(w, "#支付宝业务明细查询", account, day, "业务明细列表", "-".repeat(40));
    String header = DETAIL_HEADER;
    if (fault == BillFault.UNKNOWN_COLUMN) header += ",优惠标记";
    if (fault == BillFault.CHANGED_HEADER) header = header.replace("商户订单号", "商家订单号");
    w.write(header + EOL);
    long trades = 0, refunds = 0, tradeReceived = 0, refundReceived = 0, fees = 0;
    StringBuilder b = new StringBuilder(400);
    while (lines.hasNext()) {
      AlipayBillLine l = lines.next();
      long signed = l.refund() ? -l.amount() : l.amount();
      long fee = l.refund() ? l.fee() : -l.fee();
      String amount = yuan(signed);
      if (trades + refunds == 0 && fault == BillFault.MALFORMED_AMOUNT) amount += "5";
      b.setLength(0);
      b.append(l.tradeNo()).append("\t,").append(l.outTradeNo()).append("\t,")
          .append(l.refund() ? "退款" : "交易").append("\t,").append(quote(l.subject())).append(',')
          .append(TIME.format(l.createdAt())).append(',').append(TIME.format(l.doneAt()))
          .append(",\t,\t,\t,\t,**付(159******20)\t,").append(amount).append(',')
          .append(yuan(signed)).append(",0.00,0.00,0.00,0.00,0.00,,0.00\t,0.00,")
          .append(l.refund() ? l.requestNo() : "").append("\t,").append(yuan(fee))
          .append(",0.00,").append(quote(l.subject()));
      if (fault == BillFault.UNKNOWN_COLUMN) b.append(',');
      w.append(b).write(EOL);
      if (l.refund()) {
        refunds++;
        refundReceived += signed;
      } else {
        trades++;
        tradeReceived += signed;
      }
      fees += fee;
    }
    if (fault == BillFault.MISSING_TOTALS) {
      w.flush();
      zip.closeEntry();
      zip.finish();
      return;
    }
    w.write("#" + "-".repeat(41) + "业务明细列表结束" + "-".repeat(36) + EOL);
    w.write("#交易合计：" + trades + "笔，商家实收共" + yuan(tradeReceived) + "元，商家优惠共0.00元" + EOL);
    w.write("#退款合计：" + refunds + "笔，商家实收退款共" + yuan(refundReceived) + "元，商家优惠退款共0.00元" + EOL);
    w.write("#导出时间：[" + CN_TIME.format(exportedAt) + "]" + EOL);
    w.flush();
    zip.closeEntry();

    zip.putNextEntry(new ZipEntry(account + "_" + date + "_业务明细(汇总).csv"));
    preamble(w, "#支付宝业务汇总查询", account, day, "业务汇总列表", "-".repeat(40));
    w.write(SUMMARY_HEADER + EOL);
    long received = tradeReceived + refundReceived;
    long order = received + (fault == BillFault.TOTALS_MISMATCH ? 1 : 0);
    w.write("合计,," + trades + "," + refunds + "," + yuan(order) + "," + yuan(received)
        + ",0.00,0.00,0.00," + yuan(fees) + ",0.00," + yuan(received + fees) + EOL);
    w.write("#" + "-".repeat(40) + "业务汇总列表结束" + "-".repeat(37) + EOL);
    w.write("#导出时间：[" + CN_TIME.format(exportedAt) + "]" + EOL);
    w.flush();
    zip.closeEntry();
    zip.finish();
  }

  private static void preamble(
      Writer w, String title, String account, LocalDate day, String list, String dashes)
      throws IOException {
    w.write(title + EOL);
    w.write("#账号：[" + account + "]" + EOL);
    w.write("#起始日期：[" + CN_DATE.format(day) + " 00:00:00]   终止日期：["
        + CN_DATE.format(day.plusDays(1)) + " 00:00:00]" + EOL);
    w.write("#-" + dashes + list + dashes + EOL);
  }

  /** CSV quoting where a value needs it. */
  static String quote(String value) {
    if (value.indexOf(',') < 0 && value.indexOf('"') < 0) return value;
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  static String yuan(long fen) {
    return BigDecimal.valueOf(fen, 2).toPlainString();
  }
}
