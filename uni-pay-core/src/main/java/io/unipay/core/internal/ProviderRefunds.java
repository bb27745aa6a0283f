package io.unipay.core.internal;

import io.unipay.core.ErrorCode;
import io.unipay.core.SettlementOutcome;
import io.unipay.core.UniPayException;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Provider;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.order.SettlementFlag;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.RefundSnapshot;
import io.unipay.core.spi.TradeSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refunds the provider made on its own (Apple {@code REFUND} / {@code REVOKE}), recorded through
 * the engine's ordinary refund bookkeeping (design §14.3, §14.5) without a request of ours:
 *
 * <ol>
 *   <li>the refunded payment goes through the one settlement path first, so a payment the engine
 *       had not recorded yet is recorded (flagged {@code REFUNDED_AT_PROVIDER}, no {@code onPaid});
 *   <li>the refund is reserved under the provider-derived out_refund_no (a redelivery, a
 *       concurrent delivery or a client report of the same refund meets the same row);
 *   <li>{@link RefundBook} moves it to SUCCESS and runs {@code onRefunded} — or {@code
 *       onRefundWithoutGrant} when the payment's handler never ran — exactly once, in the
 *       transaction that records it, with its ledger row.
 * </ol>
 *
 * A refund that cannot be recorded (unknown order, another transaction, more than is left) is kept
 * in the ledger as {@code REFUND_CONFLICT}. If the hook fails after the reservation, the refund
 * stays PROCESSING and the provider's redelivery or the sweeper's refund query completes it.
 */
public final class ProviderRefunds {
  private static final Logger log = LoggerFactory.getLogger(ProviderRefunds.class);

  private final OrderRepository repository;
  private final Settlement settlement;
  private final RefundBook book;
  private final EventLog events;
  private final Clock clock;

  public ProviderRefunds(
      OrderRepository repository, Settlement settlement, RefundBook book, EventLog events,
      Clock clock) {
    this.repository = repository;
    this.settlement = settlement;
    this.book = book;
    this.events = events;
    this.clock = clock;
  }

  /** What recording one provider refund did. */
  public enum Applied {
    /** The refund is recorded as SUCCESS now and the hook ran. */
    APPLIED,
    /** The refund was recorded before (a redelivery or a concurrent delivery). */
    UNCHANGED,
    /** It cannot be recorded: kept in the ledger for an operator. */
    REJECTED,
    /** The host's refund hook threw; the refund stays PROCESSING and comes again. */
    HOOK_FAILED,
    /** The order store failed; nothing or only the reservation was recorded. */
    STORAGE_FAILED;

    /** Whether the provider should be told the notification was received. */
    public boolean acknowledges() {
      return this == APPLIED || this == UNCHANGED;
    }
  }

  /** The payment's settlement outcome and what became of the refund. */
  public record Result(SettlementOutcome payment, Applied refund) {}

  /** Records a verified provider refund of {@code payment}. Never throws for storage failures. */
  public Result apply(
      Provider provider, TradeSnapshot payment, RefundSnapshot verified, String source) {
    RefundSnapshot refund = Facts.clean(verified);
    SettlementOutcome settled = SettlementOutcome.REJECTED;
    try {
      String invalid = invalid(payment, refund);
      if (invalid != null) return new Result(settled, conflict(provider, refund, source, invalid));
      settled = settlement.settle(provider, payment, source);
      if (!settled.isRecorded()) {
        // The payment fact is kept by the settlement (unmatched), or nothing was written.
        Applied applied =
            switch (settled) {
              case HANDLER_FAILED -> Applied.HOOK_FAILED;
              case STORAGE_FAILED -> Applied.STORAGE_FAILED;
              default -> Applied.REJECTED;
            };
        return new Result(settled, applied);
      }
      return new Result(settled, record(provider, payment, refund, source));
    } catch (RuntimeException e) {
      log.error(
          "{} {} - provider refund {} not recorded ({}): storage failed; it comes again",
          provider.code(), LogSafe.quote(refund.outTradeNo()), LogSafe.quote(refund.outRefundNo()),
          source, e);
      return new Result(settled, Applied.STORAGE_FAILED);
    }
  }

