package io.unipay.spring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.unipay.core.SettlementListener;
import io.unipay.core.SettlementOutcome;
import io.unipay.core.order.Provider;
import java.util.Locale;

/**
 * Counts every settlement attempt as {@code unipay.settlement.outcomes}, tagged {@code provider},
 * {@code outcome} (the {@code SettlementOutcome}, lower case) and {@code source} ({@code notify},
 * {@code query}, {@code client}, {@code replay}, …) — including the outcomes in which no handler
 * runs (already settled, duplicate payment, rejected, storage failure), which {@code
 * unipay.settlements} cannot see.
 */
final class SettlementOutcomeMetrics implements SettlementListener {
  static final String NAME = "unipay.settlement.outcomes";

  private final MeterRegistry registry;

  SettlementOutcomeMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void onSettlement(
      Provider provider, String outTradeNo, SettlementOutcome outcome, String source) {
    Counter.builder(NAME)
        .description("Settlement attempts of verified trades, by provider, outcome and source")
        .tag("provider", provider.code())
        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
        .tag("source", source == null ? "unknown" : source)
        .register(registry)
        .increment();
  }
}
