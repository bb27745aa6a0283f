package io.unipay.wechat.bill;

import io.unipay.core.internal.LogSafe;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.List;

/** The streaming reader behind {@link WechatFundFlowBillParser}. Not thread-safe. */
final class FundFlowBillReader extends BillReader<FundFlowRow> implements FundFlowBill {
  private static final List<String> COLUMNS = WechatFundFlowBillParser.COLUMNS;
  private static final List<String> TOTALS = WechatFundFlowBillParser.TOTALS_COLUMNS;

  private final LocalDate day;
  private final FundAccount account;
  private long rows;
  private long incomeCount;
  private long incomeTotal;
  private long expenseCount;
  private long expenseTotal;
  private FundFlowSummary summary;

  FundFlowBillReader(InputStream in, LocalDate day, FundAccount account, Runnable atEnd) {
    super(
        in,
        new BillText("WeChat Pay fund-flow bill " + day + " " + account),
        COLUMNS,
        TOTALS,
        atEnd);
    this.day = day;
    this.account = account;
  }

  @Override
  public LocalDate day() {
    return day;
  }

  @Override
  public FundAccount account() {
    return account;
  }

  @Override
  public FundFlowRow next() {
    return nextRow();
  }

  @Override
  public FundFlowSummary summary() {
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
  String normaliseHeader(String line) {
    return line.replace('（', '(').replace('）', ')');
  }

  @Override
  FundFlowRow row(long n, String line) {
    List<String> f = text.fields(n, line, COLUMNS.size(), COLUMNS);
    FundFlowRow.Direction direction =
        switch (f.get(5)) {
          case "收入" -> FundFlowRow.Direction.INCOME;
          case "支出" -> FundFlowRow.Direction.EXPENSE;
          default ->
              throw text.malformed(
                  n, COLUMNS.get(5), "not 收入 or 支出: " + LogSafe.quote(f.get(5)));
        };
    long amount = text.fen(n, COLUMNS.get(6), f.get(6), 2, false);
    FundFlowRow row =
        new FundFlowRow(
            text.time(n, COLUMNS.get(0), f.get(0)),
            text.required(n, COLUMNS.get(1), f.get(1)),
            text.required(n, COLUMNS.get(2), f.get(2)),
            text.required(n, COLUMNS.get(3), f.get(3)),
            text.required(n, COLUMNS.get(4), f.get(4)),
            direction,
            amount,
            text.fen(n, COLUMNS.get(7), f.get(7), 2, true),
            f.get(8),
            f.get(9),
            f.get(10),
            n);
    rows++;
    if (direction == FundFlowRow.Direction.INCOME) {
      incomeCount++;
      incomeTotal = Math.addExact(incomeTotal, amount);
    } else {
      expenseCount++;
      expenseTotal = Math.addExact(expenseTotal, amount);
    }
    return row;
  }

  @Override
  void totals(long n, String line) {
    List<String> f = text.fields(n, line, TOTALS.size(), TOTALS);
    text.same(n, TOTALS.get(0), text.count(n, TOTALS.get(0), f.get(0)), rows, false);
    text.same(n, TOTALS.get(1), text.count(n, TOTALS.get(1), f.get(1)), incomeCount, false);
    text.same(n, TOTALS.get(2), text.fen(n, TOTALS.get(2), f.get(2), 2, false), incomeTotal, true);
    text.same(n, TOTALS.get(3), text.count(n, TOTALS.get(3), f.get(3)), expenseCount, false);
    text.same(n, TOTALS.get(4), text.fen(n, TOTALS.get(4), f.get(4), 2, false), expenseTotal, true);
    summary = new FundFlowSummary(rows, incomeCount, incomeTotal, expenseCount, expenseTotal);
  }
}
