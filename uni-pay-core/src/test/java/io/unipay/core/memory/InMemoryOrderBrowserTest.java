package io.unipay.core.memory;

import io.unipay.core.spi.OrderBrowserContract;
import io.unipay.core.spi.OrderRepository;

/** Runs the {@link OrderBrowserContract} against {@link InMemoryOrderRepository}. */
class InMemoryOrderBrowserTest extends OrderBrowserContract {

  @Override
  protected OrderRepository newRepository() {
    return new InMemoryOrderRepository();
  }
}
