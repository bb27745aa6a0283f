package io.unipay.core.memory;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.order.SettlementFlag;
import io.unipay.core.spi.OrderRepository;
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

/**
 * An {@link OrderRepository} in memory, for tests and demos. Honours the same contract as the JDBC
 * repository: compare-and-set transitions, atomic refund reservation, and transactions that roll
 * back on an exception. One lock serialises every operation (a transaction holds it until it
 * ends), which is simple and correct for a test double; use the JDBC repository in production.
 */
public final class InMemoryOrderRepository implements OrderRepository {
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, PayOrder> orders = new LinkedHashMap<>();
  private final Map<String, Refund> refunds = new LinkedHashMap<>();
  /** Undo actions of the transaction in progress, or null outside a transaction. */
  private List<Runnable> undoLog;

  @Override
  public void insert(PayOrder order) {
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
    return locked(
        () ->
            orders.values().stream()
                .filter(o -> o.orderNo().equals(orderNo))
                .sorted(Comparator.comparing(PayOrder::createDate))
                .toList());
  }

  @Override
  public boolean markClosed(String outTradeNo, Instant cancelDate) {
    return locked(
        () -> {
          PayOrder order = orders.get(outTradeNo);
          if (order == null || order.status() != OrderStatus.UNPAID) return false;
          put(outTradeNo, order.toBuilder().status(OrderStatus.CLOSED).cancelDate(cancelDate).build());
          return true;
        });
  }

  @Override
  public <T> T inTransaction(Function<Transaction, T> work) {
    lock.lock();
    try {
      if (undoLog != null) throw new IllegalStateException("transactions do not nest");
      undoLog = new ArrayList<>();
      boolean committed = false;
      try {
        T result = work.apply(new MemoryTransaction());
        committed = true;
        return result;
      } finally {
        List<Runnable> undo = undoLog;
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
  public boolean completeRefund(
      String outRefundNo, RefundStatus outcome, String refundId, Instant successDate) {
    if (outcome == RefundStatus.PROCESSING) {
      throw new IllegalArgumentException("outcome must be final: " + outcome);
    }
    return locked(
        () -> {
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
            refunds.values().stream()
                .filter(r -> r.outTradeNo().equals(outTradeNo))
                .sorted(Comparator.comparing(Refund::createDate))
                .toList());
  }

  @Override
  public List<PayOrder> claimUnpaidDue(Instant now, Duration lease, int limit) {
    return claimOrders(o -> o.status() == OrderStatus.UNPAID, now, lease, limit);
  }

  @Override
  public List<PayOrder> claimUnrefundedDuplicatesDue(Instant now, Duration lease, int limit) {
    return claimOrders(
        o -> o.status() == OrderStatus.PAID
            && o.settleFlag() == SettlementFlag.DUPLICATE_PAYMENT
            && o.refundFee() == 0,
        now, lease, limit);
  }

  private List<PayOrder> claimOrders(
      java.util.function.Predicate<PayOrder> due, Instant now, Duration lease, int limit) {
    return locked(
        () -> {
          List<PayOrder> dueOrders =
              orders.values().stream()
                  .filter(o -> due.test(o) && !o.nextCheckAt().isAfter(now))
                  .sorted(Comparator.comparing(PayOrder::nextCheckAt))
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
            put(outTradeNo, order.toBuilder().nextCheckAt(nextCheckAt).checkCount(checkCount).build());
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
                  .filter(r -> r.status() == RefundStatus.PROCESSING && !r.nextCheckAt().isAfter(now))
                  .sorted(Comparator.comparing(Refund::nextCheckAt))
                  .limit(limit)
                  .toList();
          List<Refund> claimed = new ArrayList<>(due.size());
          for (Refund r : due) {
            Refund leased = withNextCheck(r, now.plus(lease));
            putRefund(leased);
            claimed.add(leased);
          }
          return claimed;
        });
  }

  @Override
  public void scheduleRefundCheck(String outRefundNo, Instant nextCheckAt) {
    locked(
        () -> {
          Refund refund = refunds.get(outRefundNo);
          if (refund != null) putRefund(withNextCheck(refund, nextCheckAt));
          return null;
        });
  }

  @Override
  public int purgeClosed(Instant createdBefore, int limit) {
    return locked(
        () -> {
          List<String> doomed =
              orders.values().stream()
                  .filter(o -> o.status() == OrderStatus.CLOSED && o.createDate().isBefore(createdBefore))
                  .limit(limit)
                  .map(PayOrder::outTradeNo)
                  .toList();
          doomed.forEach(orders::remove);
          return doomed.size();
        });
  }

  /** How many orders are stored (for tests). */
  public int size() {
    return locked(orders::size);
  }

  private static OrderStatus statusFor(long refunded, long total) {
    if (refunded == 0) return OrderStatus.PAID;
    return refunded == total ? OrderStatus.FULLY_REFUNDED : OrderStatus.PARTIALLY_REFUNDED;
  }

  private static Refund withNextCheck(Refund r, Instant next) {
    return new Refund(
        r.outRefundNo(), r.outTradeNo(), r.refundFee(), r.reason(), r.status(), r.refundId(),
        r.createDate(), r.successDate(), next);
  }

  private void put(String key, PayOrder order) {
    PayOrder previous = orders.put(key, order);
    if (undoLog != null) {
      undoLog.add(
          () -> {
            if (previous == null) orders.remove(key);
            else orders.put(key, previous);
          });
    }
  }

  private void putRefund(Refund refund) {
    Refund previous = refunds.put(refund.outRefundNo(), refund);
    if (undoLog != null) {
      undoLog.add(
          () -> {
            if (previous == null) refunds.remove(refund.outRefundNo());
            else refunds.put(refund.outRefundNo(), previous);
          });
    }
  }

  private <T> T locked(java.util.function.Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  private final class MemoryTransaction implements Transaction {
    private final Map<Class<?>, Object> handles = new HashMap<>();

    @Override
    public List<PayOrder> lockByOrderNo(String orderNo) {
      return findByOrderNo(orderNo); // the repository lock is already held for the transaction
    }

    @Override
    public boolean markPaid(String outTradeNo, OrderStatus from, PaidUpdate paid) {
      if (from != OrderStatus.UNPAID && from != OrderStatus.CLOSED) {
        throw new IllegalArgumentException("only UNPAID or CLOSED can become PAID, not " + from);
      }
      PayOrder order = orders.get(outTradeNo);
      if (order == null || order.status() != from) return false;
      put(outTradeNo, paid.applyTo(order));
      return true;
    }

    @Override
    public void markUserOrderSuccess(String outTradeNo) {
      PayOrder order = orders.get(outTradeNo);
      if (order != null) put(outTradeNo, order.toBuilder().userOrderSuccess(true).build());
    }

    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
      return Optional.ofNullable(type.cast(handles.get(type)));
    }
  }
}
