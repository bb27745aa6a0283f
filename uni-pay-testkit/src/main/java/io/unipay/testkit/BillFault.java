package io.unipay.testkit;

/**
 * What a simulator can do wrong with a day's bill (WeChat Pay's {@code sim.bills()} and Alipay's
 * {@code sim.bills()}), for tests of a bill reader's strictness. Every fault but {@link
 * #WRONG_HASH} and {@link #EXPIRED_URL} spoils the file itself; the WeChat simulator states the
 * hash of the file it serves, spoiled or not, so the reader must find the problem in the file.
 */
public enum BillFault {
  /** WeChat only: the signed answer states the SHA1 of another file. */
  WRONG_HASH,
  /** The compressed body is cut in the middle (a well-framed HTTP body, a broken GZIP/ZIP). */
  TRUNCATED_BODY,
  /** The file stops after its data lines: no totals section (no 汇总 file for Alipay). */
  MISSING_TOTALS,
  /** The first data line's order amount has three decimals ({@code 1.005}). */
  MALFORMED_AMOUNT,
  /** The header gains an unknown column, and every data line a field for it. */
  UNKNOWN_COLUMN,
  /** The header renames the merchant's order number column. */
  CHANGED_HEADER,
  /** The totals claim one fen more than the lines add up to. */
  TOTALS_MISMATCH,
  /** Alipay only: the download URL handed out is already 31 s old (valid for 30 s). */
  EXPIRED_URL
}
