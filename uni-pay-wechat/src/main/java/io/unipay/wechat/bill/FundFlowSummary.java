package io.unipay.wechat.bill;

/**
 * A fund-flow bill's totals as WeChat Pay states them, checked against its lines.
 *
 * @param rows 资金流水总笔数
 * @param incomeCount 收入笔数
 * @param incomeTotal 收入金额, in fen
 * @param expenseCount 支出笔数
 * @param expenseTotal 支出金额, in fen
 */
public record FundFlowSummary(
    long rows, long incomeCount, long incomeTotal, long expenseCount, long expenseTotal) {}
