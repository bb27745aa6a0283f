package io.unipay.jdbc;

import io.unipay.core.scenarios.LedgerEdgeScenarios;
import io.unipay.core.spi.OrderRepository;
import io.unipay.jdbc.TestDatabases.Kind;

/** {@link LedgerEdgeScenarios} on H2. */
class H2LedgerEdgeTest extends LedgerEdgeScenarios {
  private final EdgeRepositories repositories = new EdgeRepositories(Kind.H2);

  @Override
  protected OrderRepository emptyRepository() {
    return repositories.next();
  }

  @Override
  protected void releaseRepositories() {
    repositories.close();
  }
}
