package io.unipay.spring;

import io.unipay.core.Sweeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the {@link Sweeper} with the application context: it starts when the context has been
 * refreshed (after the web server, in the last lifecycle phase) and stops first on shutdown,
 * letting a running pass finish. Disable it with {@code unipay.sweeper.enabled=false}, e.g. on
 * instances that should only serve requests.
 */
public final class UniPaySweeperLifecycle implements SmartLifecycle {
  private final Sweeper sweeper;
  private final Duration interval;
  private final SweeperHeartbeat heartbeat;
  private volatile boolean running;
  private volatile Instant startedAt;

  /** A lifecycle for a sweeper built by hand; it does not know when passes happen. */
  public UniPaySweeperLifecycle(Sweeper sweeper) {
    this(sweeper, null, null);
  }

  /** The auto-configured lifecycle: {@code heartbeat} must be one of the sweeper's listeners. */
  UniPaySweeperLifecycle(Sweeper sweeper, Duration interval, SweeperHeartbeat heartbeat) {
    this.sweeper = sweeper;
    this.interval = interval;
    this.heartbeat = heartbeat;
  }

  /** The sweeper, e.g. to run a pass by hand ({@link Sweeper#runOnce()}). */
  public Sweeper sweeper() {
    return sweeper;
  }

  /** The delay between passes, when known. */
  public Optional<Duration> interval() {
    return Optional.ofNullable(interval);
  }

  /** When the last pass finished, when known (empty before the first pass). */
  public Optional<Instant> lastPassAt() {
    return heartbeat == null ? Optional.empty() : heartbeat.lastPass();
  }

  /** When the sweeper was last started, or empty while it has not been. */
  public Optional<Instant> startedAt() {
    return Optional.ofNullable(startedAt);
  }

  @Override
  public void start() {
    sweeper.start();
    startedAt = (heartbeat != null ? heartbeat.clock() : Clock.systemUTC()).instant();
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
