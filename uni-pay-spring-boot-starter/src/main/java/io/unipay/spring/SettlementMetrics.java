package io.unipay.spring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.unipay.core.spi.NotifyHandler;
import io.unipay.core.spi.PaidEvent;
import io.unipay.core.spi.RefundEvent;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counts the settlements whose handler ran as {@code unipay.settlements}, tagged {@code type},
 * {@code provider} and {@code outcome}: {@code settled} or {@code settled_after_close} once the
 * settlement transaction committed, {@code handler_failed} when the handler threw, {@code
 * rolled_back} when the transaction rolled back although the handler returned (e.g. a
 * {@code @Transactional} service inside it marked it rollback-only). Outcomes without a handler
 * run (already settled, duplicate, rejected, storage failure) are not visible to the starter.
 */
final class SettlementMetrics implements HandlerDecorator {
  static final String NAME = "unipay.settlements";

  private final MeterRegistry registry;

  SettlementMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public NotifyHandler decorate(String type, NotifyHandler handler) {
    return new Counting(type, handler);
  }

  private void count(String type, PaidEvent event, String outcome) {
    Counter.builder(NAME)
        .description("Settlements whose handler ran, by order type, provider and outcome")
        .tag("type", type)
        .tag("provider", event.order().provider().code())
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** Delegates every handler method; counts {@code onPaid} when its transaction completes. */
  private final class Counting implements NotifyHandler {
    private final String type;
    private final NotifyHandler handler;

    Counting(String type, NotifyHandler handler) {
      this.type = type;
      this.handler = handler;
    }

    @Override
    public void onPaid(PaidEvent event) {
      String settled = event.lateAfterClose() ? "settled_after_close" : "settled";
      try {
        handler.onPaid(event);
      } catch (RuntimeException | Error e) {
        count(type, event, "handler_failed");
        throw e;
      }
      if (!TransactionSynchronizationManager.isSynchronizationActive()) {
        count(type, event, settled); // a repository outside Spring transactions
        return;
      }
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
              count(type, event, status == STATUS_COMMITTED ? settled : "rolled_back");
            }
          });
    }

    @Override
    public void onRefunded(RefundEvent event) {
      handler.onRefunded(event);
    }

    @Override
    public void onRefundWithoutGrant(RefundEvent event) {
      handler.onRefundWithoutGrant(event);
    }

    @Override
    public String toString() {
      return handler.toString();
    }
  }
}
