package io.unipay.core.reconcile;

import static java.util.Objects.requireNonNull;

import io.unipay.core.order.Provider;
import io.unipay.core.order.RefundStatus;
import java.time.Instant;

/**
 * The columns of a refund that reconciliation compares, with its order's provider.
 *
 * @param outRefundNo the refund number
 * @param outTradeNo the refunded payment order
 * @param provider the provider of that order
 * @param status the refund's status
 * @param refundFee its amount, in fen
 * @param refundId the provider's refund id, or null
 * @param successDate when it succeeded, or null
 */
public record LocalRefund(
    String outRefundNo,
    String outTradeNo,
    Provider provider,
    RefundStatus status,
    long refundFee,
    String refundId,
    Instant successDate) {

  public LocalRefund {
    requireNonNull(outRefundNo, "outRefundNo == null");
    requireNonNull(outTradeNo, "outTradeNo == null");
    requireNonNull(provider, "provider == null");
    requireNonNull(status, "status == null");
  }
}
