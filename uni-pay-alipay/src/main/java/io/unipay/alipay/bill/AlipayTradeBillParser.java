package io.unipay.alipay.bill;

import static java.util.Objects.requireNonNull;

import io.unipay.core.bill.TradeBill;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.List;

/**
 * Reads an Alipay trade bill (the ZIP that {@code bill_download_url} serves for {@code
 * bill_type=trade}) as a {@link TradeBill}, strictly and as a stream: the ZIP is read entry by
 * entry, the detail file line by line, nothing but running totals is kept.
 *
 * <p>The layout (module README, "Bills"): a ZIP with two GBK-encoded CSV files, {@code
 * <account>_<yyyyMMdd>_业务明细.csv} and {@code <account>_<yyyyMMdd>_业务明细(汇总).csv} (entry names
 * in GBK), in either order. Both start with {@code #} lines (title, {@code #账号：[...]}, {@code
 * #起始日期：[...] 终止日期：[...]} naming the day, an opening dash line), then the header, the lines,
 * a closing dash line; the detail file then has {@code #交易合计} and {@code #退款合计}, both end with
 * {@code #导出时间}. Fields are comma-separated, may be quoted ({@code "a,b"}) and may carry one
 * trailing tab, which is dropped.
 *
 * <p>Each detail line becomes a {@link io.unipay.core.bill.BillRow}: {@code 业务类型} {@code 交易}
 * is a payment, {@code 退款} a refund (its {@code 订单金额} is negative in the file, positive in
 * the row; {@code outRefundNo} is {@code 退款批次号/请求号}); time {@code 完成时间} in China time;
 * transaction id {@code 支付宝交易号}; merchant the first 16 digits of {@code 账号}; fee the negated
 * {@code 服务费} (charged on payments, returned on refunds); status {@code SUCCESS} (the bill lists
 * finished trades and refunds only); no app id and no refund id (the file has neither).
 *
 * <p>{@code BILL_MALFORMED}, naming the file, line and column: a header other than {@link
 * #DETAIL_COLUMNS} / {@link #SUMMARY_COLUMNS}, a line with another number of fields, an amount that
 * is not exact yuan with at most 2 decimals, a sign that does not fit the line, a file for another
 * day or account, trailer or 合计 totals that disagree with the lines, a missing file or section
 * (truncated), an unexpected entry, bytes that are not GBK.
 */
public final class AlipayTradeBillParser {
  /** The header of {@code …_业务明细.csv}, in order. */
  public static final List<String> DETAIL_COLUMNS =
      List.of(
          "支付宝交易号", "商户订单号", "业务类型", "商品名称", "创建时间", "完成时间", "门店编号", "门店名称",
          "操作员", "终端号", "对方账户", "订单金额（元）", "商家实收（元）", "支付宝红包（元）", "集分宝（元）",
          "支付宝优惠（元）", "商家优惠（元）", "券核销金额（元）", "券名称", "商家红包消费金额（元）",
          "卡消费金额（元）", "退款批次号/请求号", "服务费（元）", "分润（元）", "备注");

  /** The header of {@code …_业务明细(汇总).csv}, in order. */
  public static final List<String> SUMMARY_COLUMNS =
      List.of(
          "门店编号", "门店名称", "交易订单总笔数", "退款订单总笔数", "订单金额（元）", "商家实收（元）",
          "支付宝优惠（元）", "商家优惠（元）", "卡消费金额（元）", "服务费（元）", "分润（元）", "实收净额（元）");

  private final LocalDate day;
  private String seller;

  private AlipayTradeBillParser(LocalDate day) {
    this.day = requireNonNull(day, "day == null");
  }

  /** A parser for the bill of {@code day} (China time). */
  public static AlipayTradeBillParser forDay(LocalDate day) {
    return new AlipayTradeBillParser(day);
  }

  /** Refuses ({@code BILL_MALFORMED}) a bill whose 账号 is not that of {@code sellerId} (2088…). */
  public AlipayTradeBillParser seller(String sellerId) {
    this.seller = requireNonNull(sellerId, "sellerId == null");
    return this;
  }

  /** The bill read from {@code zip}; nothing is read before the first {@code next()}. */
  public TradeBill open(InputStream zip) {
    return new ZipTradeBill(requireNonNull(zip, "zip == null"), day, seller);
  }
}
