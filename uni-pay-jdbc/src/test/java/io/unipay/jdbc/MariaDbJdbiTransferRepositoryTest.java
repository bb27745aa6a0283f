package io.unipay.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.transfer.TransferRepository;
import io.unipay.core.transfer.TransferRepositoryContract;
import io.unipay.jdbc.TestDatabases.Kind;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The {@link TransferRepositoryContract} on MariaDB. */
class MariaDbJdbiTransferRepositoryTest extends TransferRepositoryContract {
  private static HikariDataSource dataSource;
  private static JdbiOrderRepository orders;

  @BeforeAll
  static void openDatabase() {
    dataSource = TestDatabases.open(Kind.MARIADB, "unipay_transfers");
    orders = JdbiOrderRepository.create(dataSource).createSchemaIfMissing();
  }

  @AfterAll
  static void closeDatabase() {
    if (dataSource != null) dataSource.close();
  }

  @Override
  protected OrderRepository newOrderRepository() {
    TestDatabases.deleteAll(Jdbi.create(dataSource), "uni_pay_transfers");
    return orders;
  }

  @Override
  protected TransferRepository transfersOn(OrderRepository orders) {
    return JdbiTransferRepository.of((JdbiOrderRepository) orders);
  }
}
