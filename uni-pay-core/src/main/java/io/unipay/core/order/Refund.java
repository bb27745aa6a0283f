package io.unipay.core.order;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One refund of a payment order. Immutable. Money is {@code long} fen.
 *
 * @param outRefundNo the library- or host-chosen refund number, unique
 * @param outTradeNo the payment order refunded
 * @param refundFee the amount refunded, in fen
 * @param reason why, as shown to the payer, or null
 * @param status the refund status
 * @param refundId the provider's refund id, or null
 * @param createDate when the refund was requested
 * @param successDate when the money went back, or null
 * @param nextCheckAt when the sweeper should next query a PROCESSING refund
 * @param checkCount how many times the sweeper has tried to reconcile it without a final answer
 */
public record Refund(
    String outRefundNo,
    String outTradeNo,
    long refundFee,
    String reason,
    RefundStatus status,
    String refundId,
    Instant createDate,
    Instant successDate,
    Instant nextCheckAt,
    int checkCount) {

  public Refund {
    requireNonNull(outRefundNo, "outRefundNo == null");
    requireNonNull(outTradeNo, "outTradeNo == null");
    requireNonNull(status, "status == null");
    requireNonNull(createDate, "createDate == null");
    if (nextCheckAt == null) nextCheckAt = createDate;
    if (refundFee <= 0) throw new IllegalArgumentException("refundFee <= 0: " + refundFee);
    if (checkCount < 0) throw new IllegalArgumentException("checkCount < 0: " + checkCount);
  }

  /** A refund without reconciliation attempts yet. */
  public Refund(
      String outRefundNo,
      String outTradeNo,
      long refundFee,
      String reason,
      RefundStatus status,
      String refundId,
      Instant createDate,
      Instant successDate,
      Instant nextCheckAt) {
    this(
        outRefundNo, outTradeNo, refundFee, reason, status, refundId, createDate, successDate,
        nextCheckAt, 0);
  }

  /** A PROCESSING refund as first recorded, before the provider is called. */
  public static Refund processing(
      String outRefundNo, String outTradeNo, long refundFee, String reason, Instant now) {
    return new Refund(
        outRefundNo, outTradeNo, refundFee, reason, RefundStatus.PROCESSING, null, now, null, now);
  }

  /** A copy with another status, provider refund id and success date. */
  public Refund withOutcome(RefundStatus status, String refundId, Instant successDate) {
    return new Refund(
        outRefundNo, outTradeNo, refundFee, reason, status,
        refundId != null ? refundId : this.refundId, createDate, successDate, nextCheckAt,
        checkCount);
  }
}
