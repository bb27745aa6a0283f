package io.unipay.wechat.bill;

import io.unipay.core.bill.BillRow;
import io.unipay.core.bill.BillSummary;
import io.unipay.core.bill.TradeBill;
import io.unipay.core.internal.LogSafe;
import io.unipay.core.order.Provider;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;

/** The streaming state machine behind {@link WechatTradeBillParser}. Not thread-safe. */
final class TradeBillReader extends BillReader<BillRow> implements TradeBill {
  private static final List<String> COLUMNS = WechatTradeBillParser.COLUMNS;
  private static final List<String> TOTALS = WechatTradeBillParser.TOTALS_COLUMNS;
  private static final Pattern RATE = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,6})?%");
  private static final Pattern STATE = Pattern.compile("[A-Z][A-Z_]{0,31}");

  // Column positions in COLUMNS.
  private static final int TIME = 0, APP = 1, MCH = 2, TRANSACTION = 5, OUT_TRADE_NO = 6;
  private static final int TRADE_STATE = 9, SETTLEMENT = 12, COUPON = 13, REFUND_ID = 14;
  private static final int OUT_REFUND_NO = 15, REFUND = 16, RECHARGE_REFUND = 17;
  private static final int REFUND_STATE = 19, FEE = 22, RATE_COLUMN = 23, TOTAL = 24;
  private static final int REFUND_APPLIED = 25;

  private final LocalDate day;
  private final String merchant;

  private long rows;
  private long settlement;
  private long refunds;
  private long rechargeRefunds;
  private long fees;
  private long totals;
  private long refundsApplied;
  private long payments;
  private BillSummary summary;

  TradeBillReader(InputStream in, LocalDate day, String merchant, Runnable atEnd) {
    super(in, new BillText("WeChat Pay trade bill " + day), COLUMNS, TOTALS, atEnd);
    this.day = day;
    this.merchant = merchant;
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
    return nextRow();
  }

  @Override
  public BillSummary summary() {
    if (!done()) {
      throw new IllegalStateException(
          "the totals of " + text.what() + " are known once next() has returned null");
    }
    return summary;
  }

  @Override
  public void close() {
    closeStream();
  }

  @Override
  BillRow row(long n, String line) {
    List<String> f = text.fields(n, line, COLUMNS.size(), COLUMNS);
    String state = f.get(TRADE_STATE);
    boolean refund = switch (state) {
      case "SUCCESS", "REVOKED" -> false;
      case "REFUND" -> true;
      default -> throw text.malformed(n, COLUMNS.get(TRADE_STATE),
          "not SUCCESS, REVOKED or REFUND: " + LogSafe.quote(state));
    };
    String mchid = text.required(n, COLUMNS.get(MCH), f.get(MCH));
    if (merchant != null && !merchant.equals(mchid)) {
      throw text.malformed(n, COLUMNS.get(MCH), "the line is for merchant " + LogSafe.quote(mchid)
          + ", not " + merchant);
    }
    long settled = amount(n, f, SETTLEMENT);
    amount(n, f, COUPON);
    long refunded = amount(n, f, REFUND);
    long rechargeRefunded = amount(n, f, RECHARGE_REFUND);
    long fee = text.fen(n, COLUMNS.get(FEE), f.get(FEE), 5, true);
    if (!RATE.matcher(f.get(RATE_COLUMN)).matches()) {
      throw text.malformed(n, COLUMNS.get(RATE_COLUMN), "not a rate like 0.60%: "
          + LogSafe.quote(f.get(RATE_COLUMN)));
    }
    long total = amount(n, f, TOTAL);
    long applied = amount(n, f, REFUND_APPLIED);
    String refundId = f.get(REFUND_ID);
    String outRefundNo = f.get(OUT_REFUND_NO);
    String status;
    long amount;
    if (refund) {
      refundId = id(n, REFUND_ID, refundId);
      outRefundNo = id(n, OUT_REFUND_NO, outRefundNo);
      status = f.get(REFUND_STATE);
      if (!STATE.matcher(status).matches()) {
        throw text.malformed(n, COLUMNS.get(REFUND_STATE), "not a refund state: "
            + LogSafe.quote(status));
      }
      if (applied <= 0) throw text.malformed(n, COLUMNS.get(REFUND_APPLIED), "must be above 0");
      if (fee > 0) throw text.malformed(n, COLUMNS.get(FEE), "a refund returns a fee: must be <= 0");
      amount = applied;
    } else {
      if (!noRefund(refundId) || !noRefund(outRefundNo)) {
        throw text.malformed(n, COLUMNS.get(noRefund(refundId) ? OUT_REFUND_NO : REFUND_ID),
            "a payment line carries a refund id");
      }
      if (refunded != 0 || applied != 0) {
        throw text.malformed(n, COLUMNS.get(refunded != 0 ? REFUND : REFUND_APPLIED),
            "a payment line carries a refund amount");
      }
      if (total <= 0) throw text.malformed(n, COLUMNS.get(TOTAL), "must be above 0");
      if (fee < 0) throw text.malformed(n, COLUMNS.get(FEE), "a payment's fee must be >= 0");
      refundId = null;
      outRefundNo = null;
      status = state;
      amount = total;
      payments = Math.addExact(payments, total);
    }
    BillRow row = new BillRow(
        refund ? BillRow.Kind.REFUND : BillRow.Kind.PAYMENT,
        text.time(n, COLUMNS.get(TIME), f.get(TIME)),
        f.get(APP).isEmpty() ? null : f.get(APP),
        mchid,
        text.required(n, COLUMNS.get(TRANSACTION), f.get(TRANSACTION)),
        text.required(n, COLUMNS.get(OUT_TRADE_NO), f.get(OUT_TRADE_NO)),
        refundId,
        outRefundNo,
        amount,
        fee,
        status,
        n);
    rows++;
    settlement = Math.addExact(settlement, settled);
    refunds = Math.addExact(refunds, refunded);
    rechargeRefunds = Math.addExact(rechargeRefunds, rechargeRefunded);
    fees = Math.addExact(fees, fee);
    totals = Math.addExact(totals, total);
    refundsApplied = Math.addExact(refundsApplied, applied);
    return row;
  }

  private long amount(long n, List<String> f, int column) {
    return text.fen(n, COLUMNS.get(column), f.get(column), 2, false);
  }

  private static boolean noRefund(String id) {
    return id.isEmpty() || id.equals("0");
  }

  private String id(long n, int column, String value) {
    if (noRefund(value)) throw text.malformed(n, COLUMNS.get(column), "a refund line needs it");
    return value;
  }

  @Override
  void totals(long n, String line) {
    List<String> f = text.fields(n, line, TOTALS.size(), TOTALS);
    text.same(n, TOTALS.get(0), text.count(n, TOTALS.get(0), f.get(0)), rows, false);
    long[] computed = {settlement, refunds, rechargeRefunds, fees, totals, refundsApplied};
    for (int i = 1; i < TOTALS.size(); i++) {
      long stated = text.fen(n, TOTALS.get(i), f.get(i), i == 4 ? 5 : 2, i == 4);
      text.same(n, TOTALS.get(i), stated, computed[i - 1], true);
    }
    summary = new BillSummary(rows, payments, refundsApplied, fees);
  }
}
