package io.unipay.examples;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Admission for long-polls ({@code GET /api/orders/{no}?await=..}), which hold a thread while they
 * wait: at most {@code total} at once and {@code perCaller} per signed-in caller. A refused one is
 * answered 429 at once instead of queueing behind the others.
 */
final class LongPolls {
  private final Semaphore total;
  private final int perCaller;
  private final Map<String, Integer> held = new ConcurrentHashMap<>();

  private final int max;

  LongPolls(int total, int perCaller) {
    this.max = total;
    if (total < 1 || perCaller < 1) {
      throw new IllegalArgumentException("long-poll limits must be at least 1");
    }
    this.total = new Semaphore(total);
    this.perCaller = perCaller;
  }

  /** Takes a slot for {@code caller}, or returns false when either limit is reached. */
  boolean tryAcquire(String caller) {
    boolean[] granted = {false};
    held.compute(caller, (k, n) -> {
      int count = n == null ? 0 : n;
      if (count >= perCaller || !total.tryAcquire()) return n;
      granted[0] = true;
      return count + 1;
    });
    return granted[0];
  }

  /** How many long-polls hold a slot now. */
  int waiting() {
    return max - total.availablePermits();
  }

  /** Gives back a slot {@link #tryAcquire} granted. */
  void release(String caller) {
    held.computeIfPresent(caller, (k, n) -> n <= 1 ? null : n - 1);
    total.release();
  }
}
