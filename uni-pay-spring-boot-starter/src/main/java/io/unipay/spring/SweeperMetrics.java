package io.unipay.spring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.unipay.core.SweepListener;
import io.unipay.core.SweepReport;

/**
 * Counts sweeper passes ({@code unipay.sweeper.passes}) and, for each {@link SweepReport} field,
 * what the passes did: {@code unipay.sweeper.claimed}, {@code .settled}, {@code .closed}, {@code
 * .final.checks}, {@code .refunds.reconciled}, {@code .duplicates.refunded}, {@code .purged},
 * {@code .refunds.stuck} and {@code .errors}.
 */
final class SweeperMetrics implements SweepListener {
  private final Counter passes;
  private final Counter claimed;
  private final Counter settled;
  private final Counter closed;
  private final Counter finalChecks;
  private final Counter refundsReconciled;
  private final Counter duplicatesRefunded;
  private final Counter purged;
  private final Counter refundsStuck;
  private final Counter errors;

  SweeperMetrics(MeterRegistry registry) {
    passes = counter(registry, "passes", "Sweeper passes finished");
    claimed = counter(registry, "claimed", "Unpaid orders claimed for a look");
    settled = counter(registry, "settled", "Payments found by active query and settled");
    closed = counter(registry, "closed", "Expired orders closed at the provider and locally");
    finalChecks = counter(registry, "final.checks", "Closed orders checked once more");
    refundsReconciled =
        counter(registry, "refunds.reconciled", "PROCESSING refunds that reached a final status");
    duplicatesRefunded =
        counter(registry, "duplicates.refunded", "Flagged payments refunded by the sweeper");
    purged = counter(registry, "purged", "Closed orders deleted past the retention");
    refundsStuck = counter(registry, "refunds.stuck", "Refunds raised to the operator");
    errors = counter(registry, "errors", "Orders or refunds whose provider call failed");
  }

  private static Counter counter(MeterRegistry registry, String name, String description) {
    return Counter.builder("unipay.sweeper." + name).description(description).register(registry);
  }

  @Override
  public void onPass(SweepReport report) {
    passes.increment();
    claimed.increment(report.claimed());
    settled.increment(report.settled());
    closed.increment(report.closed());
    finalChecks.increment(report.finalChecks());
    refundsReconciled.increment(report.refundsReconciled());
    duplicatesRefunded.increment(report.duplicatesRefunded());
    purged.increment(report.purged());
    refundsStuck.increment(report.refundsStuck());
    errors.increment(report.errors());
  }
}
