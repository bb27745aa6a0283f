package io.unipay.testkit.alipay;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** The queues of injected faults: per gateway method first, then for any method. Thread-safe. */
final class SimFaults {
  /** One injected fault; {@code otherOutTradeNo} only for {@link Fault#ANOTHER_ORDER}. */
  record Injected(Fault fault, FaultPoint point, String otherOutTradeNo) {}

  private final Deque<Injected> any = new ArrayDeque<>();
  private final Map<String, Deque<Injected>> byMethod = new HashMap<>();

  synchronized void add(String method, Injected injected, int times) {
    requireNonNull(injected.fault(), "fault == null");
    requireNonNull(injected.point(), "point == null");
    if (times < 0) throw new IllegalArgumentException("times < 0: " + times);
    Deque<Injected> queue = method == null ? any : byMethod.computeIfAbsent(method, m -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) queue.addLast(injected);
  }

  /** The fault for this call of {@code method}, or null; consumes it. */
  synchronized Injected next(String method) {
    Deque<Injected> queue = method == null ? null : byMethod.get(method);
    if (queue != null && !queue.isEmpty()) return queue.pollFirst();
    return any.pollFirst();
  }

  synchronized void clear() {
    any.clear();
    byMethod.clear();
  }
}
