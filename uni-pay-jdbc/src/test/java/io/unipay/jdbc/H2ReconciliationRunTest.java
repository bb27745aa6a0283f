package io.unipay.jdbc;

import io.unipay.core.scenarios.ReconciliationRunScenarios;
import io.unipay.core.spi.OrderRepository;
import io.unipay.jdbc.TestDatabases.Kind;

/** {@link ReconciliationRunScenarios} on H2. */
class H2ReconciliationRunTest extends ReconciliationRunScenarios {
  private final EdgeRepositories repositories = new EdgeRepositories(Kind.H2);

  @Override
  protected OrderRepository emptyRepository() {
    return repositories.next();
  }

  @Override
  protected OrderRepository sameDatabase(OrderRepository repository) {
    return repositories.sameDatabase(repository);
  }

  @Override
  protected void releaseRepositories() {
    repositories.close();
  }
}
