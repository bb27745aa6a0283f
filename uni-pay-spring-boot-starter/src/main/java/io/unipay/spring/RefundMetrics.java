package io.unipay.spring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.unipay.core.spi.NotifyHandler;
import io.unipay.core.spi.PaidEvent;
import io.unipay.core.spi.RefundEvent;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counts refunds that reached SUCCESS as {@code unipay.refunds}, tagged {@code type}, {@code
 * provider} and {@code outcome}: {@code refunded} (the payment's grant was taken back by {@code
 * onRefunded}) or {@code refunded_without_grant} (a payment whose {@code onPaid} never ran, e.g. a
 * duplicate) once the refund's transaction committed, {@code handler_failed} when the hook threw,
 * {@code rolled_back} when the transaction rolled back although the hook returned. The refunded
 * money of committed refunds is added to {@code unipay.refunds.amount} (base unit fen).
 */
final class RefundMetrics implements HandlerDecorator {
  static final String NAME = "unipay.refunds";
  static final String AMOUNT = "unipay.refunds.amount";

  private final MeterRegistry registry;

  RefundMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public NotifyHandler decorate(String type, NotifyHandler handler) {
    return new Counting(type, handler);
  }

  private void count(String type, RefundEvent event, String outcome) {
    String provider = event.order().provider().code();
    Counter.builder(NAME)
        .description("Refunds that reached SUCCESS, by order type, provider and outcome")
        .tag("type", type)
        .tag("provider", provider)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  private void committed(String type, RefundEvent event, String outcome) {
    count(type, event, outcome);
    Counter.builder(AMOUNT)
        .description("Money refunded (SUCCESS, committed), by order type and provider")
        .baseUnit("fen")
        .tag("type", type)
        .tag("provider", event.order().provider().code())
        .register(registry)
        .increment(event.refund().refundFee());
  }

  /** Delegates every handler method; counts the refund hooks when their transaction completes. */
  private final class Counting implements NotifyHandler {
    private final String type;
    private final NotifyHandler handler;

    Counting(String type, NotifyHandler handler) {
      this.type = type;
      this.handler = handler;
    }

    @Override
    public void onPaid(PaidEvent event) {
      handler.onPaid(event);
    }

    @Override
    public void onRefunded(RefundEvent event) {
      observe(event, "refunded", () -> handler.onRefunded(event));
    }

    @Override
    public void onRefundWithoutGrant(RefundEvent event) {
      observe(event, "refunded_without_grant", () -> handler.onRefundWithoutGrant(event));
    }

    private void observe(RefundEvent event, String outcome, Runnable hook) {
      try {
        hook.run();
      } catch (RuntimeException | Error e) {
        count(type, event, "handler_failed");
        throw e;
      }
      if (!TransactionSynchronizationManager.isSynchronizationActive()) {
        committed(type, event, outcome); // a repository outside Spring transactions
        return;
      }
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
              if (status == STATUS_COMMITTED) committed(type, event, outcome);
              else count(type, event, "rolled_back");
            }
          });
    }

    @Override
    public String toString() {
      return handler.toString();
    }
  }
}
