package io.unipay.wechat.bill;

import java.time.LocalDate;

/**
 * A WeChat Pay fund-flow bill (资金账单) for one day and account, read line by line as it is
 * downloaded. Not thread-safe; close it when done. Errors are {@link
 * io.unipay.core.UniPayException}s with the codes of {@link io.unipay.core.bill.TradeBill}.
 *
 * <p>When the bill was downloaded with a hash, the hash is checked when the stream ends, before
 * {@link #next()} returns null: until then the rows returned are not confirmed.
 */
public interface FundFlowBill extends AutoCloseable {

  /** The bill's day (China time). */
  LocalDate day();

  /** The account the bill is about. */
  FundAccount account();

  /** The next line, or null after the last one (the totals have then been read and checked). */
  FundFlowRow next();

  /**
   * The stated totals, checked against the lines.
   *
   * @throws IllegalStateException before {@link #next()} has returned null
   */
  FundFlowSummary summary();

  @Override
  void close();
}
