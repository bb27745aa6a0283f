package io.unipay.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.SettlementOutcome;
import io.unipay.core.UniPay;
import io.unipay.core.UniPayException;
import io.unipay.core.fake.FakePayClient;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.Provider;
import io.unipay.core.order.SettlementFlag;
import io.unipay.core.spi.PaidEvent;
import io.unipay.jdbc.TestDatabases.Kind;
import io.unipay.jdbc.TestDatabases.TestPool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's one-statement settlement (issue 19) as the engine uses it: the common case in one
 * statement, every other case still decided by the engine the general way, a duplicate writing
 * and locking nothing, and a schema without the unique index of handled orders falling back to
 * the lock.
 */
class PostgresOneStatementSettlementTest {
  private final FakePayClient wechat = new FakePayClient(Provider.WXPAY);
  private final FakePayClient alipay = new FakePayClient(Provider.ALIPAY);
  private final Map<String, SettlementOutcome> outcomes = new ConcurrentHashMap<>();
  private TestPool pool;
  private Jdbi jdbi;
  private JdbiOrderRepository repository;
  private UniPay pay;

  @BeforeEach
  void start() {
    pool = TestDatabases.open(Kind.POSTGRESQL, "unipay_one_statement");
    jdbi = Jdbi.create(pool);
    repository = JdbiOrderRepository.create(pool).createSchemaIfMissing();
    jdbi.useHandle(h -> h.execute("CREATE TABLE test_grants (out_trade_no VARCHAR(32))"));
    pay = engine(repository);
  }

  @AfterEach
  void close() {
    if (pool != null) pool.close();
  }

  @Test
  void theSchemasRepositorySettlesInOneStatement() {
    assertThat(repository.settlesUnpaidInOneStatement()).isTrue();
    String outTradeNo = order("B1");

    assertThat(pay.handleNotify(wechat.pay(outTradeNo)).success()).isTrue();

    assertThat(outcomes).containsEntry(outTradeNo, SettlementOutcome.SETTLED);
    assertThat(grants()).containsExactly(outTradeNo);
    assertThat(pay.ledger().events(outTradeNo)).singleElement()
        .satisfies(e -> assertThat(e.outcome()).isEqualTo(EventOutcome.SETTLED));
    var order = pay.getOrder(outTradeNo);
    assertThat(order.status()).isEqualTo(OrderStatus.PAID);
    assertThat(order.transactionId()).isEqualTo("T" + outTradeNo);
    assertThat(order.userOrderSuccess()).isTrue();
    assertThat(order.originalData()).isNotBlank();
  }

