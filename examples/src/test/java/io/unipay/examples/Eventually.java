package io.unipay.examples;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling for effects that happen in the background (notification deliveries). */
final class Eventually {
  private Eventually() {}

  /** Waits until {@code condition} holds, or fails with {@code what} after {@code timeout}. */
  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
