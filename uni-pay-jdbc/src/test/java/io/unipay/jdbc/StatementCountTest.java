package io.unipay.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.CreateOrderRequest;
import io.unipay.core.UniPay;
import io.unipay.core.fake.FakePayClient;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Counts the SQL statements and commits one settlement costs (issue 11 and 19 report them in the
 * benchmarks README), on every database. A first settlement runs in one transaction with the
 * ledger row in it. On H2 and MariaDB: the read by out_trade_no, the lock of the business order,
 * the CAS (which also sets user_order_success), the ledger insert, the handler's statement; a
 * duplicate is one read, no transaction. On PostgreSQL: one statement (read, CAS and ledger row,
 * no lock), the handler's; a duplicate at the instance that settled the order is one read, no
 * transaction, and at another instance that statement matching nothing, rolled back.
 */
class StatementCountTest {
  private final List<String> sql = new ArrayList<>();
  private int commits;
  private int rollbacks;
  private TestDatabases.TestPool pool;
  private UniPay pay;
  private UniPay otherInstance;
  private final FakePayClient wechat = new FakePayClient(Provider.WXPAY);

  @AfterEach
  void stop() {
    if (pool != null) pool.close();
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void aFirstSettlementIsOneTransactionAndADuplicateWritesNothing(TestDatabases.Kind kind) {
    start(kind);
    String outTradeNo = pay.createOrder(CreateOrderRequest.builder()
        .type("vip").orderNo("S1").provider(Provider.WXPAY).payType(PayType.NATIVE)
        .totalFee(990).description("VIP").build()).outTradeNo();
    var notification = wechat.pay(outTradeNo);

    sql.clear();
    commits = 0;
    assertThat(pay.handleNotify(notification).success()).isTrue();
    List<String> first = List.copyOf(sql);
    int firstCommits = commits;

    sql.clear();
    commits = 0;
    rollbacks = 0;
    assertThat(pay.handleNotify(notification).success()).isTrue();
    List<String> duplicate = List.copyOf(sql);

    System.out.printf(
        "%s: statements per first settlement: %d (+ the handler's 1) in %d commit(s): %s%n",
        kind, first.size() - 1, firstCommits, first);
    System.out.printf("%s: statements per duplicate: %d, commits %d, rollbacks %d: %s%n", kind,
        duplicate.size(), commits, rollbacks, duplicate);
    assertThat(firstCommits).as("one transaction").isEqualTo(1);
    if (kind == TestDatabases.Kind.POSTGRESQL) {
      // read, CAS and ledger row in one statement; no lock on the business order's orders
      assertThat(first).as("one statement, then the handler's").hasSize(2);
      assertThat(first.get(0)).startsWith("with cur as (select")
          .contains("update uni_pay_orders o set status = 1")
          .contains("insert into uni_pay_events").doesNotContain("for update");
      assertThat(first.get(1)).isEqualTo("select 1");
      assertThat(duplicate).as("the instance that settled it reads first: one read")
          .hasSize(1).allMatch(s -> s.startsWith("select"));
      assertThat(commits).as("and writes nothing").isZero();
      assertThat(rollbacks).isZero();

      sql.clear();
      rollbacks = 0;
      assertThat(otherInstance.handleNotify(notification).success()).isTrue();
      assertThat(sql).as("at another instance, the one statement, which matches nothing")
          .hasSize(1).allMatch(s -> s.startsWith("with cur as (select"));
      assertThat(commits).as("and is rolled back, writing nothing").isZero();
      assertThat(rollbacks).isEqualTo(1);
      return;
    }
    assertThat(first).as("read, lock, CAS, ledger, handler").hasSize(5);
    assertThat(first.get(0)).startsWith("select").contains("where out_trade_no =");
    assertThat(first.get(1)).startsWith("select").contains("where order_no =").endsWith("for update");
    assertThat(first.get(2)).startsWith("update uni_pay_orders set status = 1");
    assertThat(first.get(3)).startsWith("insert into uni_pay_events");
    assertThat(first.get(4)).isEqualTo("select 1");
    assertThat(first).as("user_order_success is set by the CAS, not a statement of its own")
        .filteredOn(s -> s.contains("user_order_success = true")).isEmpty();
    assertThat(duplicate).as("a duplicate is one read").hasSize(1)
        .allMatch(s -> s.startsWith("select"));
    assertThat(commits).as("and writes nothing").isZero();
    assertThat(rollbacks).isZero();
  }

  private void start(TestDatabases.Kind kind) {
    pool = TestDatabases.open(kind, "statements");
    DataSource counting = counting(pool);
    JdbiOrderRepository repository = JdbiOrderRepository.create(counting).createSchemaIfMissing();
    pay = engine(repository);
    otherInstance = engine(repository);
  }

  private UniPay engine(JdbiOrderRepository repository) {
    return UniPay.builder()
        .repository(repository)
        .payClient(wechat)
        .handler("vip", event -> event.unwrap(Handle.class).execute("SELECT 1"))
        .notifyBaseUrl("https://shop.example.com/notify")
        .build();
  }

  private DataSource counting(DataSource target) {
    return (DataSource) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          Object result = invoke(target, method, args);
          return result instanceof Connection c ? connection(c) : result;
        });
  }

  private Connection connection(Connection target) {
    InvocationHandler h = (proxy, method, args) -> {
      if (method.getName().equals("commit")) commits++;
      if (method.getName().equals("rollback")) rollbacks++;
      Object result = invoke(target, method, args);
      if (method.getName().startsWith("prepare") && args != null && args[0] instanceof String s) {
        return statement((Statement) result, s);
      }
      return result;
    };
    return (Connection) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {Connection.class}, h);
  }

  private Statement statement(Statement target, String text) {
    Class<?> type = target instanceof java.sql.CallableStatement
        ? java.sql.CallableStatement.class : java.sql.PreparedStatement.class;
    return (Statement) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {type},
        (proxy, method, args) -> {
          if (method.getName().startsWith("execute")) {
            sql.add(text.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT));
          }
          return invoke(target, method, args);
        });
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
