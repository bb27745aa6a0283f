package io.unipay.core.internal;

import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.TransferSnapshot;
import io.unipay.core.spi.TransferState;
import io.unipay.core.transfer.Transfer;
import io.unipay.core.transfer.TransferEvent;
import io.unipay.core.transfer.TransferHandler;
import io.unipay.core.transfer.TransferRepository;
import io.unipay.core.transfer.TransferStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies verified transfer results (send answers, queries, cancel answers, notifications, replays)
 * to the stored transfers, exactly once: every result is cross-checked against the stored transfer
 * (provider, amount, merchant); the status change, the ledger fact and — for a final status — the
 * host's {@link TransferHandler} commit together, so a failing handler leaves the transfer where it
 * was for the next redelivery or query. Results that do not fit are kept in the ledger.
 */
public final class TransferBook {
  private static final Logger log = LoggerFactory.getLogger(TransferBook.class);

  private final TransferRepository repository;
  private final Map<String, TransferHandler> handlers;
  private final Clock clock;
  private final EventLog events;

  public TransferBook(
      TransferRepository repository, Map<String, TransferHandler> handlers, Clock clock,
      EventLog events) {
    this.repository = repository;
    this.handlers = Map.copyOf(handlers);
    this.clock = clock;
    this.events = events;
  }

  /** What applying one transfer result did. */
  public enum Applied {
    /** The transfer moved to the reported status now. */
    APPLIED,
    /**
     * Nothing to change: the transfer already had that status or a later one, or the provider
     * does not know a transfer it never acknowledged (yet).
     */
    UNCHANGED,
    /** No stored transfer has this out_bill_no: kept in the ledger. */
    UNMATCHED,
    /** The result contradicts the stored transfer: kept in the ledger for an operator. */
    CONFLICT,
    /** The host's transfer handler threw; nothing changed and the result will come again. */
    HOOK_FAILED,
    /** The store failed; nothing changed. */
    STORAGE_FAILED;

    /** Whether a notification carrying the result is answered as success. */
    public boolean acknowledges() {
      return this == APPLIED || this == UNCHANGED;
    }
  }

  /**
   * Applies a verified transfer result of {@code provider}. Never throws for storage or handler
   * failures (an {@link Error} from a handler propagates, after the rollback).
   */
  public Applied apply(Provider provider, TransferSnapshot verified, String source) {
    TransferSnapshot result = TransferFacts.clean(verified);
    try {
      return applyChecked(provider, result, source);
    } catch (Settlement.HandlerFailure e) {
      log.error(
          "{} {} - transfer handler for type '{}' failed; rolled back, the transfer stays as it"
              + " was and the result is applied again on the next delivery or query",
          provider.code(), result.outBillNo(), e.type, e.getCause());
      return Applied.HOOK_FAILED;
    } catch (RuntimeException e) {
      log.error(
          "{} {} - transfer result {} not recorded ({}): storage failed", provider.code(),
          result.outBillNo(), result.state(), source, e);
      return Applied.STORAGE_FAILED;
    }
  }

  /**
   * Keeps a verified result that answered a request about another transfer: no transfer changes
   * (design §14.4), the fact stays visible in the ledger.
   */
  public void unbound(Provider provider, Transfer asked, TransferSnapshot verified, String source) {
    TransferSnapshot result = TransferFacts.clean(verified);
    String why = "given in answer to a request about " + asked.outBillNo() + " ("
        + asked.transferNo() + ")";
    EventLog.Recorded recorded =
        events.record(
            TransferFacts.fact(provider, result, source, EventOutcome.TRANSFER_UNMATCHED, why,
                clock.instant()));
    log.error(
        "{} {} - the provider's answer names transfer {}; nothing changed, kept in the ledger as"
            + " event {}",
        provider.code(), asked.outBillNo(), LogSafe.quote(result.outBillNo()),
        recorded.event().id());
  }

