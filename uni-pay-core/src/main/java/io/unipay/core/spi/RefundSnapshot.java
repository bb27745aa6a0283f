package io.unipay.core.spi;

import static java.util.Objects.requireNonNull;

import io.unipay.core.order.RefundStatus;
import java.time.Instant;

/**
 * A verified provider result for one refund (refund response, refund query or notification).
 *
 * @param outTradeNo the payment order
 * @param outRefundNo our refund number
 * @param refundId the provider's refund id, or null
 * @param status the refund's status
 * @param refundFee the refunded amount in fen, or -1 when the provider did not say
 * @param successAt when the money went back, or null
 * @param raw the verified provider data (JSON or form text)
 */
public record RefundSnapshot(
    String outTradeNo,
    String outRefundNo,
    String refundId,
    RefundStatus status,
    long refundFee,
    Instant successAt,
    String raw) {

  public RefundSnapshot {
    requireNonNull(outRefundNo, "outRefundNo == null");
    requireNonNull(status, "status == null");
    if (raw == null) raw = "";
  }
}
