package io.unipay.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.unipay.core.spi.OrderBrowserContract;
import io.unipay.core.spi.OrderRepository;
import io.unipay.jdbc.TestDatabases.Kind;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The {@link OrderBrowserContract} on H2 (see {@link TestDatabases} for the gate). */
class H2OrderBrowserTest extends OrderBrowserContract {
  private static HikariDataSource dataSource;
  private static JdbiOrderRepository repository;

  @BeforeAll
  static void openDatabase() {
    dataSource = TestDatabases.open(Kind.H2, "unipay_browse");
    repository = JdbiOrderRepository.create(dataSource).createSchemaIfMissing();
  }

  @AfterAll
  static void closeDatabase() {
    if (dataSource != null) dataSource.close();
  }

  @Override
  protected OrderRepository newRepository() {
    TestDatabases.deleteAll(Jdbi.create(dataSource));
    return repository;
  }
}
