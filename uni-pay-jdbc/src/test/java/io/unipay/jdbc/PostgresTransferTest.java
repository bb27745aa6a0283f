package io.unipay.jdbc;

import io.unipay.core.scenarios.TransferScenarios;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.transfer.TransferRepository;
import io.unipay.jdbc.TestDatabases.Kind;

/** {@link TransferScenarios} on PostgreSQL. */
class PostgresTransferTest extends TransferScenarios {
  private final EdgeRepositories repositories = new EdgeRepositories(Kind.POSTGRESQL);

  @Override
  protected OrderRepository emptyRepository() {
    return repositories.next();
  }

  @Override
  protected TransferRepository transfersOn(OrderRepository orders) {
    return JdbiTransferRepository.of((JdbiOrderRepository) orders);
  }

  @Override
  protected void releaseRepositories() {
    repositories.close();
  }
}
