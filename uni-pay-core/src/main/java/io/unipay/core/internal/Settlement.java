package io.unipay.core.internal;

import io.unipay.core.SettlementOutcome;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Provider;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.order.SettlementFlag;
import io.unipay.core.spi.NotifyHandler;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.PaidEvent;
import io.unipay.core.spi.RefundEvent;
import io.unipay.core.spi.RefundSnapshot;
import io.unipay.core.spi.TradeSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single settlement path (design §6): notifications, active queries, the sweeper and manual
 * repair all hand a verified provider result to {@link #settle}. Thread-safe; the repository's
 * compare-and-set decides races.
 */
public final class Settlement {
  private static final Logger log = LoggerFactory.getLogger(Settlement.class);
  /** original_data is size-bounded; a verified notification is far smaller in practice. */
  static final int MAX_ORIGINAL_DATA_CHARS = 16 * 1024;

  private final OrderRepository repository;
  private final Map<String, NotifyHandler> handlers;
  private final Clock clock;
  private final Consumer<PayOrder> onDuplicatePayment;
  private final Consumer<PayOrder> onLateAfterClose;

  public Settlement(
      OrderRepository repository,
      Map<String, NotifyHandler> handlers,
      Clock clock,
      Consumer<PayOrder> onDuplicatePayment,
      Consumer<PayOrder> onLateAfterClose) {
    this.repository = repository;
    this.handlers = Map.copyOf(handlers);
    this.clock = clock;
    this.onDuplicatePayment = onDuplicatePayment;
    this.onLateAfterClose = onLateAfterClose;
  }

  /**
   * Settles a verified trade of {@code provider}: cross-checks it against the stored order, then
   * moves the order to PAID and runs the handler in one transaction.
   */
  public SettlementOutcome settle(Provider provider, TradeSnapshot trade, String source) {
    if (!trade.state().isPaid()) return SettlementOutcome.NOT_PAID;
    Optional<PayOrder> stored = repository.find(trade.outTradeNo());
    if (stored.isEmpty()) {
      log.error(
          "{} {} - verified payment for an unknown order (source {}, transaction {}, {} fen):"
              + " not settled, reconcile by hand",
          provider.code(), trade.outTradeNo(), source, trade.transactionId(), trade.totalFee());
      return SettlementOutcome.REJECTED;
    }
    PayOrder order = stored.get();
    String mismatch = mismatch(provider, order, trade);
    if (mismatch != null) {
      log.error(
          "{} {} - settlement rejected (source {}): {}; order stays {}",
          provider.code(), order.outTradeNo(), source, mismatch, order.status());
      return SettlementOutcome.REJECTED;
    }
    if (order.status().isPaid()) return SettlementOutcome.ALREADY_SETTLED;

    SettlementOutcome outcome;
    try {
      outcome = repository.inTransaction(tx -> settleLocked(tx, order, trade, source));
    } catch (RuntimeException e) {
      log.error(
          "{} {} - handler for type '{}' failed; settlement rolled back, the payment will be"
              + " delivered again",
          provider.code(), order.outTradeNo(), order.type(), e);
      return SettlementOutcome.HANDLER_FAILED;
    }
    afterCommit(order.outTradeNo(), outcome);
    return outcome;
  }

  private SettlementOutcome settleLocked(
      OrderRepository.Transaction tx, PayOrder order, TradeSnapshot trade, String source) {
    List<PayOrder> siblings = tx.lockByOrderNo(order.orderNo());
    PayOrder current =
        siblings.stream().filter(o -> o.outTradeNo().equals(order.outTradeNo())).findFirst()
            .orElse(order);
    if (current.status().isPaid()) return SettlementOutcome.ALREADY_SETTLED;
    boolean otherPaid =
        siblings.stream()
            .anyMatch(o -> !o.outTradeNo().equals(order.outTradeNo()) && o.status().isPaid());

    // The order may have been closed between our read and the lock: settle from what it is now.
    OrderStatus from = current.status();
    SettlementFlag flag =
        otherPaid
            ? SettlementFlag.DUPLICATE_PAYMENT
            : from == OrderStatus.CLOSED ? SettlementFlag.LATE_AFTER_CLOSE : SettlementFlag.NONE;
    Instant now = clock.instant();
    OrderRepository.PaidUpdate update =
        new OrderRepository.PaidUpdate(
            trade.transactionId(),
            trade.paidAt() != null ? trade.paidAt() : now,
            trade.payerId(),
            now,
            bounded(trade.raw()),
            flag);
    if (!tx.markPaid(order.outTradeNo(), from, update)) {
      return SettlementOutcome.ALREADY_SETTLED; // lost the race under the lock: someone settled it
    }
    if (flag == SettlementFlag.DUPLICATE_PAYMENT) {
      log.warn(
          "{} - business order {} was already paid; payment {} ({} fen) recorded as a duplicate",
          order.outTradeNo(), order.orderNo(), trade.transactionId(), trade.totalFee());
      return SettlementOutcome.DUPLICATE_PAYMENT;
    }
    PayOrder paid = update.applyTo(current); // what the CAS wrote; no second read under the lock
    NotifyHandler handler = handlers.get(order.type());
    if (handler == null) {
      throw new IllegalStateException("no handler registered for type '" + order.type() + "'");
    }
    boolean late = flag == SettlementFlag.LATE_AFTER_CLOSE;
    handler.onPaid(new PaidEvent(paid, trade, source, late, tx));
    tx.markUserOrderSuccess(order.outTradeNo());
    return late ? SettlementOutcome.SETTLED_AFTER_CLOSE : SettlementOutcome.SETTLED;
  }

  private void afterCommit(String outTradeNo, SettlementOutcome outcome) {
    if (outcome != SettlementOutcome.DUPLICATE_PAYMENT
        && outcome != SettlementOutcome.SETTLED_AFTER_CLOSE) {
      return;
    }
    PayOrder settled = repository.find(outTradeNo).orElseThrow();
    try {
      if (outcome == SettlementOutcome.DUPLICATE_PAYMENT) onDuplicatePayment.accept(settled);
      else onLateAfterClose.accept(settled);
    } catch (RuntimeException e) {
      // The payment is recorded and flagged; the refund can be retried by hand.
      log.error("{} - automatic refund after {} failed", outTradeNo, outcome, e);
    }
  }

  /** Why a verified trade does not belong to the stored order, or null when it does. */
  private static String mismatch(Provider provider, PayOrder order, TradeSnapshot trade) {
    if (order.provider() != provider) {
      return "order was created with " + order.provider().code() + ", result came from "
          + provider.code();
    }
    if (trade.totalFee() != order.totalFee()) {
      return "amount " + trade.totalFee() + " fen != order total_fee " + order.totalFee();
    }
    if (!order.currency().equalsIgnoreCase(trade.currency())) {
      return "currency " + trade.currency() + " != order currency " + order.currency();
    }
    if (trade.appId() != null && !Objects.equals(trade.appId(), order.providerAppId())) {
      return "app id " + trade.appId() + " != order app id " + order.providerAppId();
    }
    if (trade.merchantId() != null && !Objects.equals(trade.merchantId(), order.mchId())) {
      return "merchant " + trade.merchantId() + " != order merchant " + order.mchId();
    }
    return null;
  }

  private static String bounded(String raw) {
    if (raw == null || raw.length() <= MAX_ORIGINAL_DATA_CHARS) return raw;
    return raw.substring(0, MAX_ORIGINAL_DATA_CHARS);
  }

  /**
   * Applies a verified refund result (response, query or notification) to the bookkeeping, and
   * runs the type's refund hook once when the refund reaches SUCCESS. Returns whether it changed
   * anything.
   */
  public boolean applyRefund(Provider provider, RefundSnapshot result, String source) {
    Optional<Refund> known = repository.findRefund(result.outRefundNo());
    if (known.isEmpty()) {
      log.warn(
          "{} {} - {} result for unknown refund {} ({}): not ours, nothing changed",
          provider.code(), result.outTradeNo(), source, result.outRefundNo(), result.status());
      return false;
    }
    Refund refund = known.get();
    if (result.status() == RefundStatus.PROCESSING || refund.status().isFinal()) return false;
    if (result.refundFee() >= 0 && result.refundFee() != refund.refundFee()) {
      log.error(
          "{} {} - refund {} reported {} fen, we requested {} fen: left PROCESSING for review",
          provider.code(), refund.outTradeNo(), refund.outRefundNo(), result.refundFee(),
          refund.refundFee());
      return false;
    }
    Instant successAt =
        result.status() == RefundStatus.SUCCESS
            ? (result.successAt() != null ? result.successAt() : clock.instant())
            : null;
    PayOrder order =
        repository.inTransaction(
            tx -> {
              if (!tx.completeRefund(
                  refund.outRefundNo(), result.status(), result.refundId(), successAt)) {
                return null;
              }
              PayOrder refunded = tx.find(refund.outTradeNo()).orElseThrow();
              NotifyHandler handler = handlers.get(refunded.type());
              if (result.status() == RefundStatus.SUCCESS && handler != null) {
                Refund done = tx.lockRefund(refund.outRefundNo()).orElseThrow();
                try {
                  handler.onRefunded(
                      new RefundEvent(refunded, done, refunded.userOrderSuccess(), tx));
                } catch (RuntimeException e) {
                  log.error(
                      "{} - refund hook for type '{}' failed for refund {}; the refund itself is"
                          + " done",
                      refunded.outTradeNo(), refunded.type(), refund.outRefundNo(), e);
                }
              }
              return refunded;
            });
    if (order == null) return false;
    switch (result.status()) {
      case SUCCESS -> {}
      case ABNORMAL -> log.error(
          "{} {} - refund {} is ABNORMAL: the provider could not return {} fen to the payer;"
              + " handle it by hand",
          provider.code(), order.outTradeNo(), refund.outRefundNo(), refund.refundFee());
      default -> log.info(
          "{} - refund {} {}: {} fen released", order.outTradeNo(), refund.outRefundNo(),
          result.status(), refund.refundFee());
    }
    return true;
  }
}
