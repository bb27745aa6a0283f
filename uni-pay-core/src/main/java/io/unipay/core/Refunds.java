package io.unipay.core;

import io.unipay.core.internal.EventLog;
import io.unipay.core.internal.Facts;
import io.unipay.core.internal.Ids;
import io.unipay.core.internal.LogSafe;
import io.unipay.core.internal.RefundBook;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.PayClient;
import io.unipay.core.spi.RefundCommand;
import io.unipay.core.spi.RefundSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The refund state machine (design §14.3): an amount is reserved atomically before the provider
 * is called and released only on a definite answer about that very refund; every other failure
 * keeps it PROCESSING, and reconciliation asks again (and re-sends with the same out_refund_no,
 * which the providers treat idempotently) until the provider says what happened.
 */
final class Refunds {
  private static final Logger log = LoggerFactory.getLogger(Refunds.class);

  private final OrderRepository repository;
  private final Function<PayOrder, PayClient> clients;
  private final RefundBook book;
  private final EventLog events;
  private final Clock clock;
  private final Supplier<String> ids;
  private final Function<PayOrder, String> notifyUrl;

  Refunds(
      OrderRepository repository, Function<PayOrder, PayClient> clients, RefundBook book,
      EventLog events, Clock clock, Supplier<String> ids, Function<PayOrder, String> notifyUrl) {
    this.repository = repository;
    this.clients = clients;
    this.book = book;
    this.events = events;
    this.clock = clock;
    this.ids = ids;
    this.notifyUrl = notifyUrl;
  }

  Refund refund(PayOrder order, RefundRequest request) {
    if (request.outRefundNo() != null) {
      if (!Ids.ORDER_NO.matcher(request.outRefundNo()).matches()) {
        throw UniPayException.invalid(
            "outRefundNo " + LogSafe.quote(request.outRefundNo())
                + " must be 1..64 chars of [0-9A-Za-z_-]");
      }
      Optional<Refund> existing = repository.findRefund(request.outRefundNo());
      if (existing.isPresent()) {
        Refund r = existing.get();
        if (!r.outTradeNo().equals(order.outTradeNo()) || r.refundFee() != request.refundFee()) {
          throw UniPayException.invalid(
              "outRefundNo " + request.outRefundNo() + " was already used for " + r.refundFee()
                  + " fen of " + r.outTradeNo());
        }
        return r;
      }
    }
    if (request.refundFee() <= 0) {
      throw UniPayException.invalid("refundFee must be > 0 fen, was " + request.refundFee());
    }
    if (request.reason() != null && request.reason().length() > 80) {
      throw UniPayException.invalid("reason is longer than 80 chars");
    }
    checkRefundable(order, request.refundFee());
    Instant now = clock.instant();
    String outRefundNo = request.outRefundNo() != null ? request.outRefundNo() : ids.get();
    // The sweeper leaves a fresh refund alone for a minute while its own request is in flight.
    Refund refund =
        new Refund(
            outRefundNo, order.outTradeNo(), request.refundFee(), request.reason(),
            RefundStatus.PROCESSING, null, now, null, now.plus(Duration.ofMinutes(1)));
    if (!repository.reserveRefund(refund, now)) {
      checkRefundable(repository.find(order.outTradeNo()).orElseThrow(), request.refundFee());
      throw new UniPayException(
          ErrorCode.REFUND_EXCEEDS_PAID,
          "refund of " + request.refundFee() + " fen for " + order.outTradeNo()
              + " lost a race with another refund; retry");
    }
    send(order, refund, "refund");
    return repository.findRefund(outRefundNo).orElseThrow();
  }

  static void checkRefundable(PayOrder order, long refundFee) {
    if (!order.status().isRefundable()) {
      throw new UniPayException(
          ErrorCode.ORDER_NOT_REFUNDABLE,
          "out_trade_no " + order.outTradeNo() + " is " + order.status() + "; only PAID or"
              + " PARTIALLY_REFUNDED orders can be refunded");
    }
    if (refundFee > order.totalFee() - order.refundFee()) {
      throw new UniPayException(
          ErrorCode.REFUND_EXCEEDS_PAID,
          "refund of " + refundFee + " fen exceeds what is left of " + order.outTradeNo() + ": "
              + (order.totalFee() - order.refundFee()) + " of " + order.totalFee() + " fen");
    }
  }

  /**
   * Sends a reserved refund (first time or again, always with its own out_refund_no) and applies
   * the answer. A definite refusal about this refund closes it and releases its amount; any other
   * failure leaves it PROCESSING and is rethrown.
   */
  void send(PayOrder order, Refund refund, String source) {
    PayClient client = clients.apply(order);
    RefundCommand command =
        new RefundCommand(
            order.outTradeNo(), order.transactionId(), refund.outRefundNo(), refund.refundFee(),
            order.totalFee(), order.currency(), refund.reason(), notifyUrl.apply(order));
    RefundSnapshot result;
    try {
      result = client.refund(command);
    } catch (ProviderRejectedException e) {
      if (e.isDefinite()) {
        release(order, refund, source, e);
      } else {
        log.warn(
            "{} - refund {} not accepted for a reason that is not about it ({} {}): kept"
                + " PROCESSING, {} fen stay reserved; reconciled by query",
            order.outTradeNo(), refund.outRefundNo(), e.httpStatus(),
            LogSafe.quote(e.providerCode()), refund.refundFee());
      }
      throw e;
    } catch (UniPayException e) {
      log.warn(
          "{} - refund {} outcome unknown ({}); kept PROCESSING for reconciliation",
          order.outTradeNo(), refund.outRefundNo(), e.code());
      throw e;
    }
    checkBound(order, refund, result);
    book.apply(order.provider(), result, source);
  }

