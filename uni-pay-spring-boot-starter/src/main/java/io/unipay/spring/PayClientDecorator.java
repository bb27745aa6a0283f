package io.unipay.spring;

import io.unipay.core.spi.PayClient;

/**
 * Wraps each {@link PayClient} bean before the engine gets it (e.g. to time provider calls). A
 * decorator must delegate every {@link PayClient} method, default methods included, and let the
 * client's results and exceptions through unchanged.
 */
interface PayClientDecorator {

  /** The client the engine registers in place of {@code client}. */
  PayClient decorate(PayClient client);
}
