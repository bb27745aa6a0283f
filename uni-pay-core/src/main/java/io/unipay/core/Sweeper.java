package io.unipay.core;

import static java.util.Objects.requireNonNull;

import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Refund;
import io.unipay.core.order.SettlementFlag;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.TradeSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order lifecycle job: recovers lost notifications by active query (with backoff), expires
 * unpaid orders (query, close at the provider, then CAS 0 → -1), reconciles PROCESSING refunds,
 * refunds duplicate payments whose automatic refund was refused (when that policy is on),
 * reconciles transfers that are not final (when transfers are configured; see {@link
 * TransferSweep}), and optionally purges old closed orders.
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
  private final int alertAfterAttempts;
  private final TransferSweep transfers; // null without transfers
  private final PeriodicPasses passes;

  private Sweeper(Builder b) {
    this.engine = b.engine;
    this.repository = b.engine.repository();
    this.batchSize = b.batchSize;
    this.maxBatchesPerPass = b.maxBatchesPerPass;
    this.lease = b.lease;
    this.interval = b.interval;
    this.passes =
        new PeriodicPasses("uni-pay-sweeper", "sweeper pass", interval, Duration.ofSeconds(30),
            this::runOnce, log);
    this.backoff = List.copyOf(b.backoff);
    this.purgeClosedAfter = b.purgeClosedAfter;
    this.listener = b.listener;
    this.alertAfterAttempts = b.alertAfterAttempts;
    this.transfers =
        b.engine.transferEngine() == null
            ? null
            : new TransferSweep(
                b.engine.transferEngine(), batchSize, maxBatchesPerPass, lease, backoff,
                b.alertTransferAfterAttempts);
  }

  /**
   * Runs one pass now, on the calling thread, and returns what it did. Each order and refund is
   * worked in isolation: whatever one throws (a provider failure, a malformed answer, a host
   * handler's {@code Error}) is logged, counted and retried later, and the pass goes on; only a
   * {@link VirtualMachineError} ends it.
   */
  public SweepReport runOnce() {
    Counts counts = new Counts();
    Instant now = engine.clock().instant();
    for (int batch = 0; batch < maxBatchesPerPass; batch++) {
      List<PayOrder> claimed = repository.claimUnpaidDue(now, lease, batchSize);
      counts.claimed += claimed.size();
      for (PayOrder order : claimed) {
        isolated(order.outTradeNo(), counts, () -> checkOrder(order, now, counts), () ->
            repository.scheduleCheck(
                order.outTradeNo(), now.plus(backoff(order.checkCount() + 1)),
                order.checkCount() + 1));
      }
      if (claimed.size() < batchSize) break;
    }
    for (int batch = 0; batch < maxBatchesPerPass; batch++) {
      List<PayOrder> claimed = repository.claimClosedWatchDue(now, lease, batchSize);
      for (PayOrder order : claimed) {
        isolated(order.outTradeNo(), counts, () -> {
          PayOrder after = engine.finalCheck(order);
          counts.finalChecks++;
          if (after.status().isPaid()) counts.settled++;
        }, () -> repository.scheduleFinalCheck(order.outTradeNo(), now.plus(backoff.get(1))));
      }
      if (claimed.size() < batchSize) break;
    }
    for (int batch = 0; batch < maxBatchesPerPass; batch++) {
      List<Refund> claimed = repository.claimProcessingRefundsDue(now, lease, batchSize);
      for (Refund refund : claimed) {
        reconcileRefund(refund, now, counts);
      }
      if (claimed.size() < batchSize) break;
    }
    Set<SettlementFlag> flags = engine.autoRefundedFlags();
    if (!flags.isEmpty()) {
      for (PayOrder flagged : repository.claimUnrefundedFlaggedDue(flags, now, lease, batchSize)) {
        int tries = flagged.checkCount() + 1;
        isolated(flagged.outTradeNo(), counts, () -> {
          engine.refundFlagged(flagged);
          counts.duplicates++;
        }, () -> repository.scheduleCheck(flagged.outTradeNo(), now.plus(backoff(tries)), tries));
      }
    }
    TransferSweep.Counts moved =
        transfers == null
            ? TransferSweep.Counts.NONE
            : transfers.run(now, (key, work, retryLater) -> isolated(key, counts, work, retryLater));
    if (purgeClosedAfter != null) {
      counts.purged =
          repository.purgeClosed(now.minus(purgeClosedAfter), batchSize * maxBatchesPerPass);
    }
    SweepReport report =
        new SweepReport(
            counts.claimed, counts.settled, counts.closed, counts.finalChecks, counts.refunds,
            counts.duplicates, counts.purged, counts.stuck, counts.errors, moved.checked(),
            moved.finished(), moved.resent(), moved.stuck());
    log.info("sweeper pass: {}", report);
    try {
      listener.onPass(report);
    } catch (RuntimeException e) {
      log.warn("sweep listener failed", e);
    }
    return report;
  }

  private void reconcileRefund(Refund refund, Instant now, Counts counts) {
    int attempts = refund.checkCount() + 1;
    Runnable retryLater = () -> {
      repository.scheduleRefundCheck(refund.outRefundNo(), now.plus(backoff(attempts)), attempts);
      if (attempts == alertAfterAttempts) {
        counts.stuck++;
        PayOrder order = repository.find(refund.outTradeNo()).orElse(null);
        if (order != null) engine.refundService().raiseStuck(order, refund, attempts, null);
      }
    };
    isolated(refund.outTradeNo(), counts, () -> {
      if (engine.refundService().reconcile(refund, "sweeper")) counts.refunds++;
      else retryLater.run();
    }, retryLater);
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
    TradeSnapshot trade = engine.queryTrade(order);
    if (trade.state().isPaid()) {
      SettlementOutcome outcome = engine.settle(order.provider(), trade, "sweeper");
      if (outcome.isRecorded()) {
        counts.settled++;
        return;
      }
      counts.errors++;
    }
    Instant next = now.plus(backoff(checks));
    if (next.isAfter(order.expireDate())) next = order.expireDate();
    repository.scheduleCheck(order.outTradeNo(), next, checks);
  }

  /**
   * Runs {@code work} for one order; on any failure but a {@link VirtualMachineError} counts it,
   * logs it, tells the listener and runs {@code retryLater} (itself guarded).
   */
  private void isolated(String outTradeNo, Counts counts, Runnable work, Runnable retryLater) {
    try {
      work.run();
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      counts.errors++;
      UniPayException error =
          e instanceof UniPayException u
              ? u
              : new UniPayException(
                  ErrorCode.OUTCOME_UNKNOWN, "unexpected " + e.getClass().getName(), e);
      if (e instanceof UniPayException) {
        log.warn("{} - sweeper: {} ({}); retried later", outTradeNo, error.code(),
            e.getMessage());
      } else {
        log.error("{} - sweeper: unexpected failure, state kept; retried later", outTradeNo, e);
      }
      try {
        retryLater.run();
      } catch (VirtualMachineError vme) {
        throw vme;
      } catch (Throwable again) {
        log.warn("{} - sweeper: could not schedule the retry; the lease runs out instead",
            outTradeNo, again);
      }
      notifyError(outTradeNo, error);
    }
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
  public Sweeper start() {
    passes.start();
    return this;
  }

  /** Stops the background passes, letting a running pass finish (up to 30 s). */
  public void stop() {
    passes.stop();
  }

  @Override
  public void close() {
    stop();
  }

  private static final class Counts {
    int claimed;
    int settled;
    int closed;
    int finalChecks;
    int refunds;
    int stuck;
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
    private int alertAfterAttempts = 8;
    private int alertTransferAfterAttempts = 8;

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

    /**
     * After how many reconciliation attempts without a definite answer a PROCESSING refund is
     * raised to the operator (ERROR log, ledger fact {@code REFUND_STUCK}, ledger listener). The
     * sweeper keeps asking afterwards; the amount stays reserved. Default 8 (with the default
     * backoff, about five hours).
     */
    public Builder alertRefundAfterAttempts(int attempts) {
      if (attempts < 1) throw UniPayException.invalid("alertRefundAfterAttempts must be ≥ 1");
      this.alertAfterAttempts = attempts;
      return this;
    }

    /**
     * After how many checks without a final answer a transfer is raised to the operator (ERROR
     * log, ledger fact {@code TRANSFER_STUCK}, ledger listener); one waiting for the payee's
     * confirmation is not (WeChat ends it). The sweeper keeps asking afterwards. Default 8.
     */
    public Builder alertTransferAfterAttempts(int attempts) {
      if (attempts < 1) throw UniPayException.invalid("alertTransferAfterAttempts must be ≥ 1");
      this.alertTransferAfterAttempts = attempts;
      return this;
    }

    /**
     * Deletes closed (never paid) orders that expired longer ago than this, once no final check
     * is pending for them; off by default.
     */
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
