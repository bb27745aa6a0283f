package io.unipay.jdbc;

import io.unipay.core.scenarios.LedgerEdgeScenarios;
import io.unipay.core.spi.OrderRepository;
import io.unipay.jdbc.TestDatabases.Kind;

/** {@link LedgerEdgeScenarios} on MariaDb. */
class MariaDbLedgerEdgeTest extends LedgerEdgeScenarios {
  private final EdgeRepositories repositories = new EdgeRepositories(Kind.MARIADB);

  @Override
  protected OrderRepository emptyRepository() {
    return repositories.next();
  }

  @Override
  protected void releaseRepositories() {
    repositories.close();
  }
}
