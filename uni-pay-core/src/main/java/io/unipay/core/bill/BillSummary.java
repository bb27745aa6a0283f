package io.unipay.core.bill;

/**
 * A bill's totals as the provider states them in its summary section, which the parser has
 * checked against the lines it read.
 *
 * @param rows the number of lines (payments and refunds)
 * @param paymentTotal the sum of payment amounts, in fen
 * @param refundTotal the sum of refunded amounts, in fen
 * @param feeTotal the sum of service fees, in fen
 */
public record BillSummary(long rows, long paymentTotal, long refundTotal, long feeTotal) {}