  private Applied record(
      Provider provider, TradeSnapshot payment, RefundSnapshot refund, String source) {
    PayOrder order = repository.find(refund.outTradeNo()).orElse(null);
    if (order == null) {
      return conflict(provider, refund, source, "the refunded order vanished");
    }
    if (order.transactionId() != null
        && payment.transactionId() != null
        && !order.transactionId().equals(payment.transactionId())) {
      return conflict(provider, refund, source,
          "the refund is of transaction " + LogSafe.quote(payment.transactionId())
              + ", the order is paid with " + order.transactionId());
    }
    Optional<Refund> existing = repository.findRefund(refund.outRefundNo());
    if (existing.isEmpty() && !reserve(order, refund)) {
      PayOrder now = repository.find(order.outTradeNo()).orElse(order);
      return conflict(provider, refund, source,
          "the order cannot take a refund of " + refund.refundFee() + " fen: it is "
              + now.status() + " with " + now.refundFee() + " of " + now.totalFee()
              + " fen refunded or reserved");
    }
    RefundBook.Applied applied = book.apply(provider, refund, source);
    switch (applied) {
      case APPLIED -> {
        resolveRefundedAtProvider(provider, payment, order, refund);
        return Applied.APPLIED;
      }
      case UNCHANGED -> {
        return Applied.UNCHANGED;
      }
      case HOOK_FAILED -> {
        return Applied.HOOK_FAILED;
      }
      case STORAGE_FAILED -> {
        return Applied.STORAGE_FAILED;
      }
      default -> {
        return Applied.REJECTED; // CONFLICT, kept by the book; IN_PROGRESS cannot be (SUCCESS)
      }
    }
  }

  /**
   * Reserves the refund under its provider-derived number. False when the order cannot take it
   * (and no concurrent delivery reserved it meanwhile).
   */
  private boolean reserve(PayOrder order, RefundSnapshot refund) {
    Instant now = clock.instant();
    // The sweeper leaves it alone for a minute: the book completes it right after this.
    Refund reserved =
        new Refund(
            refund.outRefundNo(), order.outTradeNo(), refund.refundFee(),
            "refunded by " + order.provider().code(), RefundStatus.PROCESSING, refund.refundId(),
            now, null, now.plus(Duration.ofMinutes(1)));
    try {
      if (repository.reserveRefund(reserved, now)) return true;
    } catch (UniPayException e) {
      if (e.code() != ErrorCode.DUPLICATE_KEY) throw e;
      return true; // a concurrent delivery reserved it; the book decides who completes it
    }
    return repository.findRefund(refund.outRefundNo()).isPresent();
  }

  /**
   * A payment first recorded as already refunded at the provider is explained once the full
   * refund is recorded: nothing was granted and everything went back.
   */
  private void resolveRefundedAtProvider(
      Provider provider, TradeSnapshot payment, PayOrder before, RefundSnapshot refund) {
    PayOrder order = repository.find(before.outTradeNo()).orElse(before);
    if (order.settleFlag() != SettlementFlag.REFUNDED_AT_PROVIDER
        || order.userOrderSuccess()
        || refund.refundFee() != order.totalFee()) {
      return;
    }
    events.resolve(Facts.key(provider, Facts.clean(payment)), EventOutcome.REFUND_APPLIED);
  }

  private static String invalid(TradeSnapshot payment, RefundSnapshot refund) {
    if (refund.status() != RefundStatus.SUCCESS) {
      return "a provider refund is recorded when it is SUCCESS, this one is " + refund.status();
    }
    if (refund.outRefundNo() == null || !Ids.ORDER_NO.matcher(refund.outRefundNo()).matches()) {
      return "provider refund number " + LogSafe.quote(refund.outRefundNo())
          + " is not 1..64 chars of [0-9A-Za-z_-]";
    }
    if (refund.refundFee() <= 0) {
      return "a provider refund of " + refund.refundFee() + " fen cannot be recorded";
    }
    if (!payment.state().isPaid()) {
      return "the refunded payment is reported " + payment.state();
    }
    return null;
  }

  private Applied conflict(Provider provider, RefundSnapshot refund, String source, String why) {
    EventLog.Recorded recorded =
        events.record(
            Facts.refund(provider, refund, source, EventOutcome.REFUND_CONFLICT, why,
                clock.instant()));
    if (recorded.inserted()) {
      log.error(
          "{} {} - verified provider refund {} not recorded (source {}): {}; kept in the ledger"
              + " as event {}",
          provider.code(), LogSafe.quote(refund.outTradeNo()), LogSafe.quote(refund.outRefundNo()),
          source, why, recorded.event().id());
    } else {
      log.warn(
          "{} - verified provider refund {} still not recorded: {}; ledger event {}",
          provider.code(), LogSafe.quote(refund.outRefundNo()), why, recorded.event().id());
    }
    return Applied.REJECTED;
  }
}
