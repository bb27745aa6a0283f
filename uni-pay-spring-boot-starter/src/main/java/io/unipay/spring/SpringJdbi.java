package io.unipay.spring;

import static java.util.Objects.requireNonNull;

import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A {@link Jdbi} whose handles take their connections from Spring and whose transactions are
 * Spring transactions of the host's transaction manager. Give it to {@code
 * JdbiOrderRepository.create(jdbi)}: the settlement transaction (the order's CAS plus the host's
 * handler) then is one Spring transaction on the host's {@link DataSource}.
 */
public final class SpringJdbi {
  private SpringJdbi() {}

  /**
   * A Jdbi on {@code dataSource} whose transactions {@code transactionManager} runs; the manager
   * must manage that same data source (e.g. Boot's {@code JdbcTransactionManager}).
   */
  public static Jdbi create(DataSource dataSource, PlatformTransactionManager transactionManager) {
    requireNonNull(dataSource, "dataSource == null");
    Jdbi jdbi = Jdbi.create(() -> SpringManagedConnection.open(dataSource));
    jdbi.setTransactionHandler(new SpringTransactionHandler(transactionManager));
    return jdbi;
  }
}
