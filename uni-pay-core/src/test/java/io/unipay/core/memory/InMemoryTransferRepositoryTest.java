package io.unipay.core.memory;

import io.unipay.core.spi.OrderRepository;
import io.unipay.core.transfer.TransferRepository;
import io.unipay.core.transfer.TransferRepositoryContract;

/** The {@link TransferRepositoryContract} on the in-memory repositories. */
class InMemoryTransferRepositoryTest extends TransferRepositoryContract {
  @Override
  protected OrderRepository newOrderRepository() {
    return new InMemoryOrderRepository();
  }

  @Override
  protected TransferRepository transfersOn(OrderRepository orders) {
    return new InMemoryTransferRepository(orders);
  }
}
