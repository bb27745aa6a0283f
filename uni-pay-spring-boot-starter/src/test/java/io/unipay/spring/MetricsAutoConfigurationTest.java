package io.unipay.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.unipay.core.UniPay;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The meters are configured only when the application has a MeterRegistry. */
class MetricsAutoConfigurationTest {
  private final ApplicationContextRunner runner =
      TestContexts.runner()
          .withConfiguration(AutoConfigurations.of(UniPayMetricsAutoConfiguration.class));

  @Test
  void noMeterRegistryBeanMeansNoMeters() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(UniPay.class);
          assertThat(context).doesNotHaveBean(SweeperMetrics.class);
          assertThat(context).doesNotHaveBean(NotifyMetrics.class);
        });
  }

  @Test
  void withoutMicrometerOnTheClasspathTheEngineStillStarts() {
    runner
        .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
        .run(context -> assertThat(context).hasSingleBean(UniPay.class));
  }

  @Test
  void meterRegistryBeanRegistersTheSweeperMetersAndTheGauge() {
    runner
        .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            context -> {
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              assertThat(registry.find("unipay.sweeper.passes").counter()).isNotNull();
              assertThat(registry.get(UnresolvedLedgerGauge.NAME).gauge().value()).isZero();
            });
  }

  @Test
  void metricsCanBeTurnedOff() {
    runner
        .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("unipay.metrics.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(SweeperMetrics.class));
  }
}
