package io.unipay.spring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.unipay.core.UniPay;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gauge {@code unipay.ledger.unresolved}: how many ledger facts are unresolved now, counted
 * with {@code pay.ledger().unresolved(...)} at most once per refresh period (a scrape in between
 * sees the cached value) and capped at {@value #CAP}. NaN while the database cannot be read.
 */
final class UnresolvedLedgerGauge {
  static final String NAME = "unipay.ledger.unresolved";
  static final int CAP = 1000;
  private static final Logger log = LoggerFactory.getLogger(UnresolvedLedgerGauge.class);

  private final Supplier<UniPay> pay;
  private final Clock clock;
  private final Duration refresh;
  private Instant readAt;
  private double value = Double.NaN;

  UnresolvedLedgerGauge(
      MeterRegistry registry, Supplier<UniPay> pay, Clock clock, Duration refresh) {
    this.pay = pay;
    this.clock = clock;
    this.refresh = refresh;
    Gauge.builder(NAME, this, UnresolvedLedgerGauge::value)
        .description("Provider facts in the ledger that need an operator (capped at " + CAP + ")")
        .strongReference(true)
        .register(registry);
  }

  synchronized double value() {
    Instant now = clock.instant();
    if (readAt != null && now.isBefore(readAt.plus(refresh))) return value;
    readAt = now;
    try {
      value = pay.get().ledger().unresolved(CAP).size();
    } catch (RuntimeException e) {
      log.warn("unipay.ledger.unresolved: the ledger cannot be read ({})", e.getClass().getName());
      value = Double.NaN;
    }
    return value;
  }
}
