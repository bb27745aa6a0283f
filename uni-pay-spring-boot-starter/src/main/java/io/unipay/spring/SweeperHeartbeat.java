package io.unipay.spring;

import io.unipay.core.SweepListener;
import io.unipay.core.SweepReport;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Remembers when the sweeper last finished a pass, for the health indicator. Thread-safe. */
final class SweeperHeartbeat implements SweepListener {
  private final Clock clock;
  private final AtomicLong passes = new AtomicLong();
  private volatile Instant lastPass;

  SweeperHeartbeat(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void onPass(SweepReport report) {
    lastPass = clock.instant();
    passes.incrementAndGet();
  }

  Optional<Instant> lastPass() {
    return Optional.ofNullable(lastPass);
  }

  long passes() {
    return passes.get();
  }

  Clock clock() {
    return clock;
  }
}
