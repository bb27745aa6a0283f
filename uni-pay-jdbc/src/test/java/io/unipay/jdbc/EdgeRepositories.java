package io.unipay.jdbc;

import io.unipay.core.spi.OrderRepository;
import io.unipay.jdbc.TestDatabases.Kind;
import io.unipay.jdbc.TestDatabases.TestPool;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Fresh, empty JDBC repositories for the core edge scenarios: each one on a uniquely named area
 * of its own (a scenario may need two independent databases), all dropped after the test.
 */
final class EdgeRepositories implements AutoCloseable {
  private final Kind kind;
  private final List<TestPool> pools = new ArrayList<>();
  private final Map<OrderRepository, TestPool> byRepository = new IdentityHashMap<>();

  EdgeRepositories(Kind kind) {
    this.kind = kind;
  }

  OrderRepository next() {
    TestPool pool = TestDatabases.open(kind, "unipay_edges", c -> c.setMaximumPoolSize(6));
    pools.add(pool);
    OrderRepository repository = JdbiOrderRepository.create(pool).createSchemaIfMissing();
    byRepository.put(repository, pool);
    return repository;
  }

  /** Jdbi on the database of a repository {@link #next} gave, for SQL behind the engine's back. */
  Jdbi jdbi(OrderRepository repository) {
    return Jdbi.create(pool(repository));
  }

  /** Another repository object on the same database (a second application instance's). */
  OrderRepository sameDatabase(OrderRepository repository) {
    return JdbiOrderRepository.create(pool(repository));
  }

  private TestPool pool(OrderRepository repository) {
    TestPool pool = byRepository.get(repository);
    if (pool == null) throw new IllegalArgumentException("not a repository of these: " + repository);
    return pool;
  }

  @Override
  public void close() {
    pools.forEach(TestPool::close);
    pools.clear();
    byRepository.clear();
  }
}
