package io.unipay.wechat.bill;

import static java.util.Objects.requireNonNull;

import io.unipay.core.bill.TradeBill;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.List;

/**
 * Reads a WeChat Pay API v3 trade bill of type {@code ALL} (the decompressed CSV) as a {@link
 * TradeBill}, strictly and as a stream: lines are parsed as they are read, nothing but the running
 * totals is kept.
 *
 * <p>The layout (module README, "Bills"): a header line with exactly the {@link #COLUMNS} (no
 * backticks, a UTF-8 byte order mark allowed before it); data lines whose fields each start with
 * a backtick and are separated by commas; the totals header {@link #TOTALS_COLUMNS}; one totals
 * line; nothing after it but empty lines. Lines end with {@code \n} or {@code \r\n}.
 *
 * <p>Each line becomes a {@link io.unipay.core.bill.BillRow}: {@code 交易状态} {@code SUCCESS} or
 * {@code REVOKED} is a payment (amount {@code 订单金额}, status the 交易状态), {@code REFUND} a refund
 * (amount {@code 申请退款金额}, status {@code 退款状态}, refund ids {@code 微信退款单号} / {@code
 * 商户退款单号}); fee {@code 手续费} (negative on refunds: the fee returned); time {@code 交易时间}
 * in China time; app {@code 公众账号ID}, merchant {@code 商户号}.
 *
 * <p>Everything that does not fit is {@code BILL_MALFORMED} naming the line and the column: a
 * header that differs from {@link #COLUMNS} (an unknown, renamed, missing or moved column), a
 * field without its backtick, a line with another number of fields, an amount that is not exact
 * yuan (at most 2 decimals; 5 for fees, whose last 3 must be 0), a payment line with refund ids or
 * a refund line without them, a totals line that disagrees with the lines, and a file that ends
 * before its totals (truncated).
 *
 * <pre>{@code
 * try (TradeBill bill = WechatTradeBillParser.forDay(day).merchant("1230000109").open(csv)) {
 *   for (BillRow row; (row = bill.next()) != null; ) { ... }
 *   BillSummary totals = bill.summary();
 * }
 * }</pre>
 */
public final class WechatTradeBillParser {
  /** The header of an {@code ALL} trade bill, in order. */
  public static final List<String> COLUMNS =
      List.of(
          "交易时间", "公众账号ID", "商户号", "特约商户号", "设备号", "微信订单号", "商户订单号", "用户标识",
          "交易类型", "交易状态", "付款银行", "货币种类", "应结订单金额", "代金券金额", "微信退款单号",
          "商户退款单号", "退款金额", "充值券退款金额", "退款类型", "退款状态", "商品名称", "商户数据包",
          "手续费", "费率", "订单金额", "申请退款金额", "费率备注");

  /** The header of the totals section, in order. */
  public static final List<String> TOTALS_COLUMNS =
      List.of("总交易单数", "应结订单总金额", "退款总金额", "充值券退款总金额", "手续费总金额", "订单总金额", "申请退款总金额");

  private final LocalDate day;
  private String merchant;
  private Runnable atEnd = () -> {};

  private WechatTradeBillParser(LocalDate day) {
    this.day = requireNonNull(day, "day == null");
  }

  /** A parser for the bill of {@code day} (China time). */
  public static WechatTradeBillParser forDay(LocalDate day) {
    return new WechatTradeBillParser(day);
  }

  /** Refuses ({@code BILL_MALFORMED}) a line whose {@code 商户号} is not {@code mchid}. */
  public WechatTradeBillParser merchant(String mchid) {
    this.merchant = requireNonNull(mchid, "mchid == null");
    return this;
  }

  /**
   * Runs {@code check} once, after the totals were read and checked and the stream reached its
   * end, before {@link TradeBill#next()} returns null; what it throws is what {@code next()}
   * throws. The client uses it to compare the SHA1 of the file with the one WeChat Pay stated.
   */
  public WechatTradeBillParser atEnd(Runnable check) {
    this.atEnd = requireNonNull(check, "check == null");
    return this;
  }

  /**
   * The bill read from {@code csv} (UTF-8, decompressed); nothing is read before the first {@link
   * TradeBill#next()}. Closing the bill closes the stream.
   */
  public TradeBill open(InputStream csv) {
    return new TradeBillReader(requireNonNull(csv, "csv == null"), day, merchant, atEnd);
  }
}
