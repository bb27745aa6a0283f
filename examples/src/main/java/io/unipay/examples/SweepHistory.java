package io.unipay.examples;

import io.unipay.core.SweepListener;
import io.unipay.core.SweepReport;
import io.unipay.core.UniPayException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The sweeper's last passes and failures, for the operator console: a {@link SweepListener} that
 * keeps the last {@value #KEPT} of each in memory (this instance, since it started). The counts
 * are the sweeper's own {@link SweepReport}s; the time is when the pass reported.
 */
final class SweepHistory implements SweepListener {
  static final int KEPT = 20;

  /** One finished pass. */
  record Pass(Instant finishedAt, SweepReport report) {}

  /** One order or refund whose provider call failed in a pass (retried later with backoff). */
  record Failure(Instant at, String outTradeNo, String code) {}

  private final Clock clock;
  private final Deque<Pass> passes = new ArrayDeque<>();
  private final Deque<Failure> failures = new ArrayDeque<>();

  SweepHistory(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void onPass(SweepReport report) {
    keep(passes, new Pass(clock.instant(), report));
  }

  @Override
  public void onError(String outTradeNo, UniPayException error) {
    keep(failures, new Failure(clock.instant(), outTradeNo, error.code().name()));
  }

  /** The kept passes, newest first. */
  synchronized List<Pass> passes() {
    return newestFirst(passes);
  }

  /** The kept failures, newest first. */
  synchronized List<Failure> failures() {
    return newestFirst(failures);
  }

  private synchronized <T> void keep(Deque<T> kept, T item) {
    if (kept.size() == KEPT) kept.removeFirst();
    kept.addLast(item);
  }

  private static <T> List<T> newestFirst(Deque<T> kept) {
    List<T> out = new ArrayList<>(kept.size());
    kept.descendingIterator().forEachRemaining(out::add);
    return out;
  }
}
