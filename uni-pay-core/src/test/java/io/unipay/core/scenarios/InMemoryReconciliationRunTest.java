package io.unipay.core.scenarios;

import io.unipay.core.memory.InMemoryOrderRepository;
import io.unipay.core.spi.OrderRepository;

/** {@link ReconciliationRunScenarios} on the in-memory repository. */
class InMemoryReconciliationRunTest extends ReconciliationRunScenarios {
  @Override
  protected OrderRepository emptyRepository() {
    return new InMemoryOrderRepository();
  }
}
