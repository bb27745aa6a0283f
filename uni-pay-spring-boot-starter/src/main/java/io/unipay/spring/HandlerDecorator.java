package io.unipay.spring;

import io.unipay.core.spi.NotifyHandler;

/**
 * Wraps each {@link UniPayHandler} bean before the engine gets it (e.g. to count settlements). A
 * decorator must delegate every {@link NotifyHandler} method, and let the handler's exceptions
 * through unchanged.
 */
interface HandlerDecorator {

  /** The handler the engine registers for {@code type}. */
  NotifyHandler decorate(String type, NotifyHandler handler);
}
