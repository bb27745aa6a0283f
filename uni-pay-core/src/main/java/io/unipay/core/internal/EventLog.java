package io.unipay.core.internal;

import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.LedgerListener;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.spi.OrderRepository;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes facts to the ledger and tells the {@link LedgerListener} about the ones that need an
 * operator — once, when first recorded, and only after they are committed.
 */
public final class EventLog {
  private static final Logger log = LoggerFactory.getLogger(EventLog.class);

  private final OrderRepository repository;
  private final Clock clock;
  private final LedgerListener listener;

  public EventLog(OrderRepository repository, Clock clock, LedgerListener listener) {
    this.repository = repository;
    this.clock = clock;
    this.listener = listener;
  }

  /**
   * Records a fact in a transaction of its own and returns the stored row (the existing one when
   * the fact was recorded before). Storage failures propagate.
   */
  public Recorded record(ProviderEvent event) {
    boolean inserted = repository.appendEvent(event);
    ProviderEvent stored = repository.findEventByKey(event.dedupeKey()).orElse(event);
    if (inserted) tell(stored);
    return new Recorded(stored, inserted);
  }

  /**
   * Records a fact inside a settlement transaction; when the same fact was recorded before
   * unresolved (e.g. unmatched, now settling after a fix), that row is marked resolved instead.
   * Facts needing attention are added to {@code pending}, for {@link #tellAll} after commit.
   */
  public void recordIn(
      OrderRepository.Transaction tx, ProviderEvent event, List<ProviderEvent> pending) {
    appended(tx, event, tx.appendEvent(event), pending);
  }

  /**
   * What {@link #recordIn} does once {@code event} was offered to the ledger in {@code tx} (for
   * example with the CAS, by {@link OrderRepository.Transaction#markPaidAndAppend}): {@code
   * inserted} tells whether it was stored or a fact with its dedupe key existed.
   */
  public void appended(
      OrderRepository.Transaction tx,
      ProviderEvent event,
      boolean inserted,
      List<ProviderEvent> pending) {
    if (inserted) {
      if (event.outcome().needsAttention()) pending.add(event);
    } else if (!event.outcome().needsAttention()) {
      tx.resolveEvent(event.dedupeKey(), event.outcome(), clock.instant());
    }
  }

  /** Marks an unresolved fact resolved in a transaction of its own. */
  public void resolve(String dedupeKey, EventOutcome resolution) {
    repository.inTransaction(tx -> tx.resolveEvent(dedupeKey, resolution, clock.instant()));
  }

  /** Tells the listener about facts committed by {@link #recordIn}. */
  public void tellAll(List<ProviderEvent> committed) {
    for (ProviderEvent event : committed) {
      tell(repository.findEventByKey(event.dedupeKey()).orElse(event));
    }
  }

  /** A new list for {@link #recordIn}. */
  public static List<ProviderEvent> pending() {
    return new ArrayList<>(2);
  }

  private void tell(ProviderEvent event) {
    if (!event.outcome().needsAttention()) return;
    try {
      listener.onUnresolved(event);
    } catch (RuntimeException e) {
      log.warn("ledger listener failed for event {}", event.id(), e);
    }
  }

  /** A fact as stored, and whether this call stored it. */
  public record Recorded(ProviderEvent event, boolean inserted) {}
}
