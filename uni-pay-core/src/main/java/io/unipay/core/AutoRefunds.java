package io.unipay.core;

import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Refund;
import io.unipay.core.order.SettlementFlag;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The automatic full refunds of flagged payments (a duplicate payment of a paid business order,
 * a payment after the order was closed), as configured on the builder. Used by settlement and by
 * the sweeper.
 */
final class AutoRefunds {
  private static final Logger log = LoggerFactory.getLogger(UniPay.class);

  private final boolean refundDuplicatePayments;
  private final boolean refundLateAfterClose;
  private final Function<RefundRequest, Refund> refund;

  AutoRefunds(
      boolean refundDuplicatePayments, boolean refundLateAfterClose,
      Function<RefundRequest, Refund> refund) {
    this.refundDuplicatePayments = refundDuplicatePayments;
    this.refundLateAfterClose = refundLateAfterClose;
    this.refund = refund;
  }

  /** Settlement's reaction to a duplicate payment: refunded when so configured. */
  void onDuplicate(PayOrder order) {
    if (refundDuplicatePayments) refundFlagged(order);
  }

  /** Settlement's reaction to a payment after close: refunded when so configured. */
  void onLateAfterClose(PayOrder order) {
    if (refundLateAfterClose) autoRefund(order, "paid after the order was closed");
  }

  /** Refunds a flagged payment (duplicate, late after close) in full. Shared with the sweeper. */
  void refundFlagged(PayOrder order) {
    autoRefund(
        order,
        order.settleFlag() == SettlementFlag.DUPLICATE_PAYMENT
            ? "duplicate payment"
            : "paid after the order was closed");
  }

  /** The flags whose payments the sweeper refunds automatically under this configuration. */
  Set<SettlementFlag> autoRefundedFlags() {
    Set<SettlementFlag> flags = EnumSet.noneOf(SettlementFlag.class);
    if (refundDuplicatePayments) flags.add(SettlementFlag.DUPLICATE_PAYMENT);
    if (refundLateAfterClose) flags.add(SettlementFlag.LATE_AFTER_CLOSE);
    return flags;
  }

  private void autoRefund(PayOrder order, String reason) {
    log.warn(
        "{} - refunding {} fen automatically: {}", order.outTradeNo(), order.totalFee(), reason);
    refund.apply(
        RefundRequest.of(order.outTradeNo(), order.totalFee() - order.refundFee(), reason));
  }
}
