package io.unipay.core.scenarios;

import io.unipay.core.memory.InMemoryOrderRepository;
import io.unipay.core.spi.OrderRepository;

/** {@link RefundEdgeScenarios} on the in-memory repository. */
class InMemoryRefundEdgeTest extends RefundEdgeScenarios {
  @Override
  protected OrderRepository emptyRepository() {
    return new InMemoryOrderRepository();
  }
}