  private Applied applyChecked(Provider provider, TransferSnapshot result, String source) {
    Optional<Transfer> known = repository.findByOutBillNo(result.outBillNo());
    if (known.isEmpty()) {
      return outside(provider, result, source, EventOutcome.TRANSFER_UNMATCHED,
          "no transfer with out_bill_no " + LogSafe.quote(result.outBillNo()));
    }
    Transfer transfer = known.get();
    String why = mismatch(provider, transfer, result);
    if (why != null) return outside(provider, result, source, EventOutcome.TRANSFER_CONFLICT, why);
    if (result.state() == TransferState.NOT_FOUND) return notFound(provider, transfer, result, source);
    if (decide(transfer.status(), TransferStatus.of(result.state())) == Move.NONE) {
      // Already reflected (a redelivery, a later query) or stale: kept, nothing to lock.
      events.record(
          TransferFacts.fact(provider, result, source, EventOutcome.TRANSFER_UNCHANGED,
              failDetail(result), clock.instant()));
      return Applied.UNCHANGED;
    }
    String transferNo = transfer.transferNo();
    List<ProviderEvent> pending = EventLog.pending();
    Applied applied =
        repository.inTransaction(
            tx -> applyLocked(tx, transferNo, provider, result, source, pending));
    events.tellAll(pending);
    return applied;
  }

  private Applied applyLocked(
      TransferRepository.Transaction tx, String transferNo, Provider provider,
      TransferSnapshot result, String source, List<ProviderEvent> pending) {
    Transfer transfer =
        tx.lock(transferNo).orElseThrow(
            () -> new IllegalStateException("transfer " + transferNo + " vanished"));
    Instant now = clock.instant();
    TransferStatus target = TransferStatus.of(result.state());
    Move move = decide(transfer.status(), target);
    if (move == Move.NONE) {
      recordIn(tx, TransferFacts.fact(provider, result, source, EventOutcome.TRANSFER_UNCHANGED,
          failDetail(result), now), pending);
      return Applied.UNCHANGED;
    }
    if (move == Move.CONTRADICTS) {
      String why = "the transfer is " + transfer.status() + " here; the provider reports "
          + target + (result.failReason() != null ? " (" + LogSafe.quote(result.failReason()) + ")"
              : "");
      recordIn(tx, TransferFacts.fact(provider, result, source, EventOutcome.TRANSFER_CONFLICT,
          why, now), pending);
      log.error(
          "{} {} - transfer {}: {}; nothing changed, kept in the ledger for an operator",
          provider.code(), transfer.outBillNo(), transfer.transferNo(), why);
      return Applied.CONFLICT;
    }
    TransferRepository.Update update =
        new TransferRepository.Update(
            target,
            result.providerBillNo() != null ? result.providerBillNo() : transfer.providerBillNo(),
            target.isFinal()
                ? null
                : result.packageInfo() != null ? result.packageInfo() : transfer.packageInfo(),
            result.failReason() != null ? bounded(result.failReason()) : transfer.failReason(),
            result.updatedAt() != null ? result.updatedAt() : transfer.providerUpdatedAt(),
            target.isFinal() ? now : null);
    if (!tx.update(transfer.transferNo(), transfer.status(), update)) {
      throw new IllegalStateException(
          "transfer " + transfer.transferNo() + " changed under its lock");
    }
    Transfer after = update.applyTo(transfer);
    if (target.isFinal()) runHandler(after, result, source, tx);
    recordIn(tx, TransferFacts.fact(provider, result, source, EventOutcome.TRANSFER_APPLIED,
        failDetail(result), now), pending);
    if (target.isFinal()) {
      // A transfer raised as stuck is resolved by the provider's final answer.
      tx.resolveEvent(TransferFacts.stuckKey(provider, transfer.outBillNo()),
          EventOutcome.TRANSFER_APPLIED, now);
      log.info(
          "{} - transfer {} {} ({} fen, {})", transfer.outBillNo(), transfer.transferNo(),
          target, transfer.amount(), source);
    } else {
      log.debug("{} - transfer {} {} ({})", transfer.outBillNo(), transfer.transferNo(), target,
          source);
    }
    return Applied.APPLIED;
  }

  /** What a result with status {@code target} does to a transfer in status {@code current}. */
  private enum Move {
    /** It moves forward to the reported status. */
    FORWARD,
    /** Nothing: the same status, an earlier or parallel one, or a non-final one after the end. */
    NONE,
    /** Another final status than the recorded one: a conflict for an operator. */
    CONTRADICTS
  }

