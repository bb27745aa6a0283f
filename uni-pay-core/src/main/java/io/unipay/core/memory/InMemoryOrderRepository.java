package io.unipay.core.memory;

import static java.util.Objects.requireNonNull;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.order.SettlementFlag;
import io.unipay.core.spi.OrderBrowser;
import io.unipay.core.spi.OrderCursor;
import io.unipay.core.spi.OrderFilter;
import io.unipay.core.spi.OrderPage;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.ReconciliationRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * An {@link OrderRepository} in memory, for tests and demos. Honours the same contract as the JDBC
 * repository: compare-and-set transitions, atomic refund reservation, a deduplicating ledger, and
 * transactions that roll back on an exception. One lock serialises every operation (a transaction
 * holds it until it ends), which is simple and correct for a test double; use the JDBC repository
 * in production.
 *
 * <p>A transaction records an undo action for every change it makes (orders, refunds, ledger
 * facts) and runs them in reverse order when {@code work} throws. Ledger ids are not reused after
 * a rollback, like a database sequence.
 *
 * <p>It is also an {@link OrderBrowser} (newest-first pages of the orders a filter matches).
 */
public final class InMemoryOrderRepository implements OrderRepository, OrderBrowser {
  private static final Comparator<Refund> OLDEST_REFUND_FIRST =
      Comparator.comparing(Refund::createDate).thenComparing(Refund::outRefundNo);

  private final ReentrantLock lock = new ReentrantLock();
  private final MemoryStore store = new MemoryStore();
  private final InMemoryReconciliation reconciliation = new InMemoryReconciliation(this);

  @Override
  public void insert(PayOrder order) {
    requireNonNull(order, "order == null");
    locked(
        () -> {
          if (store.orders.containsKey(order.outTradeNo())) {
            throw new UniPayException(
                ErrorCode.DUPLICATE_KEY, "out_trade_no already exists: " + order.outTradeNo());
          }
          store.put(order.outTradeNo(), order);
          return null;
        });
  }

  @Override
  public Optional<PayOrder> find(String outTradeNo) {
    return locked(() -> Optional.ofNullable(store.orders.get(outTradeNo)));
  }

  @Override
  public List<PayOrder> findByOrderNo(String orderNo) {
    return locked(() -> store.ordersOf(orderNo));
  }

  @Override
  public boolean markClosed(String outTradeNo, Instant cancelDate, Instant finalCheckAt) {
    return locked(
        () -> {
          PayOrder order = store.orders.get(outTradeNo);
          if (order == null || order.status() != OrderStatus.UNPAID) return false;
          store.put(
              outTradeNo,
              order.toBuilder()
                  .status(OrderStatus.CLOSED)
                  .cancelDate(cancelDate)
                  .finalCheckAt(finalCheckAt)
                  .build());
          return true;
        });
  }

  @Override
  public List<PayOrder> claimClosedWatchDue(Instant now, Duration lease, int limit) {
    return locked(
        () -> {
          List<PayOrder> due =
              store.orders.values().stream()
                  .filter(o -> o.status() == OrderStatus.CLOSED && o.finalCheckAt() != null)
                  .filter(o -> !o.finalCheckAt().isAfter(now))
                  .sorted(
                      Comparator.comparing(PayOrder::finalCheckAt)
                          .thenComparing(PayOrder::outTradeNo))
                  .limit(limit)
                  .toList();
          List<PayOrder> claimed = new ArrayList<>(due.size());
          for (PayOrder o : due) {
            PayOrder leased = o.toBuilder().finalCheckAt(now.plus(lease)).build();
            store.put(o.outTradeNo(), leased);
            claimed.add(leased);
          }
          return claimed;
        });
  }

  @Override
  public void scheduleFinalCheck(String outTradeNo, Instant finalCheckAt) {
    locked(
        () -> {
          PayOrder order = store.orders.get(outTradeNo);
          if (order != null && order.status() == OrderStatus.CLOSED) {
            store.put(outTradeNo, order.toBuilder().finalCheckAt(finalCheckAt).build());
          }
          return null;
        });
  }

