package io.unipay.spring;

import io.unipay.core.Sweeper;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the {@link Sweeper} with the application context: it starts when the context has been
 * refreshed (after the web server, in the last lifecycle phase) and stops first on shutdown,
 * letting a running pass finish. Disable it with {@code unipay.sweeper.enabled=false}, e.g. on
 * instances that should only serve requests.
 */
public final class UniPaySweeperLifecycle implements SmartLifecycle {
  private final Sweeper sweeper;
  private volatile boolean running;

  public UniPaySweeperLifecycle(Sweeper sweeper) {
    this.sweeper = sweeper;
  }

  /** The sweeper, e.g. to run a pass by hand ({@link Sweeper#runOnce()}). */
  public Sweeper sweeper() {
    return sweeper;
  }

  @Override
  public void start() {
    sweeper.start();
    running = true;
  }

  @Override
  public void stop() {
    try {
      sweeper.stop();
    } finally {
      running = false;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE;
  }
}
