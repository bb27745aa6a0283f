package io.unipay.alipay.bill;

import java.io.InputStream;
import java.time.LocalDate;
import java.util.List;

/**
 * The {@code …_业务明细(汇总).csv} file of an Alipay trade bill: one row per store, then the {@code
 * 合计} row, which is kept to be checked against the 业务明细 lines.
 */
final class SummaryFile extends BillSection {
  static final String LIST = "业务汇总列表";
  static final String LIST_END = "业务汇总列表结束";

  private final List<String> columns = AlipayTradeBillParser.SUMMARY_COLUMNS;
  /** The 合计 row's fields: counts at 2 and 3, amounts from 4 (fen). */
  long trades;
  long refunds;
  final long[] amounts = new long[12];
  long totalLine;

  SummaryFile(InputStream in, LocalDate day, String name) {
    super(in, new BillText("Alipay trade bill " + day + " (" + name + ")"), day);
  }

  /** Reads the whole file (a few lines per store). */
  void read() {
    preamble("#支付宝业务汇总查询", LIST, columns);
    boolean total = false;
    while (true) {
      String line = requiredLine("the end of its list (#---" + LIST_END + "---)");
      if (line.startsWith("#")) {
        if (!dashes(line, LIST_END)) throw malformed("not the closing line of the " + LIST);
        break;
      }
      long n = number();
      if (total) throw text.malformed(n, null, "a line after the 合计 line");
      List<String> f = text.fields(n, line, columns.size());
      long[] values = new long[columns.size()];
      values[2] = text.count(n, columns.get(2), f.get(2));
      values[3] = text.count(n, columns.get(3), f.get(3));
      for (int i = 4; i < columns.size(); i++) values[i] = text.fen(n, columns.get(i), f.get(i));
      if (f.get(0).equals("合计")) {
        total = true;
        totalLine = n;
        trades = values[2];
        refunds = values[3];
        System.arraycopy(values, 0, amounts, 0, values.length);
      }
    }
    if (!total) throw malformed("the 汇总 list has no 合计 line");
    exported();
  }

  /** Checks the 合计 row against the detail file's lines. */
  void check(DetailFile detail) {
    long n = totalLine;
    text.same(n, columns.get(2), trades, detail.payments, false);
    text.same(n, columns.get(3), refunds, detail.refunds, false);
    DetailFile.Sums s = detail.all;
    long[] computed = {s.order, s.received, s.alipayDiscount, s.merchantDiscount, s.card, s.fee,
        s.share};
    for (int i = 0; i < computed.length; i++) {
      text.same(n, columns.get(4 + i), amounts[4 + i], computed[i], true);
    }
  }
}
