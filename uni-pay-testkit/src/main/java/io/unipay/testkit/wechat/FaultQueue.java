package io.unipay.testkit.wechat;

import java.util.ArrayList;
import java.util.List;

/**
 * Pending faults, each for the next N matching calls. Faults aimed at the call's endpoint strike
 * first, in the order they were injected; then faults for any endpoint, lowest {@link Fault}
 * constant first. Guarded by the simulator's lock.
 */
final class FaultQueue {
  /** A fault taken for one call. */
  record Taken(Fault fault, Fault.Timing timing) {}

  private static final class Entry {
    final Fault fault;
    final Endpoint endpoint; // null: any API endpoint but CERTIFICATES
    final Fault.Timing timing;
    int remaining;

    Entry(Fault fault, Endpoint endpoint, Fault.Timing timing, int remaining) {
      this.fault = fault;
      this.endpoint = endpoint;
      this.timing = timing;
      this.remaining = remaining;
    }

    boolean matches(Endpoint target) {
      return endpoint == null ? target != Endpoint.CERTIFICATES : endpoint == target;
    }
  }

  private final List<Entry> entries = new ArrayList<>();

  void add(Fault fault, Endpoint endpoint, Fault.Timing timing, int times) {
    for (Entry e : entries) {
      if (e.fault == fault && e.endpoint == endpoint && e.timing == timing) {
        e.remaining += times;
        return;
      }
    }
    entries.add(new Entry(fault, endpoint, timing, times));
  }

  /** Takes the fault for one API call to {@code endpoint} (null: an unknown path), or null. */
  Taken takeApi(Endpoint endpoint) {
    for (Entry e : entries) {
      if (e.endpoint != null && e.endpoint == endpoint) return take(e);
    }
    Entry best = null;
    for (Entry e : entries) {
      if (e.endpoint != null) continue;
      if (!e.fault.isApiFault() || !e.matches(endpoint)) continue;
      if (best == null || e.fault.ordinal() < best.fault.ordinal()) best = e;
    }
    return best == null ? null : take(best);
  }

  /** Takes the fault for one notification attempt, or null. */
  Fault takeNotification() {
    Entry best = null;
    for (Entry e : entries) {
      if (e.fault.isApiFault()) continue;
      if (best == null || e.fault.ordinal() < best.fault.ordinal()) best = e;
    }
    return best == null ? null : take(best).fault();
  }

  /** How many calls still have a fault coming. */
  int pending() {
    return entries.stream().mapToInt(e -> e.remaining).sum();
  }

  void clear() {
    entries.clear();
  }

  private Taken take(Entry e) {
    if (--e.remaining == 0) entries.remove(e);
    return new Taken(e.fault, e.timing);
  }
}
