package io.unipay.core.ledger;

import java.util.List;
import java.util.Optional;

/**
 * The engine's view of the provider-event ledger (design §13), from {@code pay.ledger()}: every
 * verified provider fact with what the engine did with it. An operator lists the facts that need
 * attention ({@link #unresolved}), fixes the data (e.g. inserts the missing order, corrects an
 * amount), and {@linkplain #replay replays} the fact through the same settlement path a
 * notification takes, with the same exactly-once guarantees. Thread-safe.
 */
public interface Ledger {

  /** Up to {@code limit} unresolved facts, oldest first. */
  default List<ProviderEvent> unresolved(int limit) {
    return unresolved(0, limit);
  }

  /** Up to {@code limit} unresolved facts after ledger id {@code afterId}, oldest first (paging). */
  List<ProviderEvent> unresolved(long afterId, int limit);

  /** Every fact naming this payment order, oldest first. */
  List<ProviderEvent> events(String outTradeNo);

  /** The fact with this ledger id. */
  Optional<ProviderEvent> find(long id);

  /**
   * Applies a recorded fact again through the settlement path (payments) or the refund
   * bookkeeping (refunds); for a stuck refund, reconciles it with the provider now. A fact that now
   * fits is resolved; one that still does not stays unresolved. Replaying a fact that was applied
   * already changes nothing (no handler runs twice).
   *
   * @return the fact as it is after the replay
   * @throws io.unipay.core.UniPayException {@code INVALID_ARGUMENT} when no fact has this id
   */
  ProviderEvent replay(long id);

  /**
   * Marks an unresolved fact as handled by an operator outside the engine (e.g. a payer refunded
   * by hand), so it leaves {@link #unresolved}. Returns the fact as it is now.
   *
   * @throws io.unipay.core.UniPayException {@code INVALID_ARGUMENT} when no fact has this id
   */
  ProviderEvent acknowledge(long id);
}