  private void release(PayOrder order, Refund refund, String source, ProviderRejectedException e) {
    RefundSnapshot refused =
        new RefundSnapshot(
            order.outTradeNo(), refund.outRefundNo(), null, RefundStatus.CLOSED, -1, null,
            "refused: " + e.providerCode() + " " + e.providerMessage());
    RefundBook.Applied applied = book.apply(order.provider(), refused, source);
    log.warn(
        "{} - refund {} refused by {} ({} {}): {}; {} fen released",
        order.outTradeNo(), refund.outRefundNo(), order.provider().code(), e.verdict(),
        LogSafe.quote(e.providerCode()), applied, refund.refundFee());
  }

  /** A verified answer about another refund says nothing about this one (design §14.4). */
  private static void checkBound(PayOrder order, Refund refund, RefundSnapshot result) {
    if (!refund.outRefundNo().equals(result.outRefundNo())
        || (result.outTradeNo() != null && !order.outTradeNo().equals(result.outTradeNo()))) {
      throw new UniPayException(
          ErrorCode.OUTCOME_UNKNOWN,
          "the refund answer is about " + LogSafe.quote(result.outRefundNo()) + " of "
              + LogSafe.quote(result.outTradeNo()) + ", the request was " + refund.outRefundNo()
              + " of " + order.outTradeNo() + "; kept PROCESSING");
    }
  }

  /**
   * One reconciliation attempt of a PROCESSING refund: query; a refund the provider verifiably
   * does not know is sent again. Returns whether it reached a final status. Failures propagate.
   */
  boolean reconcile(Refund refund, String source) {
    PayOrder order = repository.find(refund.outTradeNo()).orElseThrow(
        () -> new UniPayException(
            ErrorCode.ORDER_NOT_FOUND, "refund " + refund.outRefundNo() + " has no order"));
    RefundSnapshot result;
    try {
      result = clients.apply(order).queryRefund(order.outTradeNo(), refund.outRefundNo());
    } catch (ProviderRejectedException e) {
      if (e.verdict() != ProviderRejectedException.Verdict.NOT_FOUND) throw e;
      // The provider does not know the refund: the first request never arrived. Send it again
      // with the same out_refund_no, which the provider treats idempotently.
      log.info(
          "{} - refund {} unknown to the provider ({}); sending it again", order.outTradeNo(),
          refund.outRefundNo(), LogSafe.quote(e.providerCode()));
      try {
        send(order, refund, source);
      } catch (ProviderRejectedException refused) {
        if (!refused.isDefinite()) throw refused;
      }
      return isFinal(refund);
    }
    checkBound(order, refund, result);
    RefundBook.Applied applied = book.apply(order.provider(), result, source);
    if (applied == RefundBook.Applied.STORAGE_FAILED) {
      throw new UniPayException(ErrorCode.STORAGE_FAILURE, "refund result not recorded");
    }
    return isFinal(refund);
  }

  /**
   * Queries a refund in any status and applies the verified answer through the bookkeeping (a
   * SUCCESS of a refund closed locally is applied again and flagged, design §14.3). Unlike {@link
   * #reconcile} it never re-sends: a refund the provider does not know is left as it is. Failures
   * propagate.
   */
  RefundBook.Applied requery(Refund refund, String source) {
    PayOrder order = repository.find(refund.outTradeNo()).orElseThrow(
        () -> new UniPayException(
            ErrorCode.ORDER_NOT_FOUND, "refund " + refund.outRefundNo() + " has no order"));
    RefundSnapshot result =
        clients.apply(order).queryRefund(order.outTradeNo(), refund.outRefundNo());
    checkBound(order, refund, result);
    return book.apply(order.provider(), result, source);
  }

  private boolean isFinal(Refund refund) {
    return repository.findRefund(refund.outRefundNo()).orElseThrow().status().isFinal();
  }

  /** Raises a refund that stays unresolved after many attempts to the operator, once. */
  void raiseStuck(PayOrder order, Refund refund, int attempts, UniPayException lastError) {
    String why = "still PROCESSING after " + attempts + " reconciliation attempts"
        + (lastError != null ? "; last error " + lastError.code() : "")
        + "; its " + refund.refundFee() + " fen stay reserved and the sweeper keeps asking";
    EventLog.Recorded recorded =
        events.record(
            Facts.attention(order.provider(), refund, EventOutcome.REFUND_STUCK, why,
                clock.instant()));
    if (recorded.inserted()) {
      log.error(
          "{} {} - refund {} {}; ledger event {}", order.provider().code(), order.outTradeNo(),
          refund.outRefundNo(), why, recorded.event().id());
    }
  }

  /** See {@link UniPay#getRefund}. @throws UniPayException REFUND_NOT_FOUND */
  Refund get(String outRefundNo, boolean syncWithProvider) {
    Refund refund =
        repository.findRefund(outRefundNo).orElseThrow(
            () -> new UniPayException(
                ErrorCode.REFUND_NOT_FOUND, "no refund " + LogSafe.quote(outRefundNo)));
    if (syncWithProvider && refund.status() == RefundStatus.PROCESSING) {
      reconcile(refund, "query");
      refund = repository.findRefund(outRefundNo).orElseThrow();
    }
    return refund;
  }

  /** Every refund of an order, oldest first. */
  List<Refund> of(String outTradeNo) {
    return repository.findRefunds(outTradeNo);
  }
}
