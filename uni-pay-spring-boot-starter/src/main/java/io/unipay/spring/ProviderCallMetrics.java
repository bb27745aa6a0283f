package io.unipay.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.unipay.core.UniPayException;
import io.unipay.core.spi.PayClient;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Times every call a {@link PayClient} makes to its provider as {@code unipay.provider.calls},
 * tagged {@code provider}, {@code operation} ({@code prepay}, {@code query}, {@code close}, {@code
 * refund}, {@code query_refund}, {@code transfer}, {@code query_transfer}, {@code
 * cancel_transfer}, {@code open_trade_bill}, {@code verify_purchase}) and {@code result}: {@code
 * success}, or the {@link io.unipay.core.ErrorCode} of the failure in lower case (e.g. {@code
 * provider_rejected}, {@code provider_unavailable}, {@code outcome_unknown}, {@code
 * signature_invalid}), or {@code error} for any other exception. Tags come from the library's own
 * enums, never from provider data.
 */
final class ProviderCallMetrics implements PayClientDecorator {
  static final String NAME = "unipay.provider.calls";

  private final MeterRegistry registry;

  ProviderCallMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public PayClient decorate(PayClient client) {
    return new MeteredPayClient(client, this);
  }

  /** Runs {@code call} and records its duration and result. */
  <T> T time(PayClient client, String operation, Supplier<T> call) {
    long start = System.nanoTime();
    String result = "error";
    try {
      T value = call.get();
      result = "success";
      return value;
    } catch (UniPayException e) {
      result = e.code().name().toLowerCase(Locale.ROOT);
      throw e;
    } finally {
      Timer.builder(NAME)
          .description("Calls to the payment providers, by provider, operation and result")
          .tag("provider", client.provider().code())
          .tag("operation", operation)
          .tag("result", result)
          .register(registry)
          .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }
}
