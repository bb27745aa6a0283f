package io.unipay.jdbc;

import io.unipay.core.scenarios.ReconcileFixture;
import io.unipay.core.scenarios.ReconciliationScenarios;
import io.unipay.core.spi.OrderRepository;
import io.unipay.jdbc.TestDatabases.Kind;

/** {@link ReconciliationScenarios} on H2, the faults done with SQL. */
class H2ReconciliationTest extends ReconciliationScenarios {
  private final EdgeRepositories repositories = new EdgeRepositories(Kind.H2);

  @Override
  protected OrderRepository emptyRepository() {
    return repositories.next();
  }

  @Override
  protected void tamperTotalFee(ReconcileFixture f, String outTradeNo, long fee) {
    JdbcReconciliationFaults.tamperTotalFee(repositories.jdbi(f.e.repository), outTradeNo, fee);
  }

  @Override
  protected void markPaidBehindTheEngine(ReconcileFixture f, String outTradeNo) {
    JdbcReconciliationFaults.markPaid(repositories.jdbi(f.e.repository), f, outTradeNo);
  }

  @Override
  protected void releaseRepositories() {
    repositories.close();
  }
}