  private static Move decide(TransferStatus current, TransferStatus target) {
    if (current == target) return Move.NONE;
    if (current.isFinal()) return target.isFinal() ? Move.CONTRADICTS : Move.NONE;
    return current.canMoveTo(target) ? Move.FORWARD : Move.NONE;
  }

  private Applied notFound(
      Provider provider, Transfer transfer, TransferSnapshot result, String source) {
    if (transfer.status().isKnownToProvider() && !transfer.status().isFinal()) {
      return outside(provider, result, source, EventOutcome.TRANSFER_CONFLICT,
          "the provider has no transfer " + transfer.outBillNo() + ", which it had acknowledged"
              + " as " + transfer.status() + "; kept, never sent again");
    }
    events.record(
        TransferFacts.fact(provider, result, source, EventOutcome.TRANSFER_UNCHANGED,
            transfer.status().isFinal() ? null : "not known to the provider (yet)",
            clock.instant()));
    return Applied.UNCHANGED;
  }

  private void runHandler(
      Transfer after, TransferSnapshot result, String source,
      TransferRepository.Transaction tx) {
    TransferHandler handler = handlers.get(after.type());
    if (handler == null) {
      throw new Settlement.HandlerFailure(
          after.type(),
          new IllegalStateException(
              "no TransferHandler is registered for type '" + after.type() + "'; registered: "
                  + handlers.keySet()));
    }
    TransferEvent event = new TransferEvent(after, result, source, tx);
    try {
      if (after.status() == TransferStatus.SUCCESS) handler.onTransferred(event);
      else handler.onTransferFailed(event);
    } catch (RuntimeException e) {
      throw new Settlement.HandlerFailure(after.type(), e);
    }
  }

  /** Records a fact in {@code tx}; a fact recorded before unresolved is resolved by this one. */
  private void recordIn(
      TransferRepository.Transaction tx, ProviderEvent event, List<ProviderEvent> pending) {
    if (tx.appendEvent(event)) {
      if (event.outcome().needsAttention()) pending.add(event);
    } else if (!event.outcome().needsAttention()) {
      tx.resolveEvent(event.dedupeKey(), event.outcome(), clock.instant());
    }
  }

  /** Keeps a result that changes no transfer in a transaction of its own, and says so. */
  private Applied outside(
      Provider provider, TransferSnapshot result, String source, EventOutcome outcome,
      String why) {
    EventLog.Recorded recorded =
        events.record(TransferFacts.fact(provider, result, source, outcome, why, clock.instant()));
    if (recorded.inserted()) {
      log.error(
          "{} {} - verified transfer result {} not applied (source {}): {}; kept in the ledger as"
              + " event {}",
          provider.code(), LogSafe.quote(result.outBillNo()), result.state(), source, why,
          recorded.event().id());
    } else {
      log.warn(
          "{} {} - verified transfer result {} still not applied: {}; ledger event {}",
          provider.code(), LogSafe.quote(result.outBillNo()), result.state(), why,
          recorded.event().id());
    }
    return outcome == EventOutcome.TRANSFER_UNMATCHED ? Applied.UNMATCHED : Applied.CONFLICT;
  }

  /** Why a verified result does not belong to the stored transfer, or null when it does. */
  private static String mismatch(Provider provider, Transfer t, TransferSnapshot result) {
    if (t.provider() != provider) {
      return "the transfer is a " + t.provider().code() + " transfer, the result came from "
          + provider.code();
    }
    if (result.amount() < -1) return "the result reports a negative amount " + result.amount();
    if (result.amount() >= 0 && result.amount() != t.amount()) {
      return "the result reports " + result.amount() + " fen, the transfer is of " + t.amount()
          + " fen";
    }
    if (result.merchantId() != null && !Objects.equals(result.merchantId(), t.mchId())) {
      return "the result names merchant " + LogSafe.quote(result.merchantId())
          + ", the transfer was made by " + t.mchId();
    }
    return null;
  }

  private static String failDetail(TransferSnapshot result) {
    return result.failReason() == null ? null : "fail reason: " + result.failReason();
  }

  private static String bounded(String reason) {
    return reason.length() <= 256 ? reason : reason.substring(0, 256);
  }
}
