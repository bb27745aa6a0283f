package io.unipay.core.memory;

import static java.util.Objects.requireNonNull;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.ledger.EventOutcome;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
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
  private static final Comparator<PayOrder> OLDEST_ORDER_FIRST =
      Comparator.comparing(PayOrder::createDate).thenComparing(PayOrder::outTradeNo);
  private static final Comparator<Refund> OLDEST_REFUND_FIRST =
      Comparator.comparing(Refund::createDate).thenComparing(Refund::outRefundNo);

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, PayOrder> orders = new LinkedHashMap<>();
  /** out_trade_no of every order, by order_no (an order's order_no never changes). */
  private final Map<String, Set<String>> ordersByOrderNo = new HashMap<>();
  private final Map<String, Refund> refunds = new LinkedHashMap<>();
  /** out_refund_no of every refund, by out_trade_no. */
  private final Map<String, Set<String>> refundsByTradeNo = new HashMap<>();
  private final TreeMap<Long, ProviderEvent> events = new TreeMap<>();
  private final Map<String, Long> eventIdsByKey = new HashMap<>();
  private long lastEventId;
  /** Undo actions of the transaction in progress, or null outside a transaction. */
  private List<Runnable> undoLog;
  private final InMemoryReconciliation reconciliation = new InMemoryReconciliation(this);

  @Override
  public void insert(PayOrder order) {
    requireNonNull(order, "order == null");
    locked(
        () -> {
          if (orders.containsKey(order.outTradeNo())) {
            throw new UniPayException(
                ErrorCode.DUPLICATE_KEY, "out_trade_no already exists: " + order.outTradeNo());
          }
          put(order.outTradeNo(), order);
          return null;
        });
  }

  @Override
  public Optional<PayOrder> find(String outTradeNo) {
    return locked(() -> Optional.ofNullable(orders.get(outTradeNo)));
  }

  @Override
  public List<PayOrder> findByOrderNo(String orderNo) {
    return locked(() -> ordersOf(orderNo));
  }

  @Override
  public boolean markClosed(String outTradeNo, Instant cancelDate, Instant finalCheckAt) {
    return locked(
        () -> {
          PayOrder order = orders.get(outTradeNo);
          if (order == null || order.status() != OrderStatus.UNPAID) return false;
          put(
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
              orders.values().stream()
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
            put(o.outTradeNo(), leased);
            claimed.add(leased);
          }
          return claimed;
        });
  }

  @Override
  public void scheduleFinalCheck(String outTradeNo, Instant finalCheckAt) {
    locked(
        () -> {
          PayOrder order = orders.get(outTradeNo);
          if (order != null && order.status() == OrderStatus.CLOSED) {
            put(outTradeNo, order.toBuilder().finalCheckAt(finalCheckAt).build());
          }
          return null;
        });
  }

  @Override
  public <T> T inTransaction(Function<Transaction, T> work) {
    requireNonNull(work, "work == null");
    lock.lock();
    try {
      if (undoLog != null) throw new IllegalStateException("transactions do not nest");
      List<Runnable> undo = new ArrayList<>();
      undoLog = undo;
      boolean committed = false;
      try {
        T result = work.apply(new MemoryTransaction(undo));
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
  }

  @Override
  public boolean reserveRefund(Refund refund, Instant now) {
    requireNonNull(refund, "refund == null");
    return locked(
        () -> {
          if (refunds.containsKey(refund.outRefundNo())) {
            throw new UniPayException(
                ErrorCode.DUPLICATE_KEY, "out_refund_no already exists: " + refund.outRefundNo());
          }
          PayOrder order = orders.get(refund.outTradeNo());
          if (order == null || !order.status().isRefundable()) return false;
          long reserved = order.refundFee() + refund.refundFee();
          if (reserved > order.totalFee()) return false;
          put(
              order.outTradeNo(),
              order.toBuilder()
                  .refundFee(reserved)
                  .refundCount(order.refundCount() + 1)
                  .refundDate(now)
                  .status(statusFor(reserved, order.totalFee()))
                  .build());
          putRefund(refund);
          return true;
        });
  }

  @Override
  public Optional<Refund> findRefund(String outRefundNo) {
    return locked(() -> Optional.ofNullable(refunds.get(outRefundNo)));
  }

  @Override
  public List<Refund> findRefunds(String outTradeNo) {
    return locked(
        () ->
            refundsByTradeNo.getOrDefault(outTradeNo, Set.of()).stream()
                .map(refunds::get)
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
              orders.values().stream()
                  .filter(o -> due.test(o) && !o.nextCheckAt().isAfter(now))
                  .sorted(
                      Comparator.comparing(PayOrder::nextCheckAt)
                          .thenComparing(PayOrder::outTradeNo))
                  .limit(limit)
                  .toList();
          List<PayOrder> claimed = new ArrayList<>(dueOrders.size());
          for (PayOrder o : dueOrders) {
            PayOrder leased = o.toBuilder().nextCheckAt(now.plus(lease)).build();
            put(o.outTradeNo(), leased);
            claimed.add(leased);
          }
          return claimed;
        });
  }

  @Override
  public void scheduleCheck(String outTradeNo, Instant nextCheckAt, int checkCount) {
    locked(
        () -> {
          PayOrder order = orders.get(outTradeNo);
          if (order != null) {
            put(
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
              refunds.values().stream()
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
            putRefund(leased);
            claimed.add(leased);
          }
          return claimed;
        });
  }

  @Override
  public void scheduleRefundCheck(String outRefundNo, Instant nextCheckAt, int checkCount) {
    locked(
        () -> {
          Refund refund = refunds.get(outRefundNo);
          if (refund != null) putRefund(withNextCheck(refund, nextCheckAt, checkCount));
          return null;
        });
  }

  @Override
  public int purgeClosed(Instant expiredBefore, int limit) {
    requireNonNull(expiredBefore, "expiredBefore == null");
    return locked(
        () -> {
          List<PayOrder> doomed =
              orders.values().stream()
                  .filter(o -> o.status() == OrderStatus.CLOSED && o.finalCheckAt() == null)
                  .filter(o -> o.expireDate().isBefore(expiredBefore))
                  .sorted(
                      Comparator.comparing(PayOrder::expireDate)
                          .thenComparing(PayOrder::outTradeNo))
                  .limit(limit)
                  .toList();
          doomed.forEach(this::remove);
          return doomed.size();
        });
  }

  // ---------------------------------------------------------------- the ledger

  @Override
  public Optional<ProviderEvent> findEvent(long id) {
    return locked(() -> Optional.ofNullable(events.get(id)));
  }

  @Override
  public Optional<ProviderEvent> findEventByKey(String dedupeKey) {
    return locked(() -> Optional.ofNullable(eventIdsByKey.get(dedupeKey)).map(events::get));
  }

  @Override
  public List<ProviderEvent> findEvents(String outTradeNo) {
    return locked(
        () ->
            events.values().stream()
                .filter(e -> outTradeNo != null && outTradeNo.equals(e.outTradeNo()))
                .toList());
  }

  @Override
  public List<ProviderEvent> unresolvedEvents(long afterId, int limit) {
    if (limit <= 0) throw new IllegalArgumentException("limit <= 0: " + limit);
    return locked(
        () ->
            events.tailMap(afterId, false).values().stream()
                .filter(ProviderEvent::isUnresolved)
                .limit(limit)
                .toList());
  }

  @Override
  public OrderPage browse(OrderFilter filter, OrderCursor after, int limit) {
    return locked(() -> InMemoryOrderPages.page(orders.values(), filter, after, limit));
  }

  public Optional<ReconciliationRepository> reconciliation() {
    return Optional.of(reconciliation);
  }

  /** Runs {@code read} over the orders and refunds under the repository lock. */
  <T> T read(BiFunction<Map<String, PayOrder>, Map<String, Refund>, T> read) {
    return locked(() -> read.apply(orders, refunds));
  }

  /** How many orders are stored (for tests). */
  public int size() {
    return locked(orders::size);
  }

  private static OrderStatus statusFor(long refunded, long total) {
    if (refunded == 0) return OrderStatus.PAID;
    return refunded == total ? OrderStatus.FULLY_REFUNDED : OrderStatus.PARTIALLY_REFUNDED;
  }

  private static Refund withNextCheck(Refund r, Instant next, int checkCount) {
    return new Refund(
        r.outRefundNo(), r.outTradeNo(), r.refundFee(), r.reason(), r.status(), r.refundId(),
        r.createDate(), r.successDate(), next, checkCount);
  }

  private List<PayOrder> ordersOf(String orderNo) {
    return ordersByOrderNo.getOrDefault(orderNo, Set.of()).stream()
        .map(orders::get)
        .sorted(OLDEST_ORDER_FIRST)
        .toList();
  }

  // ---------------------------------------------------------------- changes, with undo

  private void put(String key, PayOrder order) {
    PayOrder previous = orders.put(key, order);
    if (previous == null) index(ordersByOrderNo, order.orderNo(), key);
    undo(
        () -> {
          if (previous == null) {
            orders.remove(key);
            unindex(ordersByOrderNo, order.orderNo(), key);
          } else {
            orders.put(key, previous);
          }
        });
  }

  private void remove(PayOrder order) {
    String key = order.outTradeNo();
    PayOrder previous = orders.remove(key);
    if (previous == null) return;
    unindex(ordersByOrderNo, previous.orderNo(), key);
    undo(
        () -> {
          orders.put(key, previous);
          index(ordersByOrderNo, previous.orderNo(), key);
        });
  }

  private void putRefund(Refund refund) {
    String key = refund.outRefundNo();
    Refund previous = refunds.put(key, refund);
    if (previous == null) index(refundsByTradeNo, refund.outTradeNo(), key);
    undo(
        () -> {
          if (previous == null) {
            refunds.remove(key);
            unindex(refundsByTradeNo, refund.outTradeNo(), key);
          } else {
            refunds.put(key, previous);
          }
        });
  }

  private boolean addEvent(ProviderEvent event) {
    if (eventIdsByKey.containsKey(event.dedupeKey())) return false;
    long id = ++lastEventId;
    events.put(id, event.withId(id));
    eventIdsByKey.put(event.dedupeKey(), id);
    undo(
        () -> {
          events.remove(id);
          eventIdsByKey.remove(event.dedupeKey());
        });
    return true;
  }

  private void replaceEvent(ProviderEvent event) {
    ProviderEvent previous = events.put(event.id(), event);
    undo(() -> events.put(previous.id(), previous));
  }

  private void undo(Runnable action) {
    if (undoLog != null) undoLog.add(action);
  }

  private static void index(Map<String, Set<String>> index, String group, String key) {
    index.computeIfAbsent(group, g -> new LinkedHashSet<>()).add(key);
  }

  private static void unindex(Map<String, Set<String>> index, String group, String key) {
    Set<String> keys = index.get(group);
    if (keys == null) return;
    keys.remove(key);
    if (keys.isEmpty()) index.remove(group);
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
    private final List<Runnable> undo;

    MemoryTransaction(List<Runnable> undo) {
      this.undo = undo;
    }

    /** The repository lock is held for the whole transaction; this only checks it still runs. */
    private void active() {
      if (!lock.isHeldByCurrentThread() || undoLog != undo) {
        throw new IllegalStateException("the transaction has ended or runs on another thread");
      }
    }

    @Override
    public List<PayOrder> lockByOrderNo(String orderNo) {
      active();
      return ordersOf(orderNo);
    }

    @Override
    public boolean markPaid(String outTradeNo, OrderStatus from, PaidUpdate paid) {
      if (from != OrderStatus.UNPAID && from != OrderStatus.CLOSED) {
        throw new IllegalArgumentException("only UNPAID or CLOSED can become PAID, not " + from);
      }
      active();
      PayOrder order = orders.get(outTradeNo);
      if (order == null || order.status() != from) return false;
      put(outTradeNo, paid.applyTo(order));
      return true;
    }

    @Override
    public Optional<PayOrder> find(String outTradeNo) {
      active();
      return Optional.ofNullable(orders.get(outTradeNo));
    }

    @Override
    public Optional<Refund> lockRefund(String outRefundNo) {
      active();
      return Optional.ofNullable(refunds.get(outRefundNo));
    }

    @Override
    public boolean completeRefund(
        String outRefundNo, RefundStatus outcome, String refundId, Instant successDate) {
      requireNonNull(outcome, "outcome == null");
      if (outcome == RefundStatus.PROCESSING) {
        throw new IllegalArgumentException("outcome must be final: " + outcome);
      }
      active();
      Refund refund = refunds.get(outRefundNo);
      if (refund == null || refund.status() != RefundStatus.PROCESSING) return false;
      putRefund(refund.withOutcome(outcome, refundId, successDate));
      if (outcome == RefundStatus.CLOSED) {
        PayOrder order = orders.get(refund.outTradeNo());
        long reserved = order.refundFee() - refund.refundFee();
        put(
            order.outTradeNo(),
            order.toBuilder()
                .refundFee(reserved)
                .status(statusFor(reserved, order.totalFee()))
                .build());
      }
      return true;
    }

    @Override
    public boolean reopenRefund(String outRefundNo, String refundId, Instant successDate) {
      active();
      Refund refund = refunds.get(outRefundNo);
      if (refund == null || refund.status() != RefundStatus.CLOSED) return false;
      PayOrder order = orders.get(refund.outTradeNo());
      if (order == null || !order.status().isRefundable()) return false;
      long reserved = order.refundFee() + refund.refundFee();
      if (reserved > order.totalFee()) return false;
      put(
          order.outTradeNo(),
          order.toBuilder()
              .refundFee(reserved)
              .status(statusFor(reserved, order.totalFee()))
              .build());
      putRefund(refund.withOutcome(RefundStatus.SUCCESS, refundId, successDate));
      return true;
    }

    @Override
    public boolean appendEvent(ProviderEvent event) {
      requireNonNull(event, "event == null");
      active();
      return addEvent(event);
    }

    @Override
    public boolean resolveEvent(String dedupeKey, EventOutcome resolution, Instant at) {
      requireNonNull(resolution, "resolution == null");
      requireNonNull(at, "at == null");
      active();
      Long id = eventIdsByKey.get(dedupeKey);
      if (id == null || !events.get(id).isUnresolved()) return false;
      replaceEvent(events.get(id).resolved(resolution, at));
      return true;
    }

    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
      return Optional.empty();
    }
  }
}
