package io.unipay.testkit.wechat;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.unipay.testkit.BillFault;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;

/**
 * Writes WeChat Pay bill files (v3, {@code ALL} trade bill and fund-flow bill) as the simulator
 * serves them: header, backtick-prefixed fields, totals header and totals line, CRLF line ends;
 * a {@link BillFault} spoils the file on the way. Streams: nothing but the totals is kept.
 */
final class WechatBillFile {
  static final String TRADE_HEADER =
      "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,"
          + "货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,"
          + "商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注";
  static final String TRADE_TOTALS =
      "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额";
  static final String FUND_HEADER =
      "记账时间,微信支付业务单号,资金流水单号,业务名称,业务类型,收支类型,收支金额(元),账户结余(元),资金变更提交申请人,"
          + "备注,业务凭证号";
  static final String FUND_TOTALS = "资金流水总笔数,收入笔数,收入金额,支出笔数,支出金额";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.ofHours(8));
  private static final String EOL = "\r\n";

  /** One line of a simulated fund-flow bill; {@code amount} ≥ 0, the direction says which way. */
  record FundLine(
      Instant time,
      String transactionId,
      String flowId,
      String businessName,
      String businessType,
      boolean income,
      long amount,
      long balance,
      String memo,
      String voucherNo) {}

  private WechatBillFile() {}

  /** The {@code ALL} trade bill of {@code lines}. */
  static void writeTrade(
      String mchid, Iterator<BillLine> lines, int basisPoints, BillFault fault, OutputStream out)
      throws IOException {
    Writer w = new BufferedWriter(new OutputStreamWriter(out, UTF_8), 64 * 1024);
    String header = TRADE_HEADER;
    if (fault == BillFault.UNKNOWN_COLUMN) header += ",优惠标记";
    if (fault == BillFault.CHANGED_HEADER) header = header.replace("商户订单号", "商家订单号");
    w.write(header);
    w.write(EOL);
    String rate = BigDecimal.valueOf(basisPoints, 2).toPlainString() + "%";
    long count = 0, settlement = 0, refunds = 0, fees = 0, totals = 0, applied = 0;
    StringBuilder b = new StringBuilder(400);
    while (lines.hasNext()) {
      BillLine l = lines.next();
      long total = l.refund() ? 0 : l.amount();
      long refund = l.refund() ? l.amount() : 0;
      b.setLength(0);
      field(b, TIME.format(l.time()));
      field(b, l.appid());
      field(b, mchid);
      field(b, "0");
      field(b, "");
      field(b, l.transactionId());
      field(b, l.outTradeNo());
      field(b, l.openid());
      field(b, l.tradeType());
      field(b, l.refund() ? "REFUND" : "SUCCESS");
      field(b, "OTHERS");
      field(b, "CNY");
      field(b, yuan(total));
      field(b, "0.00");
      field(b, l.refund() ? l.refundId() : "0");
      field(b, l.refund() ? l.outRefundNo() : "0");
      field(b, yuan(refund));
      field(b, "0.00");
      field(b, l.refund() ? "ORIGINAL" : "");
      field(b, l.refund() ? l.refundStatus() : "");
      field(b, l.description());
      field(b, l.attach() == null ? "" : l.attach());
      field(b, fee(l.fee()));
      field(b, rate);
      field(b, yuan(total) + (count == 0 && fault == BillFault.MALFORMED_AMOUNT ? "5" : ""));
      field(b, yuan(refund));
      field(b, "");
      if (fault == BillFault.UNKNOWN_COLUMN) field(b, "");
      w.append(b).write(EOL);
      count++;
      settlement += total;
      refunds += refund;
      fees += l.fee();
      totals += total;
      applied += refund;
    }
    if (fault != BillFault.MISSING_TOTALS) {
      w.write(TRADE_TOTALS);
      w.write(EOL);
      if (fault == BillFault.TOTALS_MISMATCH) totals++;
      b.setLength(0);
      field(b, Long.toString(count));
      field(b, yuan(settlement));
      field(b, yuan(refunds));
      field(b, "0.00");
      field(b, fee(fees));
      field(b, yuan(totals));
      field(b, yuan(applied));
      w.append(b).write(EOL);
    }
    w.flush();
  }

  /** The fund-flow bill of {@code lines}. */
  static void writeFundFlow(List<FundLine> lines, BillFault fault, OutputStream out)
      throws IOException {
    Writer w = new BufferedWriter(new OutputStreamWriter(out, UTF_8));
    String header = FUND_HEADER;
    if (fault == BillFault.UNKNOWN_COLUMN) header += ",备注2";
    if (fault == BillFault.CHANGED_HEADER) header = header.replace("业务凭证号", "商户单号");
    w.write(header);
    w.write(EOL);
    long incomeCount = 0, income = 0, expenseCount = 0, expense = 0;
    StringBuilder b = new StringBuilder(300);
    for (FundLine l : lines) {
      b.setLength(0);
      field(b, TIME.format(l.time()));
      field(b, l.transactionId());
      field(b, l.flowId());
      field(b, l.businessName());
      field(b, l.businessType());
      field(b, l.income() ? "收入" : "支出");
      boolean first = incomeCount + expenseCount == 0;
      field(b, yuan(l.amount()) + (first && fault == BillFault.MALFORMED_AMOUNT ? "5" : ""));
      field(b, yuan(l.balance()));
      field(b, "system");
      field(b, l.memo());
      field(b, l.voucherNo());
      if (fault == BillFault.UNKNOWN_COLUMN) field(b, "");
      w.append(b).write(EOL);
      if (l.income()) {
        incomeCount++;
        income += l.amount();
      } else {
        expenseCount++;
        expense += l.amount();
      }
    }
    if (fault != BillFault.MISSING_TOTALS) {
      w.write(FUND_TOTALS);
      w.write(EOL);
      if (fault == BillFault.TOTALS_MISMATCH) income++;
      b.setLength(0);
      field(b, Long.toString(incomeCount + expenseCount));
      field(b, Long.toString(incomeCount));
      field(b, yuan(income));
      field(b, Long.toString(expenseCount));
      field(b, yuan(expense));
      w.append(b).write(EOL);
    }
    w.flush();
  }

  private static void field(StringBuilder b, String value) {
    if (b.length() > 0) b.append(',');
    b.append('`').append(value);
  }

  static String yuan(long fen) {
    return BigDecimal.valueOf(fen, 2).toPlainString();
  }

  /** Fees are written with five decimals, as WeChat Pay does ({@code 0.06000}). */
  private static String fee(long fen) {
    return BigDecimal.valueOf(fen, 2).setScale(5).toPlainString();
  }
}
