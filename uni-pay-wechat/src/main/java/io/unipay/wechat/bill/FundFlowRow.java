package io.unipay.wechat.bill;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One line of a WeChat Pay fund-flow bill (资金账单): a movement of money on one account. Amounts
 * are exact fen.
 *
 * @param time 记账时间, when it was booked (China time)
 * @param transactionId 微信支付业务单号, WeChat Pay's id of the business it belongs to
 * @param flowId 资金流水单号, the id of this movement
 * @param businessName 业务名称, e.g. 交易 or 退款
 * @param businessType 业务类型, e.g. 交易, 退款, 扣除交易手续费
 * @param direction 收支类型: money in or out
 * @param amount 收支金额, in fen, ≥ 0 (the direction says which way)
 * @param balance 账户结余, the balance after it, in fen
 * @param applicant 资金变更提交申请人, who asked for it (e.g. {@code system}), or empty
 * @param memo 备注, or empty
 * @param voucherNo 业务凭证号 (e.g. the merchant's order or refund number), or empty
 * @param line the line number in the decompressed file (1-based)
 */
public record FundFlowRow(
    Instant time,
    String transactionId,
    String flowId,
    String businessName,
    String businessType,
    Direction direction,
    long amount,
    long balance,
    String applicant,
    String memo,
    String voucherNo,
    long line) {

  /** Which way the money moved. */
  public enum Direction {
    /** 收入. */
    INCOME,
    /** 支出. */
    EXPENSE
  }

  public FundFlowRow {
    requireNonNull(time, "time == null");
    requireNonNull(direction, "direction == null");
    if (amount < 0) throw new IllegalArgumentException("amount < 0: " + amount);
  }
}
