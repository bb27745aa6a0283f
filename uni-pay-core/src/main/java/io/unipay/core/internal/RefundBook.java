package io.unipay.core.internal;

import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Provider;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.spi.NotifyHandler;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.RefundEvent;
import io.unipay.core.spi.RefundSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies verified refund results (refund answers, refund queries, refund notifications) to the
 * bookkeeping, exactly once (design §14.3, §14.5): every result is cross-checked against the stored
 * refund (order, provider, amount); the status change, the ledger row and the host's refund hook
 * commit together, so a failing hook leaves the refund PROCESSING for the next redelivery or query.
 */
public final class RefundBook {
  private static final Logger log = LoggerFactory.getLogger(RefundBook.class);

  private final OrderRepository repository;
  private final Map<String, NotifyHandler> handlers;
  private final Clock clock;
  private final EventLog events;

  public RefundBook(
      OrderRepository repository, Map<String, NotifyHandler> handlers, Clock clock,
      EventLog events) {
    this.repository = repository;
    this.handlers = Map.copyOf(handlers);
    this.clock = clock;
    this.events = events;
  }

  /** What applying one refund result did. */
  public enum Applied {
    /** The refund reached the reported final status now. */
    APPLIED,
    /** The refund already had that status (a redelivery or a later query). */
    UNCHANGED,
    /** The provider reports the refund still in progress. */
    IN_PROGRESS,
    /** The result cannot be applied: kept in the ledger for an operator. */
    CONFLICT,
    /** The host's refund hook threw; nothing changed and the result will come again. */
    HOOK_FAILED,
    /** The order store failed; nothing changed. */
    STORAGE_FAILED
  }

  /**
   * Applies a verified refund result of {@code provider}. Never throws for storage or hook
   * failures.
   */
  public Applied apply(Provider provider, RefundSnapshot verified, String source) {
    RefundSnapshot result = Facts.clean(verified);
    try {
      return applyChecked(provider, result, source);
    } catch (Settlement.HandlerFailure e) {
      log.error(
          "{} {} - refund hook for type '{}' failed for refund {}; rolled back, the refund stays"
              + " PROCESSING and is applied again on the next delivery or query",
          provider.code(), result.outTradeNo(), e.type, result.outRefundNo(), e.getCause());
      return Applied.HOOK_FAILED;
    } catch (RuntimeException e) {
      log.error(
          "{} {} - refund result for {} not recorded ({}): storage failed",
          provider.code(), result.outTradeNo(), result.outRefundNo(), source, e);
      return Applied.STORAGE_FAILED;
    }
  }

  private Applied applyChecked(Provider provider, RefundSnapshot result, String source) {
    Optional<Refund> known = repository.findRefund(result.outRefundNo());
    if (known.isEmpty()) {
      return conflict(provider, result, source, "no refund " + result.outRefundNo());
    }
    Refund refund = known.get();
    Optional<PayOrder> order = repository.find(refund.outTradeNo());
    String why = mismatch(provider, refund, order.orElse(null), result);
    if (why != null) return conflict(provider, result, source, why);
    if (result.status() == RefundStatus.PROCESSING) return Applied.IN_PROGRESS;
    if (refund.status() == result.status()) return Applied.UNCHANGED;

    List<ProviderEvent> pending = EventLog.pending();
    Applied applied =
        repository.inTransaction(tx -> applyLocked(tx, provider, result, source, pending));
    events.tellAll(pending);
    return applied;
  }

