package io.unipay.alipay.bill;

import io.unipay.core.bill.BillRow;
import io.unipay.core.internal.LogSafe;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code …_业务明细.csv} file of an Alipay trade bill, read row by row. */
final class DetailFile extends BillSection {
  static final String LIST = "业务明细列表";
  static final String LIST_END = "业务明细列表结束";
  private static final Pattern TRADES =
      Pattern.compile("#交易合计：([0-9]+)笔，商家实收共(-?[0-9.]+)元，商家优惠共(-?[0-9.]+)元");
  private static final Pattern REFUNDS =
      Pattern.compile("#退款合计：([0-9]+)笔，商家实收退款共(-?[0-9.]+)元，商家优惠退款共(-?[0-9.]+)元");

  // Column positions in AlipayTradeBillParser.DETAIL_COLUMNS.
  private static final int TRADE_NO = 0, OUT_TRADE_NO = 1, TYPE = 2, CREATED = 4, DONE = 5;
  private static final int ORDER = 11, RECEIVED = 12, ALIPAY_DISCOUNT = 15, MERCHANT_DISCOUNT = 16;
  private static final int CARD = 20, REQUEST_NO = 21, FEE = 22, SHARE = 23;
  private static final int[] AMOUNTS = {11, 12, 13, 14, 15, 16, 17, 19, 20, 22, 23};

  private final List<String> columns = AlipayTradeBillParser.DETAIL_COLUMNS;
  private final String merchant;
  private boolean started;
  private boolean ended;

  /** Running sums of the lines, signed as in the file, for the 汇总 file's 合计 row. */
  final Sums all = new Sums();

  long payments;
  long refunds;
  long paymentTotal;
  long refundTotal;
  long feeTotal;
  private long paymentReceived;
  private long paymentMerchantDiscount;
  private long refundReceived;
  private long refundMerchantDiscount;

  /** Signed column sums. */
  static final class Sums {
    long order;
    long received;
    long alipayDiscount;
    long merchantDiscount;
    long card;
    long fee;
    long share;
  }

  DetailFile(InputStream in, LocalDate day, String merchant, String name) {
    super(in, new BillText("Alipay trade bill " + day + " (" + name + ")"), day);
    this.merchant = merchant;
  }

  /** The next row, or null once the trailer was read and checked. */
  BillRow next() {
    if (ended) return null;
    if (!started) {
      preamble("#支付宝业务明细查询", LIST, columns);
      if (merchant != null && !account().startsWith(merchant)) {
        throw malformed("the bill is for account " + account() + ", not seller " + merchant);
      }
      started = true;
    }
    String line = requiredLine("the end of its list (#---" + LIST_END + "---)");
    if (line.startsWith("#")) {
      if (!dashes(line, LIST_END)) throw malformed("not the closing line of the " + LIST);
      trailer();
      exported();
      ended = true;
      return null;
    }
    return row(number(), line);
  }

  private BillRow row(long n, String line) {
    List<String> f = text.fields(n, line, columns.size());
    boolean refund =
        switch (f.get(TYPE)) {
          case "交易" -> false;
          case "退款" -> true;
          default ->
              throw text.malformed(n, columns.get(TYPE), "not 交易 or 退款: "
                  + LogSafe.quote(f.get(TYPE)));
        };
    long[] amounts = new long[columns.size()];
    for (int column : AMOUNTS) amounts[column] = text.fen(n, columns.get(column), f.get(column));
    long order = amounts[ORDER];
    long fee = amounts[FEE];
    String requestNo = f.get(REQUEST_NO);
    text.time(n, columns.get(CREATED), f.get(CREATED));
    if (refund) {
      if (order >= 0) throw text.malformed(n, columns.get(ORDER), "a refund line must be < 0");
      if (fee < 0) throw text.malformed(n, columns.get(FEE), "a refund returns the fee: >= 0");
      text.required(n, columns.get(REQUEST_NO), requestNo);
      refunds++;
      refundTotal = Math.addExact(refundTotal, -order);
      refundReceived = Math.addExact(refundReceived, amounts[RECEIVED]);
      refundMerchantDiscount = Math.addExact(refundMerchantDiscount, amounts[MERCHANT_DISCOUNT]);
    } else {
      if (order <= 0) throw text.malformed(n, columns.get(ORDER), "a trade line must be > 0");
      if (fee > 0) throw text.malformed(n, columns.get(FEE), "a trade's fee is charged: <= 0");
      if (!requestNo.isEmpty()) {
        throw text.malformed(n, columns.get(REQUEST_NO), "a trade line carries a refund number");
      }
      payments++;
      paymentTotal = Math.addExact(paymentTotal, order);
      paymentReceived = Math.addExact(paymentReceived, amounts[RECEIVED]);
      paymentMerchantDiscount = Math.addExact(paymentMerchantDiscount, amounts[MERCHANT_DISCOUNT]);
    }
    feeTotal = Math.addExact(feeTotal, -fee);
    all.order = Math.addExact(all.order, order);
    all.received = Math.addExact(all.received, amounts[RECEIVED]);
    all.alipayDiscount = Math.addExact(all.alipayDiscount, amounts[ALIPAY_DISCOUNT]);
    all.merchantDiscount = Math.addExact(all.merchantDiscount, amounts[MERCHANT_DISCOUNT]);
    all.card = Math.addExact(all.card, amounts[CARD]);
    all.fee = Math.addExact(all.fee, fee);
    all.share = Math.addExact(all.share, amounts[SHARE]);
    return new BillRow(
        refund ? BillRow.Kind.REFUND : BillRow.Kind.PAYMENT,
        text.time(n, columns.get(DONE), f.get(DONE)),
        null,
        account().substring(0, 16),
        text.required(n, columns.get(TRADE_NO), f.get(TRADE_NO)),
        text.required(n, columns.get(OUT_TRADE_NO), f.get(OUT_TRADE_NO)),
        null,
        refund ? requestNo : null,
        refund ? -order : order,
        -fee,
        "SUCCESS",
        n);
  }

  private void trailer() {
    Matcher t = TRADES.matcher(requiredLine("its #交易合计 line"));
    if (!t.matches()) throw malformed("not a #交易合计 line");
    long n = number();
    text.same(n, "交易合计", text.count(n, "交易合计", t.group(1)), payments, false);
    text.same(n, "商家实收", text.fen(n, "商家实收", t.group(2)), paymentReceived, true);
    text.same(n, "商家优惠", text.fen(n, "商家优惠", t.group(3)), paymentMerchantDiscount, true);
    Matcher r = REFUNDS.matcher(requiredLine("its #退款合计 line"));
    if (!r.matches()) throw malformed("not a #退款合计 line");
    n = number();
    text.same(n, "退款合计", text.count(n, "退款合计", r.group(1)), refunds, false);
    text.same(n, "商家实收退款", text.fen(n, "商家实收退款", r.group(2)), refundReceived, true);
    text.same(n, "商家优惠退款", text.fen(n, "商家优惠退款", r.group(3)), refundMerchantDiscount, true);
  }
}
