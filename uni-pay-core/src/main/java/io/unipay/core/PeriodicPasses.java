package io.unipay.core;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * A pass run every {@code interval} (first at once) on one daemon thread, for the {@link Sweeper}
 * and the {@link ReconcileJob}. A pass that throws is logged and the next one still runs (a
 * scheduled task that throws is otherwise never run again). Start and stop are idempotent.
 */
final class PeriodicPasses {
  private final String threadName;
  private final String what;
  private final Duration interval;
  private final Duration stopWait;
  private final Runnable pass;
  private final Logger log;
  private ScheduledExecutorService executor;

  /**
   * @param what the pass's name in the log ("sweeper pass")
   * @param stopWait how long {@link #stop} lets a running pass finish
   * @param log the owner's logger, so the messages keep its category
   */
  PeriodicPasses(
      String threadName, String what, Duration interval, Duration stopWait, Runnable pass,
      Logger log) {
    this.threadName = threadName;
    this.what = what;
    this.interval = interval;
    this.stopWait = stopWait;
    this.pass = pass;
    this.log = log;
  }

  synchronized void start() {
    if (executor != null) return;
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            pass.run();
          } catch (VirtualMachineError e) {
            throw e;
          } catch (Throwable e) {
            log.error("{} failed; next pass in {}", what, interval, e);
          }
        },
        0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  synchronized void stop() {
    if (executor == null) return;
    executor.shutdown();
    try {
      if (!executor.awaitTermination(stopWait.toMillis(), TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    executor = null;
  }
}
