package io.unipay.jdbc;

import io.unipay.core.scenarios.LedgerEdgeScenarios;
import io.unipay.core.spi.OrderRepository;
import io.unipay.jdbc.TestDatabases.Kind;

/** {@link LedgerEdgeScenarios} on Postgres. */
class PostgresLedgerEdgeTest extends LedgerEdgeScenarios {
  private final EdgeRepositories repositories = new EdgeRepositories(Kind.POSTGRESQL);

  @Override
  protected OrderRepository emptyRepository() {
    return repositories.next();
  }

  @Override
  protected void releaseRepositories() {
    repositories.close();
  }
}
