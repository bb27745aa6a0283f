package io.unipay.core.memory;

import static java.util.Objects.requireNonNull;

import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.spi.OrderRepository.PaidUpdate;
import io.unipay.core.spi.OrderRepository.Transaction;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The operations of an {@link InMemoryOrderRepository} transaction in progress; valid only on its
 * thread, until it ends.
 */
final class MemoryTransaction implements Transaction {
  private final ReentrantLock lock;
  private final MemoryStore store;
  private final List<Runnable> undo;

  MemoryTransaction(ReentrantLock lock, MemoryStore store, List<Runnable> undo) {
    this.lock = lock;
    this.store = store;
    this.undo = undo;
  }

  /** The repository lock is held for the whole transaction; this only checks it still runs. */
  private void active() {
    if (!lock.isHeldByCurrentThread() || store.undoLog != undo) {
      throw new IllegalStateException("the transaction has ended or runs on another thread");
    }
  }

  @Override
  public List<PayOrder> lockByOrderNo(String orderNo) {
    active();
    return store.ordersOf(orderNo);
  }

  @Override
  public boolean markPaid(String outTradeNo, OrderStatus from, PaidUpdate paid) {
    if (from != OrderStatus.UNPAID && from != OrderStatus.CLOSED) {
      throw new IllegalArgumentException("only UNPAID or CLOSED can become PAID, not " + from);
    }
    active();
    PayOrder order = store.orders.get(outTradeNo);
    if (order == null || order.status() != from) return false;
    store.put(outTradeNo, paid.applyTo(order));
    return true;
  }

  @Override
  public Optional<PayOrder> find(String outTradeNo) {
    active();
    return Optional.ofNullable(store.orders.get(outTradeNo));
  }

  @Override
  public Optional<Refund> lockRefund(String outRefundNo) {
    active();
    return Optional.ofNullable(store.refunds.get(outRefundNo));
  }

  @Override
  public boolean completeRefund(
      String outRefundNo, RefundStatus outcome, String refundId, Instant successDate) {
    requireNonNull(outcome, "outcome == null");
    if (outcome == RefundStatus.PROCESSING) {
      throw new IllegalArgumentException("outcome must be final: " + outcome);
    }
    active();
    Refund refund = store.refunds.get(outRefundNo);
    if (refund == null || refund.status() != RefundStatus.PROCESSING) return false;
    store.putRefund(refund.withOutcome(outcome, refundId, successDate));
    if (outcome == RefundStatus.CLOSED) {
      PayOrder order = store.orders.get(refund.outTradeNo());
      long reserved = order.refundFee() - refund.refundFee();
      store.put(
          order.outTradeNo(),
          order.toBuilder()
              .refundFee(reserved)
              .status(MemoryStore.statusFor(reserved, order.totalFee()))
              .build());
    }
    return true;
  }

  @Override
  public boolean reopenRefund(String outRefundNo, String refundId, Instant successDate) {
    active();
    Refund refund = store.refunds.get(outRefundNo);
    if (refund == null || refund.status() != RefundStatus.CLOSED) return false;
    PayOrder order = store.orders.get(refund.outTradeNo());
    if (order == null || !order.status().isRefundable()) return false;
    long reserved = order.refundFee() + refund.refundFee();
    if (reserved > order.totalFee()) return false;
    store.put(
        order.outTradeNo(),
        order.toBuilder()
            .refundFee(reserved)
            .status(MemoryStore.statusFor(reserved, order.totalFee()))
            .build());
    store.putRefund(refund.withOutcome(RefundStatus.SUCCESS, refundId, successDate));
    return true;
  }

  @Override
  public boolean appendEvent(ProviderEvent event) {
    requireNonNull(event, "event == null");
    active();
    return store.addEvent(event);
  }

  @Override
  public boolean resolveEvent(String dedupeKey, EventOutcome resolution, Instant at) {
    requireNonNull(resolution, "resolution == null");
    requireNonNull(at, "at == null");
    active();
    Long id = store.eventIdsByKey.get(dedupeKey);
    if (id == null || !store.events.get(id).isUnresolved()) return false;
    store.replaceEvent(store.events.get(id).resolved(resolution, at));
    return true;
  }

  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    return Optional.empty();
  }
}
