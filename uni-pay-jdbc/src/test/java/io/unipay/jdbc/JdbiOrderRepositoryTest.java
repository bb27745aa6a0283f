package io.unipay.jdbc;

import static io.unipay.core.spi.TestOrders.T0;
import static io.unipay.core.spi.TestOrders.paid;
import static io.unipay.core.spi.TestOrders.unpaid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.order.SettlementFlag;
import io.unipay.core.spi.OrderRepository.PaidUpdate;
import io.unipay.jdbc.TestDatabases.Kind;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What is specific to the JDBC repository: validation, dialects, schema, errors, settings. */
class JdbiOrderRepositoryTest {
  private static HikariDataSource dataSource;
  private static JdbiOrderRepository repository;

  /** A repository whose every SQL statement would fail the test: proves checks run before SQL. */
  private final JdbiOrderRepository noSql =
      new JdbiOrderRepository(Jdbi.create(new NoConnections()), Dialect.H2);

  @BeforeAll
  static void openDatabase() {
    dataSource = TestDatabases.open(Kind.H2, "jdbi-unit");
    repository = JdbiOrderRepository.create(dataSource).createSchemaIfMissing();
  }

  @AfterAll
  static void closeDatabase() {
    dataSource.close();
  }

  @BeforeEach
  void emptyTables() {
    TestDatabases.deleteAll(Jdbi.create(dataSource));
  }

  @Test
  void overlongAndMalformedIdentifiersAreRejectedBeforeAnySql() {
    String tooLong = "A".repeat(33);
    assertInvalid(() -> noSql.insert(unpaid().outTradeNo(tooLong).build()), "out_trade_no");
    assertInvalid(
        () -> noSql.insert(unpaid().outTradeNo("abc'; DROP TABLE x").build()), "out_trade_no");
    assertInvalid(() -> noSql.insert(unpaid().orderNo("o".repeat(65)).build()), "order_no");
    assertInvalid(() -> noSql.insert(unpaid().orderNo("订单1").build()), "order_no");
    assertInvalid(() -> noSql.insert(unpaid().description("描".repeat(257)).build()), "description");
    assertInvalid(() -> noSql.insert(unpaid().openid("o".repeat(129)).build()), "openid");
    assertInvalid(() -> noSql.markClosed(tooLong, T0, null), "out_trade_no");
    assertInvalid(() -> noSql.scheduleCheck("", T0, 1), "out_trade_no");
    assertInvalid(
        () -> noSql.reserveRefund(Refund.processing("R".repeat(65), "OT1", 1, null, T0), T0),
        "out_refund_no");
    assertInvalid(
        () -> noSql.reserveRefund(Refund.processing("R1", "OT1", 1, "r".repeat(257), T0), T0),
        "reason");
    assertInvalid(
        () -> noSql.completeRefund("R 1", RefundStatus.SUCCESS, null, T0), "out_refund_no");
    assertInvalid(
        () -> noSql.completeRefund("R1", RefundStatus.SUCCESS, "x".repeat(65), T0), "refund_id");
    assertInvalid(() -> noSql.scheduleRefundCheck("R'1", T0, 1), "out_refund_no");
  }

