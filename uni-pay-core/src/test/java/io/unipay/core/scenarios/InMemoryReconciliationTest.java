package io.unipay.core.scenarios;

import io.unipay.core.memory.InMemoryOrderRepository;
import io.unipay.core.spi.OrderRepository;

/** {@link ReconciliationScenarios} on the in-memory repository. */
class InMemoryReconciliationTest extends ReconciliationScenarios {
  @Override
  protected OrderRepository emptyRepository() {
    return new InMemoryOrderRepository();
  }
}
