package io.unipay.core.bill;

import io.unipay.core.order.Provider;
import java.time.LocalDate;

/**
 * A provider's trade bill for one day, read line by line from the download as it arrives (a
 * bill of a million lines is never held in memory). Not thread-safe; close it when done.
 *
 * <p>Errors are {@link io.unipay.core.UniPayException}s: {@code BILL_NOT_AVAILABLE} when the
 * provider has no bill for the day, {@code BILL_NOT_READY} when it is not generated yet, {@code
 * BILL_MALFORMED} for a hash mismatch, a truncated file, an unknown or changed header, or a line
 * that does not parse (the message names the line and the column).
 */
public interface TradeBill extends AutoCloseable {

  Provider provider();

  /** The bill's day (the provider's calendar day, Asia/Shanghai). */
  LocalDate day();

  /** The next line, or null after the last one (the summary has then been read and checked). */
  BillRow next();

  /**
   * The provider's totals, checked against the lines read.
   *
   * @throws IllegalStateException before {@link #next()} has returned null
   */
  BillSummary summary();

  @Override
  void close();
}
