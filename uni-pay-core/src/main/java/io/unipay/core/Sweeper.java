package io.unipay.core;

import static java.util.Objects.requireNonNull;

import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Refund;
import io.unipay.core.order.SettlementFlag;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.PayClient;
import io.unipay.core.spi.RefundSnapshot;
import io.unipay.core.spi.TradeSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order lifecycle job: recovers lost notifications by active query (with backoff), expires
 * unpaid orders (query, close at the provider, then CAS 0 → -1), reconciles PROCESSING refunds,
 * refunds duplicate payments whose automatic refund was refused (when that policy is on), and
 * optionally purges old closed orders.
 *
 * <p>Safe on many application instances at once: each pass claims small batches with a lease in
 * the database, so two instances never work the same order at the same time, and a crashed
 * instance's lease simply runs out. Start it with {@link #start()} (own daemon thread) or call
 * {@link #runOnce()} from the host's scheduler. Thread-safe.
 */
public final class Sweeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Sweeper.class);

  private final UniPay engine;
  private final OrderRepository repository;
  private final int batchSize;
  private final int maxBatchesPerPass;
  private final Duration lease;
  private final Duration interval;
  private final List<Duration> backoff;
  private final Duration purgeClosedAfter;
  private final SweepListener listener;
  private ScheduledExecutorService executor;

  private Sweeper(Builder b) {
    this.engine = b.engine;
    this.repository = b.engine.repository();
    this.batchSize = b.batchSize;
    this.maxBatchesPerPass = b.maxBatchesPerPass;
    this.lease = b.lease;
    this.interval = b.interval;
    this.backoff = List.copyOf(b.backoff);
    this.purgeClosedAfter = b.purgeClosedAfter;
    this.listener = b.listener;
  }

  /** Runs one pass now, on the calling thread, and returns what it did. */
  public SweepReport runOnce() {
    Counts counts = new Counts();
    Instant now = engine.clock().instant();
    for (int batch = 0; batch < maxBatchesPerPass; batch++) {
      List<PayOrder> claimed = repository.claimUnpaidDue(now, lease, batchSize);
      counts.claimed += claimed.size();
      for (PayOrder order : claimed) {
        try {
          checkOrder(order, now, counts);
        } catch (UniPayException e) {
          counts.errors++;
          log.warn("{} - sweeper: {} ({}); retried later", order.outTradeNo(), e.code(), e.getMessage());
          repository.scheduleCheck(
              order.outTradeNo(), now.plus(backoff(order.checkCount() + 1)), order.checkCount() + 1);
          notifyError(order.outTradeNo(), e);
        }
      }
      if (claimed.size() < batchSize) break;
    }
    for (int batch = 0; batch < maxBatchesPerPass; batch++) {
      List<Refund> claimed = repository.claimProcessingRefundsDue(now, lease, batchSize);
      for (Refund refund : claimed) {
        try {
          if (reconcileRefund(refund)) counts.refunds++;
          else repository.scheduleRefundCheck(
              refund.outRefundNo(), now.plus(backoff.get(1)), refund.checkCount() + 1);
        } catch (UniPayException e) {
          counts.errors++;
          log.warn(
              "{} - sweeper: refund {} {} ({}); retried later",
              refund.outTradeNo(), refund.outRefundNo(), e.code(), e.getMessage());
          repository.scheduleRefundCheck(
              refund.outRefundNo(), now.plus(backoff.get(1)), refund.checkCount() + 1);
          notifyError(refund.outTradeNo(), e);
        }
      }
      if (claimed.size() < batchSize) break;
    }
    if (engine.refundsDuplicatePayments()) {
      for (PayOrder duplicate : repository.claimUnrefundedFlaggedDue(
          EnumSet.of(SettlementFlag.DUPLICATE_PAYMENT), now, lease, batchSize)) {
        int tries = duplicate.checkCount() + 1;
        try {
          engine.refundDuplicate(duplicate);
          counts.duplicates++;
        } catch (UniPayException e) {
          counts.errors++;
          log.warn(
              "{} - sweeper: refund of a duplicate payment failed ({}); retried later",
              duplicate.outTradeNo(), e.code());
          repository.scheduleCheck(duplicate.outTradeNo(), now.plus(backoff(tries)), tries);
          notifyError(duplicate.outTradeNo(), e);
        }
      }
    }
    if (purgeClosedAfter != null) {
      counts.purged = repository.purgeClosed(now.minus(purgeClosedAfter), batchSize * maxBatchesPerPass);
    }
    SweepReport report =
        new SweepReport(
            counts.claimed, counts.settled, counts.closed, counts.refunds, counts.duplicates,
            counts.purged, counts.errors);
    log.info("sweeper pass: {}", report);
    try {
      listener.onPass(report);
    } catch (RuntimeException e) {
      log.warn("sweep listener failed", e);
    }
    return report;
  }

  private void checkOrder(PayOrder order, Instant now, Counts counts) {
    int checks = order.checkCount() + 1;
    if (!order.expireDate().isAfter(now)) {
      PayOrder after = engine.closeAtProvider(order, "sweeper");
      if (after.status() == OrderStatus.CLOSED) counts.closed++;
      else if (after.status().isPaid()) counts.settled++;
      else repository.scheduleCheck(order.outTradeNo(), now.plus(backoff.get(0)), checks);
      return;
    }
    PayClient client = engine.client(order);
    TradeSnapshot trade = client.query(order.outTradeNo());
    if (trade.state().isPaid()) {
      SettlementOutcome outcome = engine.settle(order.provider(), trade, "sweeper");
      if (outcome != SettlementOutcome.REJECTED && outcome != SettlementOutcome.HANDLER_FAILED) {
        counts.settled++;
        return;
      }
      counts.errors++;
    }
    Instant next = now.plus(backoff(checks));
    if (next.isAfter(order.expireDate())) next = order.expireDate();
    repository.scheduleCheck(order.outTradeNo(), next, checks);
  }

  /** Returns whether the refund reached a final status. */
  private boolean reconcileRefund(Refund refund) {
    PayOrder order = repository.find(refund.outTradeNo()).orElseThrow();
    RefundSnapshot result;
    try {
      result = engine.client(order).queryRefund(order.outTradeNo(), refund.outRefundNo());
    } catch (ProviderRejectedException e) {
      // The provider does not know the refund: the first request never arrived. Send it again
      // with the same out_refund_no, which the provider treats idempotently.
      log.info("{} - refund {} unknown to the provider ({}); sending it again",
          order.outTradeNo(), refund.outRefundNo(), e.providerCode());
      engine.sendRefund(order, refund);
      return repository.findRefund(refund.outRefundNo()).orElseThrow().status().isFinal();
    }
    engine.settlement().applyRefund(order.provider(), result, "sweeper");
    return repository.findRefund(refund.outRefundNo()).orElseThrow().status().isFinal();
  }

  private Duration backoff(int checks) {
    return backoff.get(Math.min(checks, backoff.size() - 1));
  }

  private void notifyError(String outTradeNo, UniPayException e) {
    try {
      listener.onError(outTradeNo, e);
    } catch (RuntimeException ignored) {
      log.warn("sweep listener failed", ignored);
    }
  }

  /** Starts passes every {@code interval} on a daemon thread. Idempotent. */
  public synchronized Sweeper start() {
    if (executor != null) return this;
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "uni-pay-sweeper");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            runOnce();
          } catch (RuntimeException e) {
            log.error("sweeper pass failed; next pass in {}", interval, e);
          }
        },
        0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Stops the background passes, letting a running pass finish (up to 30 s). */
  public synchronized void stop() {
    if (executor == null) return;
    executor.shutdown();
    try {
      if (!executor.awaitTermination(30, TimeUnit.SECONDS)) executor.shutdownNow();
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    executor = null;
  }

  @Override
  public void close() {
    stop();
  }

  private static final class Counts {
    int claimed;
    int settled;
    int closed;
    int refunds;
    int duplicates;
    int purged;
    int errors;
  }

  /** Configures a {@link Sweeper}; get one from {@link UniPay#sweeper()}. */
  public static final class Builder {
    private final UniPay engine;
    private int batchSize = 50;
    private int maxBatchesPerPass = 20;
    private Duration lease = Duration.ofMinutes(2);
    private Duration interval = Duration.ofSeconds(30);
    private List<Duration> backoff =
        List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1));
    private Duration purgeClosedAfter;
    private SweepListener listener = new SweepListener() {};

    Builder(UniPay engine) {
      this.engine = requireNonNull(engine, "engine == null");
    }

    /** Orders claimed per batch; default 50. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) throw UniPayException.invalid("batchSize must be ≥ 1");
      this.batchSize = batchSize;
      return this;
    }

    /** Upper bound on batches per pass, so one pass stays short; default 20. */
    public Builder maxBatchesPerPass(int max) {
      if (max < 1) throw UniPayException.invalid("maxBatchesPerPass must be ≥ 1");
      this.maxBatchesPerPass = max;
      return this;
    }

    /** How long a claim keeps other instances away; default 2 minutes. */
    public Builder lease(Duration lease) {
      this.lease = requireNonNull(lease, "lease == null");
      return this;
    }

    /** Delay between passes when started; default 30 s. */
    public Builder interval(Duration interval) {
      this.interval = requireNonNull(interval, "interval == null");
      return this;
    }

    /**
     * Delays between active queries of an unpaid order: the n-th check waits the n-th entry, the
     * last one repeats; default 1 min, 5 min, 15 min, 1 h.
     */
    public Builder backoff(List<Duration> backoff) {
      if (backoff.size() < 2) throw UniPayException.invalid("backoff needs at least two entries");
      this.backoff = List.copyOf(backoff);
      return this;
    }

    /** Deletes closed (never paid) orders older than this; off by default. */
    public Builder purgeClosedAfter(Duration retention) {
      this.purgeClosedAfter = retention;
      return this;
    }

    /** Receives pass reports and errors, e.g. for metrics. */
    public Builder listener(SweepListener listener) {
      this.listener = requireNonNull(listener, "listener == null");
      return this;
    }

    public Sweeper build() {
      return new Sweeper(this);
    }
  }
}