  private Applied applyLocked(
      OrderRepository.Transaction tx, Provider provider, RefundSnapshot result, String source,
      List<ProviderEvent> pending) {
    Refund refund = tx.lockRefund(result.outRefundNo()).orElseThrow();
    Instant now = clock.instant();
    Instant successAt =
        result.status() == RefundStatus.SUCCESS
            ? (result.successAt() != null ? result.successAt() : now)
            : null;
    EventOutcome outcome;
    String detail = null;
    if (refund.status() == result.status()) {
      return Applied.UNCHANGED;
    } else if (refund.status() == RefundStatus.PROCESSING) {
      tx.completeRefund(refund.outRefundNo(), result.status(), result.refundId(), successAt);
      outcome = EventOutcome.REFUND_APPLIED;
    } else if (refund.status() == RefundStatus.CLOSED && result.status() == RefundStatus.SUCCESS) {
      if (tx.reopenRefund(refund.outRefundNo(), result.refundId(), successAt)) {
        outcome = EventOutcome.REFUND_REOPENED;
        detail = "the refund had been closed locally; the provider performed it: "
            + refund.refundFee() + " fen reserved again";
      } else {
        outcome = EventOutcome.REFUND_CONFLICT;
        detail = "the provider performed a refund closed locally, and its " + refund.refundFee()
            + " fen no longer fit the order";
      }
    } else {
      outcome = EventOutcome.REFUND_CONFLICT;
      detail = "refund is " + refund.status() + " locally, the provider reports "
          + result.status();
    }
    if (outcome != EventOutcome.REFUND_CONFLICT && result.status() == RefundStatus.SUCCESS) {
      PayOrder order = tx.find(refund.outTradeNo()).orElseThrow();
      Refund done = tx.lockRefund(refund.outRefundNo()).orElseThrow();
      runHook(order, done, tx);
    }
    events.recordIn(tx, Facts.refund(provider, result, source, outcome, detail, now), pending);
    if (outcome != EventOutcome.REFUND_CONFLICT) {
      // A refund raised as stuck is resolved by the provider's definite answer.
      tx.resolveEvent(
          Facts.attentionKey(provider, EventOutcome.REFUND_STUCK, refund.outRefundNo()), outcome,
          now);
    }
    report(provider, refund, result, outcome, detail);
    return outcome == EventOutcome.REFUND_CONFLICT ? Applied.CONFLICT : Applied.APPLIED;
  }

  private void runHook(PayOrder order, Refund done, OrderRepository.Transaction tx) {
    NotifyHandler handler = handlers.get(order.type());
    if (handler == null) return;
    RefundEvent event = new RefundEvent(order, done, order.userOrderSuccess(), tx);
    try {
      if (order.userOrderSuccess()) handler.onRefunded(event);
      else handler.onRefundWithoutGrant(event);
    } catch (RuntimeException e) {
      throw new Settlement.HandlerFailure(order.type(), e);
    }
  }

  private void report(
      Provider provider, Refund refund, RefundSnapshot result, EventOutcome outcome,
      String detail) {
    if (outcome == EventOutcome.REFUND_APPLIED) {
      if (result.status() == RefundStatus.ABNORMAL) {
        log.error(
            "{} {} - refund {} is ABNORMAL: the provider could not return {} fen to the payer;"
                + " handle it by hand (kept in the ledger)",
            provider.code(), refund.outTradeNo(), refund.outRefundNo(), refund.refundFee());
      } else {
        log.info(
            "{} - refund {} {} ({} fen)", refund.outTradeNo(), refund.outRefundNo(),
            result.status(), refund.refundFee());
      }
    } else {
      log.error(
          "{} {} - refund {}: {} ({}); kept in the ledger", provider.code(), refund.outTradeNo(),
          refund.outRefundNo(), detail, outcome);
    }
  }

  private Applied conflict(Provider provider, RefundSnapshot result, String source, String why) {
    EventLog.Recorded recorded =
        events.record(
            Facts.refund(provider, result, source, EventOutcome.REFUND_CONFLICT, why,
                clock.instant()));
    if (recorded.inserted()) {
      log.error(
          "{} {} - verified refund result for {} not applied (source {}): {}; kept in the ledger"
              + " as event {}",
          provider.code(), LogSafe.quote(result.outTradeNo()), LogSafe.quote(result.outRefundNo()),
          source, why, recorded.event().id());
    } else {
      log.warn(
          "{} - verified refund result for {} still not applied: {}; ledger event {}",
          provider.code(), LogSafe.quote(result.outRefundNo()), why, recorded.event().id());
    }
    return Applied.CONFLICT;
  }

  /** Why a verified refund result does not belong to the stored refund, or null when it does. */
  private static String mismatch(
      Provider provider, Refund refund, PayOrder order, RefundSnapshot result) {
    if (order == null) return "the refunded order " + refund.outTradeNo() + " is gone";
    if (order.provider() != provider) {
      return "refund belongs to a " + order.provider().code() + " order, result came from "
          + provider.code();
    }
    if (result.outTradeNo() != null && !result.outTradeNo().equals(refund.outTradeNo())) {
      return "result names order " + LogSafe.quote(result.outTradeNo()) + ", the refund is of "
          + refund.outTradeNo();
    }
    if (result.refundFee() < -1) {
      return "result reports a negative amount " + result.refundFee();
    }
    if (result.refundFee() >= 0 && result.refundFee() != refund.refundFee()) {
      return "result reports " + result.refundFee() + " fen, the refund is of "
          + refund.refundFee() + " fen";
    }
    return null;
  }
}
