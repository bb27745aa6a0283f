package io.unipay.core.reconcile;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One difference between a provider's bill and the local records, as reported and stored.
 *
 * @param seq the report's running number of this discrepancy (assigned when stored; 0 before), for
 *     paging through a large report
 * @param type what differs
 * @param outTradeNo the payment order concerned, as the bill or the local row names it (ids
 *     longer than {@link #MAX_ID_CHARS} are cut, NUL replaced)
 * @param outRefundNo the refund concerned (refund types), else null
 * @param providerId the provider's transaction id or refund id, when known
 * @param providerAmount the amount in the bill, in fen, or -1 when the bill has no line
 * @param localAmount the local amount ({@code total_fee} or {@code refund_fee}), in fen, or -1 when
 *     there is no local row
 * @param occurredAt the bill line's time, or the local pay / refund success time
 * @param remedy what was done about it
 * @param detail a sentence for the operator (local status, the query's answer, the repair outcome)
 */
public record Discrepancy(
    long seq,
    DiscrepancyType type,
    String outTradeNo,
    String outRefundNo,
    String providerId,
    long providerAmount,
    long localAmount,
    Instant occurredAt,
    Remedy remedy,
    String detail) {

  /** Longest {@code detail} kept, in chars. */
  public static final int MAX_DETAIL_CHARS = 512;

  /** Longest id kept, in chars: a longer id (in a bill line; ours are shorter) is cut. */
  public static final int MAX_ID_CHARS = 64;

  public Discrepancy {
    requireNonNull(type, "type == null");
    requireNonNull(outTradeNo, "outTradeNo == null");
    requireNonNull(remedy, "remedy == null");
    outTradeNo = id(outTradeNo);
    outRefundNo = id(outRefundNo);
    providerId = id(providerId);
    if (detail == null) detail = "";
    if (detail.length() > MAX_DETAIL_CHARS) detail = detail.substring(0, MAX_DETAIL_CHARS);
  }

  private static String id(String value) {
    if (value == null) return null;
    String clean = value.indexOf('\u0000') < 0 ? value : value.replace('\u0000', '\uFFFD');
    return clean.length() <= MAX_ID_CHARS ? clean : clean.substring(0, MAX_ID_CHARS - 1) + "…";
  }

  /** A copy with the running number the store assigned. */
  public Discrepancy withSeq(long seq) {
    return new Discrepancy(
        seq, type, outTradeNo, outRefundNo, providerId, providerAmount, localAmount, occurredAt,
        remedy, detail);
  }
}
