package io.unipay.jdbc;

import io.unipay.core.scenarios.RefundEdgeScenarios;
import io.unipay.core.spi.OrderRepository;
import io.unipay.jdbc.TestDatabases.Kind;

/** {@link RefundEdgeScenarios} on MariaDb. */
class MariaDbRefundEdgeTest extends RefundEdgeScenarios {
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
