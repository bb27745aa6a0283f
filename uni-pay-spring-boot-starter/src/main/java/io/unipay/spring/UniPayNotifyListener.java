package io.unipay.spring;

import io.unipay.core.NotifyRequest;
import io.unipay.core.NotifyResponse;
import java.time.Duration;

/**
 * Told about every notification the starter's endpoint or servlet handled, after the engine
 * answered it, e.g. for metrics. Runs on the request thread and must be quick; an exception it
 * throws is logged and ignored. The request is unverified input: never log its body.
 */
@FunctionalInterface
public interface UniPayNotifyListener {

  /** One notification was answered with {@code response} after {@code elapsed}. */
  void onNotify(NotifyRequest request, NotifyResponse response, Duration elapsed);
}
