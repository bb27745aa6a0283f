package io.unipay.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.SweepListener;
import io.unipay.core.SweepReport;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The sweeper runs while the application context runs, and not after it closed. */
class SweeperLifecycleTest {
  private final ApplicationContextRunner runner =
      TestContexts.runner()
          .withUserConfiguration(PassCounter.class)
          .withPropertyValues("unipay.sweeper.interval=100ms");

  /** A SweepListener bean that counts the passes it sees. */
  @Configuration(proxyBeanMethods = false)
  static class PassCounter {
    @Bean
    Passes passes() {
      return new Passes();
    }
  }

  static final class Passes implements SweepListener {
    final AtomicInteger count = new AtomicInteger();
    final CountDownLatch first = new CountDownLatch(2);

    @Override
    public void onPass(SweepReport report) {
      count.incrementAndGet();
      first.countDown();
    }
  }

  @Test
  void sweeperStartsWithTheContextAndStopsWhenItCloses() {
    runner
        .withPropertyValues("unipay.sweeper.enabled=true")
        .run(
            context -> {
              Passes passes = context.getBean(Passes.class);
              UniPaySweeperLifecycle lifecycle = context.getBean(UniPaySweeperLifecycle.class);

              assertThat(passes.first.await(10, TimeUnit.SECONDS)).isTrue();
              assertThat(lifecycle.isRunning()).isTrue();
              assertThat(lifecycle.lastPassAt()).isPresent();
              assertThat(lifecycle.interval()).contains(Duration.ofMillis(100));

              context.close();
              int afterClose = passes.count.get();
              Thread.sleep(400);

              assertThat(lifecycle.isRunning()).isFalse();
              assertThat(passes.count.get()).isEqualTo(afterClose);
            });
  }

  @Test
  void sweeperDisabledByPropertyIsNotCreatedAndNeverPasses() {
    runner
        .withPropertyValues("unipay.sweeper.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(UniPaySweeperLifecycle.class);
              Thread.sleep(300);
              assertThat(context.getBean(Passes.class).count).hasValue(0);
            });
  }
}
