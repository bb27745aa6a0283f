package io.unipay.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.unipay.core.UniPay;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of uni-pay, when Micrometer is on the classpath and a {@link MeterRegistry}
 * bean exists: {@code unipay.notifications} and {@code unipay.provider.calls} (timers), {@code
 * unipay.settlements}, {@code unipay.settlement.outcomes}, {@code unipay.refunds}, {@code unipay.refunds.amount}, {@code
 * unipay.sweeper.*}, {@code unipay.ledger.unresolved.recorded} (counters) and {@code
 * unipay.ledger.unresolved} (gauge). Off with {@code unipay.metrics.enabled=false}.
 */
@AutoConfiguration(
    before = UniPayAutoConfiguration.class,
    afterName = {
      // Boot 3.x
      "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration",
      // Boot 4.x
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnProperty(prefix = "unipay.metrics", name = "enabled", matchIfMissing = true)
public class UniPayMetricsAutoConfiguration {

  @Bean
  NotifyMetrics uniPayNotifyMetrics(MeterRegistry registry) {
    return new NotifyMetrics(registry);
  }

  @Bean
  SettlementMetrics uniPaySettlementMetrics(MeterRegistry registry) {
    return new SettlementMetrics(registry);
  }

  @Bean
  SettlementOutcomeMetrics uniPaySettlementOutcomeMetrics(MeterRegistry registry) {
    return new SettlementOutcomeMetrics(registry);
  }

  @Bean
  RefundMetrics uniPayRefundMetrics(MeterRegistry registry) {
    return new RefundMetrics(registry);
  }

  @Bean
  ProviderCallMetrics uniPayProviderCallMetrics(MeterRegistry registry) {
    return new ProviderCallMetrics(registry);
  }

  @Bean
  SweeperMetrics uniPaySweeperMetrics(MeterRegistry registry) {
    return new SweeperMetrics(registry);
  }

  @Bean
  LedgerMetrics uniPayLedgerMetrics(MeterRegistry registry) {
    return new LedgerMetrics(registry);
  }

  @Bean
  UnresolvedLedgerGauge uniPayUnresolvedLedgerGauge(
      MeterRegistry registry, ObjectProvider<UniPay> pay) {
    return new UnresolvedLedgerGauge(
        registry, pay::getObject, Clock.systemUTC(), Duration.ofSeconds(60));
  }
}
