package io.unipay.core.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The payment orders this engine recently saw PAID, as a hint only: a notification for one of
 * them is most likely a duplicate (the provider did not get the answer, or retries anyway), so
 * the settlement reads first, and a duplicate is answered from that read with no transaction.
 * Without the hint, a repository's one-statement settlement would be tried first and rolled back.
 * Either path decides from the database, so a missing or stale entry costs a round trip, never a
 * wrong outcome. Bounded and lock-free: one slot per hash, a newer order overwrites an older.
 */
final class SettledHere {
  private final AtomicReferenceArray<String> slots;
  private final int mask;

  /** Room for about {@code slots} orders, rounded up to a power of two. */
  SettledHere(int slots) {
    if (slots < 1 || slots > 1 << 20) throw new IllegalArgumentException("slots: " + slots);
    int size = slots == 1 ? 1 : Integer.highestOneBit(slots - 1) << 1;
    this.slots = new AtomicReferenceArray<>(size);
    this.mask = size - 1;
  }

  void add(String outTradeNo) {
    slots.lazySet(index(outTradeNo), outTradeNo);
  }

  boolean contains(String outTradeNo) {
    return outTradeNo.equals(slots.get(index(outTradeNo)));
  }

  private int index(String outTradeNo) {
    int h = outTradeNo.hashCode();
    return (h ^ (h >>> 16)) & mask;
  }
}
