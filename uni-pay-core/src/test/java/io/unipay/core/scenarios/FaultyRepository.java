package io.unipay.core.scenarios;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Refund;
import io.unipay.core.order.SettlementFlag;
import io.unipay.core.spi.OrderRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A real repository with two faults a test can switch on: the database is down (every call fails
 * with STORAGE_FAILURE), or another instance runs {@code beforeNextTransaction} between a
 * settlement's first read and its transaction (e.g. a purge).
 */
public final class FaultyRepository implements OrderRepository {
  private final OrderRepository delegate;
  private volatile boolean down;
  private volatile Runnable beforeNextTransaction;

  public FaultyRepository(OrderRepository delegate) {
    this.delegate = delegate;
  }

  public void down(boolean down) {
    this.down = down;
  }

  public void beforeNextTransaction(Runnable work) {
    this.beforeNextTransaction = work;
  }

  private void check() {
    if (down) throw new UniPayException(ErrorCode.STORAGE_FAILURE, "connection refused (test)");
  }

  @Override
  public void insert(PayOrder order) {
    check();
    delegate.insert(order);
  }

  @Override
  public Optional<PayOrder> find(String outTradeNo) {
    check();
    return delegate.find(outTradeNo);
  }

  @Override
  public List<PayOrder> findByOrderNo(String orderNo) {
    check();
    return delegate.findByOrderNo(orderNo);
  }

  @Override
  public boolean markClosed(String outTradeNo, Instant cancelDate, Instant finalCheckAt) {
    check();
    return delegate.markClosed(outTradeNo, cancelDate, finalCheckAt);
  }

  @Override
  public List<PayOrder> claimClosedWatchDue(Instant now, Duration lease, int limit) {
    check();
    return delegate.claimClosedWatchDue(now, lease, limit);
  }

  @Override
  public void scheduleFinalCheck(String outTradeNo, Instant finalCheckAt) {
    check();
    delegate.scheduleFinalCheck(outTradeNo, finalCheckAt);
  }

  @Override
  public <T> T inTransaction(Function<Transaction, T> work) {
    check();
    Runnable before = beforeNextTransaction;
    if (before != null) {
      beforeNextTransaction = null;
      before.run();
    }
    return delegate.inTransaction(work);
  }

  @Override
  public boolean reserveRefund(Refund refund, Instant now) {
    check();
    return delegate.reserveRefund(refund, now);
  }

  @Override
  public Optional<Refund> findRefund(String outRefundNo) {
    check();
    return delegate.findRefund(outRefundNo);
  }

  @Override
  public List<Refund> findRefunds(String outTradeNo) {
    check();
    return delegate.findRefunds(outTradeNo);
  }

  @Override
  public List<PayOrder> claimUnpaidDue(Instant now, Duration lease, int limit) {
    check();
    return delegate.claimUnpaidDue(now, lease, limit);
  }

  @Override
  public void scheduleCheck(String outTradeNo, Instant nextCheckAt, int checkCount) {
    check();
    delegate.scheduleCheck(outTradeNo, nextCheckAt, checkCount);
  }

  @Override
  public List<Refund> claimProcessingRefundsDue(Instant now, Duration lease, int limit) {
    check();
    return delegate.claimProcessingRefundsDue(now, lease, limit);
  }

  @Override
  public List<PayOrder> claimUnrefundedFlaggedDue(
      Set<SettlementFlag> flags, Instant now, Duration lease, int limit) {
    check();
    return delegate.claimUnrefundedFlaggedDue(flags, now, lease, limit);
  }

  @Override
  public void scheduleRefundCheck(String outRefundNo, Instant nextCheckAt, int checkCount) {
    check();
    delegate.scheduleRefundCheck(outRefundNo, nextCheckAt, checkCount);
  }

  @Override
  public int purgeClosed(Instant expiredBefore, int limit) {
    check();
    return delegate.purgeClosed(expiredBefore, limit);
  }

  @Override
  public Optional<ProviderEvent> findEvent(long id) {
    check();
    return delegate.findEvent(id);
  }

  @Override
  public Optional<ProviderEvent> findEventByKey(String dedupeKey) {
    check();
    return delegate.findEventByKey(dedupeKey);
  }

  @Override
  public List<ProviderEvent> findEvents(String outTradeNo) {
    check();
    return delegate.findEvents(outTradeNo);
  }

  @Override
  public List<ProviderEvent> unresolvedEvents(long afterId, int limit) {
    check();
    return delegate.unresolvedEvents(afterId, limit);
  }
}