  @Test
  void theOneStatementReturnsTheOrderColumnsInOrderThenItsCounts() throws Exception {
    List<String> expected = new ArrayList<>();
    for (String c : OrderRows.ORDER_COLUMNS.split(",")) expected.add(c.trim());
    expected.addAll(List.of("paid_rows", "appended_rows", "guarded"));
    try (Connection c = pool.getConnection();
        PreparedStatement s = c.prepareStatement(SettlementStatements.SETTLE_UNPAID_POSTGRES)) {
      ResultSetMetaData columns = s.getMetaData();
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= columns.getColumnCount(); i++) names.add(columns.getColumnLabel(i));
      assertThat(names).as("read by position").isEqualTo(expected);
    }
  }

  @Test
  void aDuplicateNeitherUpdatesNorLocksTheOrderRowAndAddsNoFact() {
    String outTradeNo = order("B2");
    var notification = wechat.pay(outTradeNo);
    assertThat(pay.handleNotify(notification).success()).isTrue();
    List<String> before = rowVersion(outTradeNo);

    // Another instance has not seen this order settled, so it runs the one statement.
    UniPay otherInstance = engine(repository);
    for (int i = 0; i < 3; i++) {
      assertThat(otherInstance.handleNotify(notification).success()).isTrue();
      assertThat(pay.handleNotify(notification).success()).isTrue();
    }

    assertThat(rowVersion(outTradeNo)).as("xmin and xmax of the row").isEqualTo(before);
    assertThat(before.get(1)).as("no locker recorded on the row").isEqualTo("0");
    assertThat(outcomes).containsEntry(outTradeNo, SettlementOutcome.ALREADY_SETTLED);
    assertThat(pay.ledger().events(outTradeNo)).hasSize(1);
    assertThat(grants()).containsExactly(outTradeNo);
  }

  @Test
  void aWrongAmountIsStillRejectedByTheEngineAndKeptAsAnUnmatchedFact() {
    String outTradeNo = order("B3");
    wechat.pay(outTradeNo);

    assertThat(pay.handleNotify(wechat.notification(outTradeNo, 1, wechat.merchantId()))
        .success()).isFalse();

    assertThat(outcomes).containsEntry(outTradeNo, SettlementOutcome.REJECTED);
    assertThat(pay.getOrder(outTradeNo).status()).isEqualTo(OrderStatus.UNPAID);
    assertThat(pay.ledger().events(outTradeNo)).singleElement()
        .satisfies(e -> assertThat(e.outcome()).isEqualTo(EventOutcome.UNMATCHED_MISMATCH));
    assertThat(grants()).isEmpty();
  }

  @Test
  void anotherMerchantsPaymentIsRejectedByTheEngine() {
    String outTradeNo = order("B4");
    wechat.pay(outTradeNo);

    assertThat(pay.handleNotify(wechat.notification(outTradeNo, 990, "other-merchant"))
        .success()).isFalse();

    assertThat(pay.getOrder(outTradeNo).status()).isEqualTo(OrderStatus.UNPAID);
    assertThat(pay.ledger().events(outTradeNo)).singleElement()
        .satisfies(e -> assertThat(e.outcome()).isEqualTo(EventOutcome.UNMATCHED_MISMATCH));
  }

  @Test
  void aPaymentAfterCloseIsSettledTheGeneralWayAndFlagged() {
    String outTradeNo = order("B5");
    pay.closeOrder(outTradeNo);

    assertThat(pay.handleNotify(wechat.pay(outTradeNo)).success()).isTrue();

    assertThat(outcomes).containsEntry(outTradeNo, SettlementOutcome.SETTLED_AFTER_CLOSE);
    assertThat(pay.getOrder(outTradeNo).settleFlag()).isEqualTo(SettlementFlag.LATE_AFTER_CLOSE);
    assertThat(grants()).containsExactly(outTradeNo);
  }

  @Test
  void anUnknownOrderIsKeptAsAnUnmatchedFact() {
    assertThat(pay.handleNotify(wechat.notification("NO_SUCH_ORDER", 990, wechat.merchantId()))
        .success()).isFalse();

    assertThat(outcomes).containsEntry("NO_SUCH_ORDER", SettlementOutcome.REJECTED);
    assertThat(pay.ledger().events("NO_SUCH_ORDER")).singleElement()
        .satisfies(e -> assertThat(e.outcome()).isEqualTo(EventOutcome.UNMATCHED_UNKNOWN_ORDER));
  }

  @Test
  void withoutTheUniqueIndexOfHandledOrdersSettlementsTakeTheLockAgain() {
    jdbi.useHandle(h -> h.execute("DROP INDEX " + SettlementStatements.HANDLED_INDEX));
    JdbiOrderRepository migratedElsewhere = JdbiOrderRepository.create(pool);
    assertThat(migratedElsewhere.settlesUnpaidInOneStatement()).isFalse();
    UniPay engine = engine(migratedElsewhere);
    String first = order("B6");
    String second = order("B6", Provider.ALIPAY);

    assertThat(engine.handleNotify(wechat.pay(first)).success()).isTrue();
    assertThat(engine.handleNotify(alipay.pay(second)).success()).isTrue();

    assertThat(outcomes).containsEntry(first, SettlementOutcome.SETTLED)
        .containsEntry(second, SettlementOutcome.DUPLICATE_PAYMENT);
    assertThat(grants()).containsExactly(first);
    assertThat(migratedElsewhere.createSchemaIfMissing().settlesUnpaidInOneStatement())
        .as("creating the schema puts the index back").isTrue();
  }

  @Test
  void anIndexOfTheSameNameOnAnythingElseDoesNotCount() {
    for (String other : List.of(
        "CREATE INDEX %s ON uni_pay_orders (order_no) WHERE user_order_success",
        "CREATE UNIQUE INDEX %s ON uni_pay_orders (order_no, out_trade_no)"
            + " WHERE user_order_success",
        "CREATE UNIQUE INDEX %s ON uni_pay_orders (order_no)"
            + " WHERE user_order_success AND status = 9",
        "CREATE UNIQUE INDEX %s ON uni_pay_orders (out_trade_no)")) {
      String ddl = String.format(other, SettlementStatements.HANDLED_INDEX);
      jdbi.useHandle(h -> {
        h.execute("DROP INDEX " + SettlementStatements.HANDLED_INDEX);
        h.execute(ddl);
      });
      assertThat(JdbiOrderRepository.create(pool).settlesUnpaidInOneStatement()).as(ddl).isFalse();
      jdbi.useHandle(h -> h.execute("DROP INDEX " + SettlementStatements.HANDLED_INDEX));
      assertThat(JdbiOrderRepository.create(pool).createSchemaIfMissing()
              .settlesUnpaidInOneStatement()).as("the schema's own index").isTrue();
    }
  }

  @Test
  void anOldSchemaHoldingTwoHandledPaymentsOfOneOrderFailsToGetTheIndexNamingTheOrder() {
    jdbi.useHandle(h -> h.execute("DROP INDEX " + SettlementStatements.HANDLED_INDEX));
    String first = order("B7");
    String second = order("B7", Provider.ALIPAY);
    // What a schema from before the sibling lock may hold: both payments ran the handler.
    jdbi.useHandle(h -> h.execute(
        "UPDATE uni_pay_orders SET status = 1, user_order_success = TRUE WHERE order_no = 'B7'"));
    JdbiOrderRepository old = JdbiOrderRepository.create(pool);

    assertThatThrownBy(old::createSchemaIfMissing)
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FAILURE))
        .hasMessageContaining(SettlementStatements.HANDLED_INDEX)
        .hasMessageContaining("(order_no)=(B7)");
    assertThat(old.settlesUnpaidInOneStatement()).as("still the locking path").isFalse();

    jdbi.useHandle(h -> h.execute(
        "UPDATE uni_pay_orders SET user_order_success = FALSE WHERE out_trade_no = ?", second));
    assertThat(old.createSchemaIfMissing().settlesUnpaidInOneStatement())
        .as("repaired, the index is built").isTrue();
    assertThat(pay.getOrder(first).userOrderSuccess()).isTrue();
  }

  private UniPay engine(JdbiOrderRepository repo) {
    return UniPay.builder()
        .repository(repo)
        .payClient(wechat)
        .payClient(alipay)
        .handler("vip", this::grant)
        .refundDuplicatePayments(false)
        .settlementListener((provider, outTradeNo, outcome, source) ->
            outcomes.put(outTradeNo, outcome))
        .notifyBaseUrl("https://shop.example.com/notify")
        .build();
  }

  private void grant(PaidEvent event) {
    event.unwrap(Handle.class).execute(
        "INSERT INTO test_grants (out_trade_no) VALUES (?)", event.order().outTradeNo());
  }

  private String order(String orderNo) {
    return order(orderNo, Provider.WXPAY);
  }

  private String order(String orderNo, Provider provider) {
    return VipOrders.create(pay, orderNo, provider);
  }

  private List<String> grants() {
    return VipOrders.grants(jdbi);
  }

  /** The row's xmin (the transaction that wrote it) and xmax (a locker or deleter, else 0). */
  private List<String> rowVersion(String outTradeNo) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT xmin::text AS a, xmax::text AS b FROM uni_pay_orders WHERE out_trade_no = ?")
        .bind(0, outTradeNo)
        .map((rs, ctx) -> List.of(rs.getString("a"), rs.getString("b"))).one());
  }
}
