package io.unipay.core;

import io.unipay.core.internal.TransferEngine;
import io.unipay.core.transfer.Transfer;
import io.unipay.core.transfer.TransferStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The {@link Sweeper}'s transfer pass: claims transfers that are not final with a lease, asks the
 * provider about each (with backoff), re-sends — with the same out_bill_no — one the provider
 * verifiably does not know past the grace after its last send, and raises one that stays without
 * a final answer for too many checks. A transfer waiting for the payee's confirmation is left to
 * the provider: it ends when the payee confirms, or when WeChat times it out, and is
 * never ended here.
 */
final class TransferSweep {

  /** Runs one transfer's work isolated from the others (the sweeper's error handling). */
  @FunctionalInterface
  interface Isolation {
    void run(String key, Runnable work, Runnable retryLater);
  }

  /** What one pass did with transfers. */
  record Counts(int checked, int finished, int resent, int stuck) {
    static final Counts NONE = new Counts(0, 0, 0, 0);
  }

  private final TransferEngine engine;
  private final int batchSize;
  private final int maxBatches;
  private final Duration lease;
  private final List<Duration> backoff;
  private final int alertAfterAttempts;

  TransferSweep(
      TransferEngine engine, int batchSize, int maxBatches, Duration lease,
      List<Duration> backoff, int alertAfterAttempts) {
    this.engine = engine;
    this.batchSize = batchSize;
    this.maxBatches = maxBatches;
    this.lease = lease;
    this.backoff = List.copyOf(backoff);
    this.alertAfterAttempts = alertAfterAttempts;
  }

  Counts run(Instant now, Isolation isolation) {
    int[] c = new int[4]; // checked, finished, resent, stuck
    for (int batch = 0; batch < maxBatches; batch++) {
      List<Transfer> claimed = engine.claimDue(now, lease, batchSize);
      for (Transfer t : claimed) {
        int attempts = t.checkCount() + 1;
        Runnable retryLater = () -> {
          engine.scheduleCheck(t.transferNo(), now.plus(backoff(attempts)), attempts);
          if (attempts < alertAfterAttempts) return;
          Transfer current = engine.get(t.transferNo(), false);
          if (!current.status().isFinal()
              && current.status() != TransferStatus.WAIT_USER_CONFIRM
              && engine.raiseStuck(current, attempts)) {
            c[3]++;
          }
        };
        isolation.run(t.outBillNo(), () -> {
          TransferEngine.Reconciled done = engine.reconcile(t, "sweeper");
          c[0]++;
          if (done.resent()) c[2]++;
          if (done.isFinal()) c[1]++;
          else retryLater.run();
        }, retryLater);
      }
      if (claimed.size() < batchSize) break;
    }
    return new Counts(c[0], c[1], c[2], c[3]);
  }

  private Duration backoff(int checks) {
    return backoff.get(Math.min(checks, backoff.size() - 1));
  }
}
