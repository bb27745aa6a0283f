package io.unipay.core.memory;

import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.OrderRepositoryContract;

/** Runs the {@link OrderRepositoryContract} against {@link InMemoryOrderRepository}. */
class InMemoryOrderRepositoryTest extends OrderRepositoryContract {

  @Override
  protected OrderRepository newRepository() {
    return new InMemoryOrderRepository();
  }
}
