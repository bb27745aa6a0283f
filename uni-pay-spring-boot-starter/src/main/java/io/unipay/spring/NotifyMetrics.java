package io.unipay.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.unipay.core.NotifyRequest;
import io.unipay.core.NotifyResponse;
import io.unipay.core.order.Provider;
import java.time.Duration;

/**
 * Times every notification as {@code unipay.notifications}, tagged {@code provider} ({@code
 * wxpay}, {@code alipay}, or {@code unknown} for a path naming neither: the path is unverified
 * input and must not mint tags) and {@code outcome} ({@code success} or {@code failure}).
 */
final class NotifyMetrics implements UniPayNotifyListener {
  static final String NAME = "unipay.notifications";

  private final MeterRegistry registry;

  NotifyMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void onNotify(NotifyRequest request, NotifyResponse response, Duration elapsed) {
    Timer.builder(NAME)
        .description("Provider notifications handled, by provider and outcome")
        .tag("provider", provider(request.path()))
        .tag("outcome", response.success() ? "success" : "failure")
        .register(registry)
        .record(elapsed);
  }

  /** The provider code in {@code .../{provider}/{payType}}, or {@code unknown}. */
  static String provider(String path) {
    String[] segments = path.split("/");
    if (segments.length < 2) return "unknown";
    String candidate = segments[segments.length - 2];
    for (Provider provider : Provider.values()) {
      if (provider.code().equals(candidate)) return provider.code();
    }
    return "unknown";
  }
}
