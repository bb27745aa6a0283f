package io.unipay.core.scenarios;

import io.unipay.core.memory.InMemoryOrderRepository;
import io.unipay.core.memory.InMemoryTransferRepository;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.transfer.TransferRepository;

/** {@link TransferScenarios} on the in-memory repositories. */
class InMemoryTransferTest extends TransferScenarios {
  @Override
  protected OrderRepository emptyRepository() {
    return new InMemoryOrderRepository();
  }

  @Override
  protected TransferRepository transfersOn(OrderRepository orders) {
    return new InMemoryTransferRepository(orders);
  }
}
