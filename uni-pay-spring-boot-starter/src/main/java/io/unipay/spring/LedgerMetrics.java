package io.unipay.spring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.unipay.core.ledger.LedgerListener;
import io.unipay.core.ledger.ProviderEvent;
import java.util.Locale;

/**
 * Counts ledger facts that need an operator as {@code unipay.ledger.unresolved.recorded}, tagged
 * {@code provider} and {@code outcome} (the {@code EventOutcome}, lower case).
 */
final class LedgerMetrics implements LedgerListener {
  static final String NAME = "unipay.ledger.unresolved.recorded";

  private final MeterRegistry registry;

  LedgerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void onUnresolved(ProviderEvent event) {
    Counter.builder(NAME)
        .description("Provider facts recorded that need an operator's attention")
        .tag("provider", event.provider().code())
        .tag("outcome", event.outcome().name().toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
  }
}
