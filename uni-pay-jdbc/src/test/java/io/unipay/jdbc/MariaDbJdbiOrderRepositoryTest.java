package io.unipay.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.OrderRepositoryContract;
import io.unipay.jdbc.TestDatabases.Kind;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The {@link OrderRepositoryContract} on MariaDB (see {@link TestDatabases} for the URL and the
 * gate).
 */
class MariaDbJdbiOrderRepositoryTest extends OrderRepositoryContract {
  private static HikariDataSource dataSource;
  private static JdbiOrderRepository repository;

  @BeforeAll
  static void openDatabase() {
    dataSource = TestDatabases.open(Kind.MARIADB, "unipay_contract");
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
