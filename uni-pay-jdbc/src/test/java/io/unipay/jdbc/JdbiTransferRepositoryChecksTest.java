package io.unipay.jdbc;

import static io.unipay.core.spi.TestOrders.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.Payee;
import io.unipay.core.transfer.Transfer;
import io.unipay.core.transfer.TransferStatus;
import java.sql.SQLException;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** What is specific to the JDBC transfer repository: checks before any SQL, storage errors. */
class JdbiTransferRepositoryChecksTest {
  /** A repository whose every SQL statement would fail: proves the checks run before SQL. */
  private final JdbiTransferRepository noSql =
      JdbiTransferRepository.of(
          new JdbiOrderRepository(
              Jdbi.create(() -> {
                throw new SQLException("no SQL expected in this test", "08001");
              }),
              Dialect.H2));

  private static Transfer.Builder transfer() {
    return Transfer.builder()
        .transferNo("T-1")
        .outBillNo("OB1")
        .type("withdraw")
        .provider(Provider.WXPAY)
        .status(TransferStatus.CREATED)
        .amount(100)
        .payeeAccount("o-openid")
        .payeeIdType(Payee.IdType.WECHAT_OPENID)
        .remark("提现")
        .createDate(T0)
        .nextCheckAt(T0);
  }

  @Test
  void malformedKeysAndOverlongTextsAreRejectedBeforeAnySql() {
    assertInvalid(() -> noSql.insert(transfer().transferNo("has space").build(), null), "transfer_no");
    assertInvalid(() -> noSql.insert(transfer().outBillNo("B".repeat(33)).build(), null), "out_bill_no");
    assertInvalid(() -> noSql.insert(transfer().build(), "名".repeat(129)), "payee_name");
    assertInvalid(() -> noSql.insert(transfer().title("t".repeat(257)).build(), null), "title");
    assertInvalid(
        () -> noSql.insert(transfer().packageInfo("p".repeat(8193)).build(), null), "package_info");
    assertInvalid(() -> noSql.scheduleCheck("bad key!", T0, 1), "transfer_no");
    assertInvalid(() -> noSql.recordSend("bad key!", T0), "transfer_no");
  }

  @Test
  void lookupsOfImpossibleKeysFindNothingWithoutSql() {
    assertThat(noSql.find("has space")).isEmpty();
    assertThat(noSql.findByOutBillNo("not-a-bill-no")).isEmpty();
    assertThat(noSql.payeeRealName("x".repeat(65))).isEmpty();
  }

  @Test
  void aDatabaseFailureIsAStorageFailureWithItsSqlState() {
    for (ThrowingCallable call : new ThrowingCallable[] {
        () -> noSql.find("T-1"),
        () -> noSql.insert(transfer().build(), null),
        () -> noSql.claimDue(T0, Duration.ofMinutes(1), 5),
        () -> noSql.inTransaction(tx -> tx.lock("T-1"))}) {
      assertThatThrownBy(call)
          .isInstanceOfSatisfying(UniPayException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FAILURE))
          .hasMessageContaining("08001");
    }
  }

  private static void assertInvalid(ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining(field);
  }
}