  @Test
  void settlementFactsThatDoNotFitAreRejectedAndRollBackNothingElse() {
    PayOrder order = unpaid().build();
    repository.insert(order);
    PaidUpdate overlong =
        new PaidUpdate("t".repeat(65), T0, null, T0, "{}", SettlementFlag.NONE, true);

    assertThatThrownBy(
            () ->
                repository.inTransaction(
                    tx -> tx.markPaid(order.outTradeNo(), OrderStatus.UNPAID, overlong)))
        .isInstanceOf(UniPayException.class)
        .hasMessageContaining("transaction_id")
        .extracting(e -> ((UniPayException) e).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(repository.find(order.outTradeNo())).contains(order);
  }

  @Test
  void lookupsOfKeysThatCannotExistFindNothingWithoutSql() {
    assertThat(noSql.find("x".repeat(40))).isEmpty();
    assertThat(noSql.find("a'b")).isEmpty();
    assertThat(noSql.findByOrderNo("订单")).isEmpty();
    assertThat(noSql.findRefund("")).isEmpty();
    assertThat(noSql.findRefunds("a b")).isEmpty();
  }

  @Test
  void databaseFailuresAreStorageFailuresWithTheirCause() {
    assertThatThrownBy(() -> noSql.find("OT1"))
        .isInstanceOf(UniPayException.class)
        .hasCauseInstanceOf(org.jdbi.v3.core.ConnectionException.class)
        .extracting(e -> ((UniPayException) e).code())
        .isEqualTo(ErrorCode.STORAGE_FAILURE);
    assertThatThrownBy(() -> noSql.inTransaction(tx -> tx.lockByOrderNo("o1")))
        .isInstanceOf(UniPayException.class)
        .extracting(e -> ((UniPayException) e).code())
        .isEqualTo(ErrorCode.STORAGE_FAILURE);
  }

  @Test
  void aMissingTableIsAStorageFailureNamingTheSqlState() {
    try (HikariDataSource empty = TestDatabases.open(Kind.H2, "no-schema")) {
      JdbiOrderRepository withoutSchema = JdbiOrderRepository.create(empty);

      assertThatThrownBy(() -> withoutSchema.insert(unpaid().build()))
          .isInstanceOf(UniPayException.class)
          .hasMessageContaining("SQLState 42")
          .hasCauseInstanceOf(org.jdbi.v3.core.JdbiException.class)
          .extracting(e -> ((UniPayException) e).code())
          .isEqualTo(ErrorCode.STORAGE_FAILURE);
    }
  }

  @Test
  void nanosecondsAreTruncatedToMicroseconds() {
    PayOrder order = unpaid().createDate(T0.plusNanos(999)).nextCheckAt(T0.plusNanos(1)).build();

    repository.insert(order);

    PayOrder found = repository.find(order.outTradeNo()).orElseThrow();
    assertThat(found.createDate()).isEqualTo(T0);
    assertThat(found.nextCheckAt()).isEqualTo(T0);
  }

  @Test
  void createSchemaIfMissingIsIdempotentAndKeepsRows() {
    PayOrder order = unpaid().build();
    repository.insert(order);

    repository.createSchemaIfMissing();

    assertThat(repository.find(order.outTradeNo())).contains(order);
  }

  @Test
  void everyDialectHasASchemaWithBothTablesAndTheIndexes() {
    for (Dialect dialect : Dialect.values()) {
      String script = String.join(";\n", Schema.statements(dialect));
      assertThat(script)
          .as(dialect.schemaResource())
          .contains(
              "CREATE TABLE IF NOT EXISTS uni_pay_orders",
              "CREATE TABLE IF NOT EXISTS uni_pay_refunds")
          .contains("(order_no)", "(transaction_id)", "(out_trade_no)");
      // PostgreSQL has partial indexes instead (PostgresPartialIndexTest checks their use).
      assertThat(script)
          .as(dialect.schemaResource())
          .contains(
              dialect == Dialect.POSTGRESQL
                  ? "(next_check_at) WHERE status = 0"
                  : "(status, next_check_at)",
              dialect == Dialect.POSTGRESQL
                  ? "(expire_date) WHERE status = -1"
                  : "(status, expire_date)");
    }
  }

  @Test
  void dialectIsDetectedFromTheProductName() {
    assertThat(repository.dialect()).isEqualTo(Dialect.H2);
    assertThat(Dialect.fromProductName("PostgreSQL")).isEqualTo(Dialect.POSTGRESQL);
    assertThat(Dialect.fromProductName("MariaDB")).isEqualTo(Dialect.MYSQL);
    assertThat(Dialect.fromProductName("MySQL")).isEqualTo(Dialect.MYSQL);
    assertThatThrownBy(() -> Dialect.fromProductName("Oracle"))
        .isInstanceOf(UniPayException.class)
        .hasMessageContaining("Oracle")
        .extracting(e -> ((UniPayException) e).code())
        .isEqualTo(ErrorCode.CONFIGURATION_INVALID);
  }

  @Test
  void claimAndPurgeLimitsMustBePositive() {
    assertThatThrownBy(() -> noSql.claimUnpaidDue(T0, Duration.ofMinutes(1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit");
    assertThatThrownBy(() -> noSql.purgeClosed(T0, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit");
  }

  @Test
  void refundOutcomeMustBeFinal() {
    assertThatThrownBy(() -> noSql.completeRefund("R1", RefundStatus.PROCESSING, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void settlementWorksThroughTheFactoryBuiltPool() {
    JdbcSettings settings =
        JdbcSettings.builder()
            .jdbcUrl(dataSource.getJdbcUrl())
            .maximumPoolSize(2)
            .minimumIdle(0)
            .build();
    try (HikariDataSource pool = UniPayDataSources.create(settings)) {
      JdbiOrderRepository other = JdbiOrderRepository.create(Jdbi.create(pool));
      PayOrder order = unpaid().build();
      other.insert(order);

      boolean won =
          other.inTransaction(
              tx -> tx.markPaid(order.outTradeNo(), OrderStatus.UNPAID, paid("tx")));

      assertThat(won).isTrue();
      assertThat(repository.find(order.outTradeNo()).orElseThrow().status())
          .isEqualTo(OrderStatus.PAID);
      assertThat(pool.getPoolName()).isEqualTo("uni-pay");
      assertThat(pool.getMaximumPoolSize()).isEqualTo(2);
    }
  }

  @Test
  void settingsHaveSensiblePoolDefaultsAndNeverShowThePassword() {
    JdbcSettings settings =
        JdbcSettings.builder()
            .jdbcUrl("jdbc:postgresql://db/pay")
            .username("pay")
            .password("s3cret!")
            .build();

    assertThat(settings.toString())
        .doesNotContain("s3cret!")
        .contains("pay", "jdbc:postgresql://db/pay");
    assertThat(settings.newBuilder().build().toString()).doesNotContain("s3cret!");
    var config = UniPayDataSources.hikariConfig(settings);
    assertThat(config.getMaximumPoolSize()).isEqualTo(10);
    assertThat(config.getPoolName()).isEqualTo("uni-pay");
    assertThat(config.getConnectionTimeout()).isEqualTo(10_000);
    assertThat(config.getPassword()).isEqualTo("s3cret!");
  }

  @Test
  void settingsRejectMissingOrOutOfRangeValues() {
    assertThatThrownBy(() -> JdbcSettings.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("jdbcUrl");
    assertThatThrownBy(() -> JdbcSettings.builder().jdbcUrl("postgres://db").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:");
    assertThatThrownBy(
            () -> JdbcSettings.builder().jdbcUrl("jdbc:h2:mem:x").maximumPoolSize(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maximumPoolSize");
    assertThatThrownBy(
            () ->
                JdbcSettings.builder()
                    .jdbcUrl("jdbc:h2:mem:x")
                    .maximumPoolSize(2)
                    .minimumIdle(3)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minimumIdle");
  }

  private static void assertInvalid(ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOf(UniPayException.class)
        .hasMessageContaining(field)
        .extracting(e -> ((UniPayException) e).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  /** A data source that refuses every connection. */
  private static final class NoConnections implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      throw new SQLException("no SQL expected in this test", "08001");
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
