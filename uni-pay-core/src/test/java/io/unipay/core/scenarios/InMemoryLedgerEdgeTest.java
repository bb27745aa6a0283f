package io.unipay.core.scenarios;

import io.unipay.core.memory.InMemoryOrderRepository;
import io.unipay.core.spi.OrderRepository;

/** {@link LedgerEdgeScenarios} on the in-memory repository. */
class InMemoryLedgerEdgeTest extends LedgerEdgeScenarios {
  @Override
  protected OrderRepository emptyRepository() {
    return new InMemoryOrderRepository();
  }
}
