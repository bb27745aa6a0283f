package io.unipay.wechat.bill;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.time.LocalDate;
import java.util.List;

/**
 * Reads a WeChat Pay API v3 fund-flow bill (资金账单, the decompressed CSV) as a {@link
 * FundFlowBill}, strictly and as a stream, with the rules of {@link WechatTradeBillParser}: the
 * header is exactly {@link #COLUMNS} (full-width parentheses {@code （元）} are read as {@code (元)},
 * WeChat's documentation shows both), data fields start with a backtick, then the totals header
 * {@link #TOTALS_COLUMNS} and one totals line that must agree with the lines. {@code 收支类型} is
 * {@code 收入} or {@code 支出}; amounts are exact yuan with at most 2 decimals; counts may be written
 * {@code 3} or {@code 3.0}.
 */
public final class WechatFundFlowBillParser {
  /** The header of a fund-flow bill, in order. */
  public static final List<String> COLUMNS =
      List.of(
          "记账时间", "微信支付业务单号", "资金流水单号", "业务名称", "业务类型", "收支类型", "收支金额(元)",
          "账户结余(元)", "资金变更提交申请人", "备注", "业务凭证号");

  /** The header of the totals section, in order. */
  public static final List<String> TOTALS_COLUMNS = List.of("资金流水总笔数", "收入笔数", "收入金额", "支出笔数", "支出金额");

  private final LocalDate day;
  private final FundAccount account;
  private Runnable atEnd = () -> {};

  private WechatFundFlowBillParser(LocalDate day, FundAccount account) {
    this.day = requireNonNull(day, "day == null");
    this.account = requireNonNull(account, "account == null");
  }

  /** A parser for the fund-flow bill of {@code account} on {@code day} (China time). */
  public static WechatFundFlowBillParser forDay(LocalDate day, FundAccount account) {
    return new WechatFundFlowBillParser(day, account);
  }

  /** As {@link WechatTradeBillParser#atEnd(Runnable)}. */
  public WechatFundFlowBillParser atEnd(Runnable check) {
    this.atEnd = requireNonNull(check, "check == null");
    return this;
  }

  /** The bill read from {@code csv} (UTF-8, decompressed); closing the bill closes the stream. */
  public FundFlowBill open(InputStream csv) {
    return new FundFlowBillReader(requireNonNull(csv, "csv == null"), day, account, atEnd);
  }
}