  @Override
  public <T> T inTransaction(Function<Transaction, T> work) {
    requireNonNull(work, "work == null");
    lock.lock();
    try {
      if (store.undoLog != null) throw new IllegalStateException("transactions do not nest");
      List<Runnable> undo = new ArrayList<>();
      store.undoLog = undo;
      boolean committed = false;
      try {
        T result = work.apply(new MemoryTransaction(lock, store, undo));
        committed = true;
        return result;
      } finally {
        store.undoLog = null;
        if (!committed) {
          for (int i = undo.size() - 1; i >= 0; i--) undo.get(i).run();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean reserveRefund(Refund refund, Instant now) {
    requireNonNull(refund, "refund == null");
    return locked(
        () -> {
          if (store.refunds.containsKey(refund.outRefundNo())) {
            throw new UniPayException(
                ErrorCode.DUPLICATE_KEY, "out_refund_no already exists: " + refund.outRefundNo());
          }
          PayOrder order = store.orders.get(refund.outTradeNo());
          if (order == null || !order.status().isRefundable()) return false;
          long reserved = order.refundFee() + refund.refundFee();
          if (reserved > order.totalFee()) return false;
          store.put(
              order.outTradeNo(),
              order.toBuilder()
                  .refundFee(reserved)
                  .refundCount(order.refundCount() + 1)
                  .refundDate(now)
                  .status(MemoryStore.statusFor(reserved, order.totalFee()))
                  .build());
          store.putRefund(refund);
          return true;
        });
  }

  @Override
  public Optional<Refund> findRefund(String outRefundNo) {
    return locked(() -> Optional.ofNullable(store.refunds.get(outRefundNo)));
  }

  @Override
  public List<Refund> findRefunds(String outTradeNo) {
    return locked(
        () ->
            store.refundsByTradeNo.getOrDefault(outTradeNo, Set.of()).stream()
                .map(store.refunds::get)
                .sorted(OLDEST_REFUND_FIRST)
                .toList());
  }

  @Override
  public List<PayOrder> claimUnpaidDue(Instant now, Duration lease, int limit) {
    return claimOrders(o -> o.status() == OrderStatus.UNPAID, now, lease, limit);
  }

  @Override
  public List<PayOrder> claimUnrefundedFlaggedDue(
      Set<SettlementFlag> flags, Instant now, Duration lease, int limit) {
    Set<SettlementFlag> wanted = Set.copyOf(requireNonNull(flags, "flags == null"));
    return claimOrders(
        o ->
            o.status() == OrderStatus.PAID
                && wanted.contains(o.settleFlag())
                && o.refundFee() == 0,
        now,
        lease,
        limit);
  }

  private List<PayOrder> claimOrders(
      Predicate<PayOrder> due, Instant now, Duration lease, int limit) {
    return locked(
        () -> {
          List<PayOrder> dueOrders =
              store.orders.values().stream()
                  .filter(o -> due.test(o) && !o.nextCheckAt().isAfter(now))
                  .sorted(
                      Comparator.comparing(PayOrder::nextCheckAt)
                          .thenComparing(PayOrder::outTradeNo))
                  .limit(limit)
                  .toList();
          List<PayOrder> claimed = new ArrayList<>(dueOrders.size());
          for (PayOrder o : dueOrders) {
            PayOrder leased = o.toBuilder().nextCheckAt(now.plus(lease)).build();
            store.put(o.outTradeNo(), leased);
            claimed.add(leased);
          }
          return claimed;
        });
  }

  @Override
  public void scheduleCheck(String outTradeNo, Instant nextCheckAt, int checkCount) {
    locked(
        () -> {
          PayOrder order = store.orders.get(outTradeNo);
          if (order != null) {
            store.put(
                outTradeNo,
                order.toBuilder().nextCheckAt(nextCheckAt).checkCount(checkCount).build());
          }
          return null;
        });
  }

  @Override
  public List<Refund> claimProcessingRefundsDue(Instant now, Duration lease, int limit) {
    return locked(
        () -> {
          List<Refund> due =
              store.refunds.values().stream()
                  .filter(r -> r.status() == RefundStatus.PROCESSING)
                  .filter(r -> !r.nextCheckAt().isAfter(now))
                  .sorted(
                      Comparator.comparing(Refund::nextCheckAt)
                          .thenComparing(Refund::outRefundNo))
                  .limit(limit)
                  .toList();
          List<Refund> claimed = new ArrayList<>(due.size());
          for (Refund r : due) {
            Refund leased = withNextCheck(r, now.plus(lease), r.checkCount());
            store.putRefund(leased);
            claimed.add(leased);
          }
          return claimed;
        });
  }

  @Override
  public void scheduleRefundCheck(String outRefundNo, Instant nextCheckAt, int checkCount) {
    locked(
        () -> {
          Refund refund = store.refunds.get(outRefundNo);
          if (refund != null) store.putRefund(withNextCheck(refund, nextCheckAt, checkCount));
          return null;
        });
  }

  @Override
  public int purgeClosed(Instant expiredBefore, int limit) {
    requireNonNull(expiredBefore, "expiredBefore == null");
    return locked(
        () -> {
          List<PayOrder> doomed =
              store.orders.values().stream()
                  .filter(o -> o.status() == OrderStatus.CLOSED && o.finalCheckAt() == null)
                  .filter(o -> o.expireDate().isBefore(expiredBefore))
                  .sorted(
                      Comparator.comparing(PayOrder::expireDate)
                          .thenComparing(PayOrder::outTradeNo))
                  .limit(limit)
                  .toList();
          doomed.forEach(store::remove);
          return doomed.size();
        });
  }

  // ---------------------------------------------------------------- the ledger

  @Override
  public Optional<ProviderEvent> findEvent(long id) {
    return locked(() -> Optional.ofNullable(store.events.get(id)));
  }

  @Override
  public Optional<ProviderEvent> findEventByKey(String dedupeKey) {
    return locked(
        () -> Optional.ofNullable(store.eventIdsByKey.get(dedupeKey)).map(store.events::get));
  }

  @Override
  public List<ProviderEvent> findEvents(String outTradeNo) {
    return locked(
        () ->
            store.events.values().stream()
                .filter(e -> outTradeNo != null && outTradeNo.equals(e.outTradeNo()))
                .toList());
  }

  @Override
  public List<ProviderEvent> unresolvedEvents(long afterId, int limit) {
    if (limit <= 0) throw new IllegalArgumentException("limit <= 0: " + limit);
    return locked(
        () ->
            store.events.tailMap(afterId, false).values().stream()
                .filter(ProviderEvent::isUnresolved)
                .limit(limit)
                .toList());
  }

  @Override
  public OrderPage browse(OrderFilter filter, OrderCursor after, int limit) {
    return locked(() -> InMemoryOrderPages.page(store.orders.values(), filter, after, limit));
  }

  public Optional<ReconciliationRepository> reconciliation() {
    return Optional.of(reconciliation);
  }

  /** Runs {@code read} over the orders and refunds under the repository lock. */
  <T> T read(BiFunction<Map<String, PayOrder>, Map<String, Refund>, T> read) {
    return locked(() -> read.apply(store.orders, store.refunds));
  }

  /** How many orders are stored (for tests). */
  public int size() {
    return locked(store.orders::size);
  }

  private static Refund withNextCheck(Refund r, Instant next, int checkCount) {
    return new Refund(
        r.outRefundNo(), r.outTradeNo(), r.refundFee(), r.reason(), r.status(), r.refundId(),
        r.createDate(), r.successDate(), next, checkCount);
  }

  private <T> T locked(Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }
}
