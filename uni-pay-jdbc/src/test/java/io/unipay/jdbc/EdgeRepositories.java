package io.unipay.jdbc;

import io.unipay.core.spi.OrderRepository;
import io.unipay.jdbc.TestDatabases.Kind;
import io.unipay.jdbc.TestDatabases.TestPool;
import java.util.ArrayList;
import java.util.List;

/**
 * Fresh, empty JDBC repositories for the core edge scenarios: each one on a uniquely named area
 * of its own (a scenario may need two independent databases), all dropped after the test.
 */
final class EdgeRepositories implements AutoCloseable {
  private final Kind kind;
  private final List<TestPool> pools = new ArrayList<>();

  EdgeRepositories(Kind kind) {
    this.kind = kind;
  }

  OrderRepository next() {
    TestPool pool = TestDatabases.open(kind, "unipay_edges", c -> c.setMaximumPoolSize(6));
    pools.add(pool);
    return JdbiOrderRepository.create(pool).createSchemaIfMissing();
  }

  @Override
  public void close() {
    pools.forEach(TestPool::close);
    pools.clear();
  }
}
