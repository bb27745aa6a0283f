package io.unipay.core.internal;

import static io.unipay.core.internal.TradeChecks.mismatch;
import static io.unipay.core.internal.TradeChecks.paidUpdate;
import static io.unipay.core.internal.TradeChecks.sameTransaction;

import io.unipay.core.SettlementListener;
import io.unipay.core.SettlementOutcome;
import io.unipay.core.UniPayException;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Provider;
import io.unipay.core.order.SettlementFlag;
import io.unipay.core.spi.NotifyHandler;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.PaidEvent;
import io.unipay.core.spi.TradeSnapshot;
import io.unipay.core.spi.TradeState;
import io.unipay.core.spi.UnpaidSettled;
import io.unipay.core.spi.UnpaidSettlement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single settlement path (design §6, §13, §14.2): notifications, active queries, the sweeper,
 * replays and manual repair all hand a verified provider result to {@link #settle}. Every paid
 * fact is kept in the ledger — in the settlement transaction when it changes the order, on its own
 * when it cannot be applied. Thread-safe; the repository's lock and compare-and-set decide races.
 */
public final class Settlement {
  private static final Logger log = LoggerFactory.getLogger(Settlement.class);

  private final OrderRepository repository;
  private final Map<String, NotifyHandler> handlers;
  private final Clock clock;
  private final EventLog events;
  private final Consumer<PayOrder> onDuplicatePayment;
  private final Consumer<PayOrder> onLateAfterClose;
  private final SettlementListener listener;
  private final SettledHere settledHere = new SettledHere(4096);

  public Settlement(
      OrderRepository repository,
      Map<String, NotifyHandler> handlers,
      Clock clock,
      EventLog events,
      Consumer<PayOrder> onDuplicatePayment,
      Consumer<PayOrder> onLateAfterClose,
      SettlementListener listener) {
    this.repository = repository;
    this.handlers = Map.copyOf(handlers);
    this.clock = clock;
    this.events = events;
    this.onDuplicatePayment = onDuplicatePayment;
    this.onLateAfterClose = onLateAfterClose;
    this.listener = listener;
  }

  /**
   * Settles a verified trade of {@code provider}: cross-checks it against the stored order, then
   * moves the order to PAID, records the fact and runs the handler in one transaction. Never throws
   * for storage or handler failures: they come back as {@code STORAGE_FAILED} / {@code
   * HANDLER_FAILED}, with everything rolled back.
   */
  public SettlementOutcome settle(Provider provider, TradeSnapshot verified, String source) {
    SettlementOutcome outcome = attempt(provider, verified, source);
    try {
      listener.onSettlement(provider, verified.outTradeNo(), outcome, source);
    } catch (RuntimeException e) {
      log.warn("settlement listener failed for {} {}: {}", provider.code(),
          LogSafe.quote(verified.outTradeNo()), e.toString());
    }
    return outcome;
  }

  private SettlementOutcome attempt(Provider provider, TradeSnapshot verified, String source) {
    if (!verified.state().isPaid()) return SettlementOutcome.NOT_PAID;
    TradeSnapshot trade = Facts.clean(verified);
    try {
      return settleChecked(provider, trade, source);
    } catch (HandlerFailure e) {
      log.error(
          "{} {} - handler for type '{}' failed; settlement rolled back, the payment will be"
              + " delivered again",
          provider.code(), trade.outTradeNo(), e.type, e.getCause());
      return SettlementOutcome.HANDLER_FAILED;
    } catch (RuntimeException e) {
      log.error(
          "{} {} - settlement not recorded ({}): storage failed, nothing changed; the payment"
              + " will be delivered or queried again",
          provider.code(), trade.outTradeNo(), source, e);
      return SettlementOutcome.STORAGE_FAILED;
    }
  }

  private SettlementOutcome settleChecked(Provider provider, TradeSnapshot trade, String source) {
    Optional<PayOrder> stored = null;
    if (trade.state() == TradeState.PAID && repository.settlesUnpaidInOneStatement()
        && !settledHere.contains(trade.outTradeNo())) {
      OneStatement first = inOneStatement(provider, trade, source);
      if (first.settled) {
        settledHere.add(trade.outTradeNo());
        return SettlementOutcome.SETTLED;
      }
      stored = first.read;
    }
    if (stored == null) stored = repository.find(trade.outTradeNo());
    if (stored.isEmpty()) {
      return unmatched(provider, trade, source, EventOutcome.UNMATCHED_UNKNOWN_ORDER,
          "no payment order " + trade.outTradeNo());
    }
    PayOrder order = stored.get();
    String mismatch = mismatch(provider, order, trade);
    if (mismatch != null) {
      return unmatched(provider, trade, source, EventOutcome.UNMATCHED_MISMATCH, mismatch);
    }
    if (order.status().isPaid()) {
      // PAID is never left backwards, so a committed PAID with this very transaction is final:
      // answer from the read, with no lock and no write.
      if (sameTransaction(order, trade)) {
        settledHere.add(trade.outTradeNo());
        return SettlementOutcome.ALREADY_SETTLED;
      }
      return unmatched(provider, trade, source, EventOutcome.UNMATCHED_CONFLICT,
          "order is paid with transaction " + order.transactionId());
    }
    List<ProviderEvent> pending = EventLog.pending();
    Locked locked =
        repository.inTransaction(tx -> settleLocked(tx, provider, order, trade, source, pending));
    events.tellAll(pending);
    if (locked.conflict != null) {
      log.error(
          "{} {} - verified payment not settled (source {}, transaction {}, {} fen): {}; kept in"
              + " the ledger as {}",
          provider.code(), trade.outTradeNo(), source, trade.transactionId(), trade.totalFee(),
          locked.conflict, locked.event);
      return SettlementOutcome.REJECTED;
    }
    if (locked.outcome == SettlementOutcome.SETTLED) settledHere.add(order.outTradeNo());
    afterCommit(order.outTradeNo(), locked.outcome);
    return locked.outcome;
  }

  /**
   * The common case in one statement where the repository offers it: an UNPAID order paid by its
   * own trade, no other payment of its business order. Anything else writes nothing and returns
   * the order as the statement read it (null: read again), for the general path to decide; the
   * engine checks the read itself too, so the statement's conditions only select, never decide.
   */
  private OneStatement inOneStatement(Provider provider, TradeSnapshot trade, String source) {
    Instant now = clock.instant();
    OrderRepository.PaidUpdate update = paidUpdate(trade, now, SettlementFlag.NONE, true);
    ProviderEvent event = Facts.payment(provider, trade, source, EventOutcome.SETTLED, null, now);
    UnpaidSettlement settlement =
        new UnpaidSettlement(trade.outTradeNo(), provider, trade.totalFee(), trade.currency(),
            trade.appId(), trade.merchantId(), update, event);
    List<ProviderEvent> pending = EventLog.pending();
    try {
      repository.inTransaction(
          tx -> {
            UnpaidSettled done = tx.settleUnpaid(settlement);
            PayOrder before = done.before().orElse(null);
            if (done.result() == UnpaidSettled.Result.HANDLED_ELSEWHERE) {
              throw new NotInOneStatement(null);
            }
            if (!done.paid()) throw new NotInOneStatement(done.before());
            if (before.status() != OrderStatus.UNPAID
                || mismatch(provider, before, trade) != null) {
              log.warn("{} {} - the repository's one-statement settlement paid an order the engine"
                  + " would not settle so; rolled back, settling it the general way",
                  provider.code(), LogSafe.quote(trade.outTradeNo()));
              throw new NotInOneStatement(null);
            }
            events.appended(tx, event, done.result() == UnpaidSettled.Result.PAID_AND_APPENDED,
                pending);
            runHandler(tx, before.type(), update.applyTo(before), trade, source, false);
            return null;
          });
    } catch (NotInOneStatement n) {
      return new OneStatement(false, n.read);
    }
    events.tellAll(pending);
    return new OneStatement(true, null);
  }

  private Locked settleLocked(
      OrderRepository.Transaction tx, Provider provider, PayOrder order, TradeSnapshot trade,
      String source, List<ProviderEvent> pending) {
    List<PayOrder> siblings = tx.lockByOrderNo(order.orderNo());
    PayOrder current =
        siblings.stream().filter(o -> o.outTradeNo().equals(order.outTradeNo())).findFirst()
            .orElse(null);
    Instant now = clock.instant();
    String conflict = null;
    EventOutcome conflictOutcome = EventOutcome.UNMATCHED_CONFLICT;
    if (current == null) {
      conflict = "the order vanished or moved to another business order during settlement";
    } else if (current.status().isPaid()) {
      if (sameTransaction(current, trade)) return new Locked(SettlementOutcome.ALREADY_SETTLED);
      conflict = "order is paid with transaction " + current.transactionId();
    } else {
      conflict = mismatch(provider, current, trade);
      if (conflict != null) conflictOutcome = EventOutcome.UNMATCHED_MISMATCH;
    }
    if (conflict != null) {
      ProviderEvent event = Facts.payment(provider, trade, source, conflictOutcome, conflict, now);
      events.recordIn(tx, event, pending);
      return new Locked(conflict, conflictOutcome);
    }
    boolean otherPaid =
        siblings.stream()
            .anyMatch(o -> !o.outTradeNo().equals(order.outTradeNo()) && o.status().isPaid());
    OrderStatus from = current.status();
    SettlementFlag flag =
        trade.state() == TradeState.REFUNDED
            ? SettlementFlag.REFUNDED_AT_PROVIDER
            : otherPaid
                ? SettlementFlag.DUPLICATE_PAYMENT
                : from == OrderStatus.CLOSED ? SettlementFlag.LATE_AFTER_CLOSE : SettlementFlag.NONE;
    boolean handlerRuns = flag == SettlementFlag.NONE || flag == SettlementFlag.LATE_AFTER_CLOSE;
    OrderRepository.PaidUpdate update = paidUpdate(trade, now, flag, handlerRuns);
    SettlementOutcome outcome =
        switch (flag) {
          case REFUNDED_AT_PROVIDER -> SettlementOutcome.REFUNDED_AT_PROVIDER;
          case DUPLICATE_PAYMENT -> SettlementOutcome.DUPLICATE_PAYMENT;
          case LATE_AFTER_CLOSE -> SettlementOutcome.SETTLED_AFTER_CLOSE;
          case NONE -> SettlementOutcome.SETTLED;
        };
    // The CAS (with user_order_success) and the ledger row, one statement where the database
    // allows; the handler runs after both, and its failure rolls all of it back.
    ProviderEvent event = Facts.payment(provider, trade, source, eventOutcome(outcome), null, now);
    OrderRepository.PaidAndRecorded cas =
        tx.markPaidAndAppend(order.outTradeNo(), from, update, event);
    if (cas == OrderRepository.PaidAndRecorded.LOST) {
      // Under the lock the row cannot have moved; if it did, the repository is not locking.
      String why = "the order changed under the settlement lock (status " + from + ")";
      events.recordIn(
          tx, Facts.payment(provider, trade, source, EventOutcome.UNMATCHED_CONFLICT, why, now),
          pending);
      return new Locked(why, EventOutcome.UNMATCHED_CONFLICT);
    }
    events.appended(tx, event, cas == OrderRepository.PaidAndRecorded.APPENDED, pending);
    if (handlerRuns) {
      // what the CAS wrote; no second read under the lock
      runHandler(tx, order.type(), update.applyTo(current), trade, source,
          flag == SettlementFlag.LATE_AFTER_CLOSE);
    }
    if (flag == SettlementFlag.DUPLICATE_PAYMENT) {
      log.warn(
          "{} - business order {} was already paid; payment {} ({} fen) recorded as a duplicate",
          order.outTradeNo(), order.orderNo(), trade.transactionId(), trade.totalFee());
    } else if (flag == SettlementFlag.REFUNDED_AT_PROVIDER) {
      log.error(
          "{} {} - the provider reports payment {} ({} fen) as already refunded: recorded as"
              + " PAID and flagged REFUNDED_AT_PROVIDER, the handler did not run; see the ledger",
          provider.code(), order.outTradeNo(), trade.transactionId(), trade.totalFee());
    }
    return new Locked(outcome);
  }

  private void runHandler(
      OrderRepository.Transaction tx, String type, PayOrder paid, TradeSnapshot trade,
      String source, boolean lateAfterClose) {
    NotifyHandler handler = handlers.get(type);
    if (handler == null) {
      throw new UniPayException(
          io.unipay.core.ErrorCode.UNKNOWN_TYPE, "no handler registered for type '" + type + "'");
    }
    try {
      handler.onPaid(new PaidEvent(paid, trade, source, lateAfterClose, tx));
    } catch (RuntimeException e) {
      throw new HandlerFailure(type, e);
    }
  }

  private SettlementOutcome unmatched(
      Provider provider, TradeSnapshot trade, String source, EventOutcome outcome, String why) {
    EventLog.Recorded recorded =
        events.record(Facts.payment(provider, trade, source, outcome, why, clock.instant()));
    if (recorded.inserted()) {
      log.error(
          "{} {} - verified payment not settled (source {}, transaction {}, {} fen): {}; kept in"
              + " the ledger as event {} ({})",
          provider.code(), trade.outTradeNo(), source, trade.transactionId(), trade.totalFee(),
          why, recorded.event().id(), outcome);
    } else {
      log.warn(
          "{} {} - verified payment still not settled (source {}): {}; ledger event {}",
          provider.code(), trade.outTradeNo(), source, why, recorded.event().id());
    }
    return SettlementOutcome.REJECTED;
  }

  private void afterCommit(String outTradeNo, SettlementOutcome outcome) {
    if (outcome != SettlementOutcome.DUPLICATE_PAYMENT
        && outcome != SettlementOutcome.SETTLED_AFTER_CLOSE) {
      return;
    }
    try {
      PayOrder settled = repository.find(outTradeNo).orElseThrow();
      if (outcome == SettlementOutcome.DUPLICATE_PAYMENT) onDuplicatePayment.accept(settled);
      else onLateAfterClose.accept(settled);
    } catch (RuntimeException e) {
      // The payment is recorded and flagged; the sweeper retries the refund with backoff.
      log.warn("{} - automatic refund after {} failed; the sweeper retries it", outTradeNo,
          outcome, e);
    }
  }

  /** The ledger outcome of a settlement outcome that changed the order. */
  static EventOutcome eventOutcome(SettlementOutcome outcome) {
    return switch (outcome) {
      case SETTLED -> EventOutcome.SETTLED;
      case SETTLED_AFTER_CLOSE -> EventOutcome.SETTLED_AFTER_CLOSE;
      case DUPLICATE_PAYMENT -> EventOutcome.DUPLICATE_PAYMENT;
      case REFUNDED_AT_PROVIDER -> EventOutcome.REFUNDED_AT_PROVIDER;
      default -> EventOutcome.ALREADY_SETTLED;
    };
  }

  /** What the locked part decided. */
  private record Locked(SettlementOutcome outcome, String conflict, EventOutcome event) {
    Locked(SettlementOutcome outcome) {
      this(outcome, null, null);
    }

    Locked(String conflict, EventOutcome event) {
      this(SettlementOutcome.REJECTED, conflict, event);
    }
  }

  /** What the one-statement attempt did: settled, or what it read (null: nothing usable). */
  private record OneStatement(boolean settled, Optional<PayOrder> read) {}

  /** Rolls the one-statement attempt back, carrying what it read out of the transaction. */
  private static final class NotInOneStatement extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Optional<PayOrder> read;

    NotInOneStatement(Optional<PayOrder> read) {
      super(null, null, false, false);
      this.read = read;
    }
  }

  /** A host handler's exception, carried out of the transaction so it is told from storage errors. */
  static final class HandlerFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String type;

    HandlerFailure(String type, RuntimeException cause) {
      super(cause);
      this.type = type;
    }
  }
}
