package io.unipay.jdbc;

import static io.unipay.core.spi.TestOrders.T0;
import static io.unipay.core.spi.TestOrders.unpaid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.SettlementFlag;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.OrderRepository.PaidUpdate;
import io.unipay.core.spi.OrderRepositoryContract;
import io.unipay.core.spi.TestOrders;
import io.unipay.jdbc.TestDatabases.Kind;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@link OrderRepositoryContract} on PostgreSQL (see {@link TestDatabases} for the URL and the
 * gate).
 */
class PostgresJdbiOrderRepositoryTest extends OrderRepositoryContract {
  private static HikariDataSource dataSource;
  private static JdbiOrderRepository repository;

  @BeforeAll
  static void openDatabase() {
    dataSource = TestDatabases.open(Kind.POSTGRESQL, "unipay_contract");
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

  @Test
  void postgresqlRejectsNulInTextSoTheRepositoryStoresTheReplacementCharacter() {
    Jdbi jdbi = Jdbi.create(dataSource);
    assertThatThrownBy(
            () ->
                jdbi.withHandle(
                    h ->
                        h.createQuery("SELECT CAST(:v AS TEXT)")
                            .bind("v", "a\u0000b")
                            .mapTo(String.class)
                            .one()))
        .isInstanceOf(JdbiException.class)
        .satisfies(e -> assertThat(StorageErrors.failure("x", e)).hasMessageContaining("22021"));
    PayOrder order = unpaid().build();
    repository.insert(order);
    PaidUpdate paid =
        new PaidUpdate("tx\u00001", T0, "payer\u0000", T0, "{\u0000}", SettlementFlag.NONE, true);
    ProviderEvent event =
        TestOrders.event(TestOrders.newDedupeKey(), order.outTradeNo(), EventOutcome.SETTLED);
    ProviderEvent withNul =
        new ProviderEvent(
            0, event.dedupeKey(), event.provider(), event.kind(), event.source(),
            event.outTradeNo(), null, "tx\u00001", 100, "CNY", "PAID", "app\u0000", "mch",
            "payer\u0000", T0, EventOutcome.SETTLED, "d\u0000", "{\u0000}", T0, null, null);

    repository.inTransaction(
        tx ->
            tx.markPaid(order.outTradeNo(), OrderStatus.UNPAID, paid)
                && tx.appendEvent(withNul));

    PayOrder settled = repository.find(order.outTradeNo()).orElseThrow();
    assertThat(settled.transactionId()).isEqualTo("tx\uFFFD1");
    assertThat(settled.openid()).isEqualTo("payer\uFFFD");
    assertThat(settled.originalData()).isEqualTo("{\uFFFD}");
    ProviderEvent stored = repository.findEventByKey(event.dedupeKey()).orElseThrow();
    assertThat(stored.providerId()).isEqualTo("tx\uFFFD1");
    assertThat(stored.appId()).isEqualTo("app\uFFFD");
    assertThat(stored.payerId()).isEqualTo("payer\uFFFD");
    assertThat(stored.detail()).isEqualTo("d\uFFFD");
    assertThat(stored.data()).isEqualTo("{\uFFFD}");
  }
}
