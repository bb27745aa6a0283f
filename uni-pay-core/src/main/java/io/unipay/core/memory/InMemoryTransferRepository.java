package io.unipay.core.memory;

import static java.util.Objects.requireNonNull;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.transfer.Transfer;
import io.unipay.core.transfer.TransferRepository;
import io.unipay.core.transfer.TransferStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link TransferRepository} in memory, for tests and demos, on the ledger of an order
 * repository (normally an {@link InMemoryOrderRepository}): {@link #inTransaction} runs inside
 * that repository's transaction, so a transfer's status change and its ledger fact commit or roll
 * back together. One lock serialises the transfer operations (a transaction holds it until it
 * ends); a transaction records an undo action for every change and runs them in reverse when
 * {@code work} throws. The payee's real name is kept in a map of its own and dropped when the
 * transfer reaches a final status.
 */
public final class InMemoryTransferRepository implements TransferRepository {
  private static final Comparator<Transfer> MOST_OVERDUE_FIRST =
      Comparator.comparing(Transfer::nextCheckAt).thenComparing(Transfer::transferNo);

  private final OrderRepository ledger;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Transfer> transfers = new LinkedHashMap<>();
  private final Map<String, String> transferNoByOutBillNo = new HashMap<>();
  private final Map<String, String> payeeNames = new HashMap<>();
  /** Undo actions of the transaction in progress, or null outside a transaction. */
  private List<Runnable> undoLog;

  /** Transfers whose ledger facts go to {@code ledger}'s {@code uni_pay_events}. */
  public InMemoryTransferRepository(OrderRepository ledger) {
    this.ledger = requireNonNull(ledger, "ledger == null");
  }

  @Override
  public void insert(Transfer transfer, String payeeRealName) {
    requireNonNull(transfer, "transfer == null");
    locked(
        () -> {
          if (transfers.containsKey(transfer.transferNo())) {
            throw new UniPayException(
                ErrorCode.DUPLICATE_KEY, "transfer_no already exists: " + transfer.transferNo());
          }
          if (transferNoByOutBillNo.containsKey(transfer.outBillNo())) {
            throw new UniPayException(
                ErrorCode.DUPLICATE_KEY, "out_bill_no already exists: " + transfer.outBillNo());
          }
          put(transfer);
          if (payeeRealName != null) setName(transfer.transferNo(), payeeRealName);
          return null;
        });
  }

  @Override
  public Optional<Transfer> find(String transferNo) {
    return locked(() -> Optional.ofNullable(transfers.get(transferNo)));
  }

  @Override
  public Optional<Transfer> findByOutBillNo(String outBillNo) {
    return locked(
        () -> Optional.ofNullable(transferNoByOutBillNo.get(outBillNo)).map(transfers::get));
  }

  @Override
  public Optional<String> payeeRealName(String transferNo) {
    return locked(() -> Optional.ofNullable(payeeNames.get(transferNo)));
  }

  @Override
  public boolean recordSend(String transferNo, Instant sentAt) {
    requireNonNull(sentAt, "sentAt == null");
    return locked(
        () -> {
          Transfer t = transfers.get(transferNo);
          if (t == null || t.status().isFinal()) return false;
          put(t.toBuilder().sentAt(sentAt).sendCount(t.sendCount() + 1).build());
          return true;
        });
  }

  @Override
  public List<Transfer> claimDue(Instant now, Duration lease, int limit) {
    requireNonNull(now, "now == null");
    requireNonNull(lease, "lease == null");
    if (limit <= 0) throw new IllegalArgumentException("limit <= 0: " + limit);
    return locked(
        () -> {
          List<Transfer> due =
              transfers.values().stream()
                  .filter(t -> !t.status().isFinal() && !t.nextCheckAt().isAfter(now))
                  .sorted(MOST_OVERDUE_FIRST)
                  .limit(limit)
                  .toList();
          List<Transfer> claimed = new ArrayList<>(due.size());
          for (Transfer t : due) {
            Transfer leased = t.toBuilder().nextCheckAt(now.plus(lease)).build();
            put(leased);
            claimed.add(leased);
          }
          return claimed;
        });
  }

  @Override
  public void scheduleCheck(String transferNo, Instant nextCheckAt, int checkCount) {
    requireNonNull(nextCheckAt, "nextCheckAt == null");
    locked(
        () -> {
          Transfer t = transfers.get(transferNo);
          if (t != null) put(t.toBuilder().nextCheckAt(nextCheckAt).checkCount(checkCount).build());
          return null;
        });
  }

  @Override
  public <T> T inTransaction(Function<Transaction, T> work) {
    requireNonNull(work, "work == null");
    return ledger.inTransaction(
        events -> {
          lock.lock();
          try {
            if (undoLog != null) throw new IllegalStateException("transactions do not nest");
            List<Runnable> undo = new ArrayList<>();
            undoLog = undo;
            boolean committed = false;
            try {
              T result = work.apply(new MemoryTransaction(events, undo));
              committed = true;
              return result;
            } finally {
              undoLog = null;
              if (!committed) {
                for (int i = undo.size() - 1; i >= 0; i--) undo.get(i).run();
              }
            }
          } finally {
            lock.unlock();
          }
        });
  }

  /** How many transfers are stored (for tests). */
  public int size() {
    return locked(transfers::size);
  }

  // ---------------------------------------------------------------- changes, with undo

  private void put(Transfer transfer) {
    Transfer previous = transfers.put(transfer.transferNo(), transfer);
    if (previous == null) transferNoByOutBillNo.put(transfer.outBillNo(), transfer.transferNo());
    undo(
        () -> {
          if (previous == null) {
            transfers.remove(transfer.transferNo());
            transferNoByOutBillNo.remove(transfer.outBillNo());
          } else {
            transfers.put(previous.transferNo(), previous);
          }
        });
  }

  private void setName(String transferNo, String name) {
    String previous = name == null ? payeeNames.remove(transferNo) : payeeNames.put(transferNo, name);
    undo(
        () -> {
          if (previous == null) payeeNames.remove(transferNo);
          else payeeNames.put(transferNo, previous);
        });
  }

  private void undo(Runnable action) {
    if (undoLog != null) undoLog.add(action);
  }

  private <T> T locked(Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  /** The operations of the transaction in progress; valid only on its thread, until it ends. */
  private final class MemoryTransaction implements Transaction {
    private final OrderRepository.Transaction events;
    private final List<Runnable> undo;

    MemoryTransaction(OrderRepository.Transaction events, List<Runnable> undo) {
      this.events = events;
      this.undo = undo;
    }

    private void active() {
      if (!lock.isHeldByCurrentThread() || undoLog != undo) {
        throw new IllegalStateException("the transaction has ended or runs on another thread");
      }
    }

    @Override
    public Optional<Transfer> lock(String transferNo) {
      active();
      return Optional.ofNullable(transfers.get(transferNo));
    }

    @Override
    public boolean update(String transferNo, TransferStatus from, Update update) {
      requireNonNull(from, "from == null");
      requireNonNull(update, "update == null");
      if (!from.canMoveTo(update.status())) {
        throw new IllegalArgumentException(from + " cannot move to " + update.status());
      }
      active();
      Transfer t = transfers.get(transferNo);
      if (t == null || t.status() != from) return false;
      put(update.applyTo(t));
      if (update.status().isFinal()) setName(transferNo, null);
      return true;
    }

    @Override
    public boolean appendEvent(ProviderEvent event) {
      active();
      return events.appendEvent(event);
    }

    @Override
    public boolean resolveEvent(String dedupeKey, EventOutcome resolution, Instant at) {
      active();
      return events.resolveEvent(dedupeKey, resolution, at);
    }

    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
      return events.unwrap(type);
    }
  }
}
