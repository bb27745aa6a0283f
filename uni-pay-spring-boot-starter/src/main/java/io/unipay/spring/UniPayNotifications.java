package io.unipay.spring;

import static java.util.Objects.requireNonNull;

import io.unipay.core.NotifyRequest;
import io.unipay.core.NotifyResponse;
import io.unipay.core.UniPay;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The starter's entry to {@link UniPay#handleNotify}: hands the notification to the engine and
 * tells every {@link UniPayNotifyListener} bean what was answered and how long it took. The MVC
 * endpoint uses it; pass it to {@link UniPayNotifyServlet} to observe the servlet path as well.
 * Thread-safe; never throws for a notification (the engine does not).
 */
public final class UniPayNotifications {
  private static final Logger log = LoggerFactory.getLogger(UniPayNotifications.class);

  private final UniPay pay;
  private final List<UniPayNotifyListener> listeners;

  public UniPayNotifications(UniPay pay, List<UniPayNotifyListener> listeners) {
    this.pay = requireNonNull(pay, "pay == null");
    this.listeners = List.copyOf(listeners);
  }

  /** Handles one notification and returns what to write back verbatim. */
  public NotifyResponse handle(NotifyRequest request) {
    long start = System.nanoTime();
    NotifyResponse response = pay.handleNotify(request);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    for (UniPayNotifyListener listener : listeners) {
      try {
        listener.onNotify(request, response, elapsed);
      } catch (RuntimeException e) {
        log.warn("notify listener {} failed", listener.getClass().getName(), e);
      }
    }
    return response;
  }
}
