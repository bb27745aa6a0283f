package io.unipay.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.unipay.core.NotifyRequest;
import io.unipay.core.UniPay;
import io.unipay.core.internal.Facts;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Provider;
import io.unipay.core.order.SettlementFlag;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.core.spi.TradeSnapshot;
import io.unipay.core.spi.UnpaidSettlement;
import io.unipay.jdbc.JdbiOrderRepository;
import io.unipay.testkit.wechat.WechatPaySimulator;
import io.unipay.wechat.WechatPayClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.jdbi.v3.core.Jdbi;

/**
 * What the statements of a settlement cost on PostgreSQL, apart from the engine: the same first
 * settlements as {@link DbSettlementBenchmarks}, each run through a different shape, with the
 * client's and the server's CPU per settlement ({@link SettlementCpuSplit}'s measure). The shapes
 * other than {@code engine} call the repository's settlement SPI directly, with no notification,
 * no crypto and no engine checks:
 *
 * <ul>
 *   <li>{@code floor}: the bare-JDBC floor (UPDATE status, the grant, commit);
 *   <li>{@code lock-path}: the read, then the lock of the business order, the CAS with its ledger
 *       row, the grant, commit (every first settlement before issue 19's last round; still the
 *       general path);
 *   <li>{@code one-statement}: {@code settleUnpaid} (read, CAS and ledger row in one statement),
 *       the grant, commit (a first settlement now);
 *   <li>{@code cas-only}: the CAS with its ledger row and the grant, with no read at all — less
 *       than any settlement can do, since it must read the order to cross-check it; it bounds
 *       what a settlement that records its fact can reach;
 *   <li>{@code no-raw}: {@code one-statement} with the raw notification left out of the order row
 *       and of the ledger row — not something a settlement may do (both rows keep it); it
 *       measures what storing the raw data twice costs;
 *   <li>{@code engine}: {@code handleNotify} of the real notification, all of it.
 * </ul>
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.unipay.benchmarks.SettlementShapes 16 6}
 * (threads, measured rounds of 640 settlements per shape, after 2 warm-up rounds).
 */
public final class SettlementShapes {
  private static final int CALLS = DbSettlementBenchmarks.CALLS;
  private static final List<String> SHAPES =
      List.of("floor", "lock-path", "one-statement", "no-raw", "cas-only", "engine");

  private SettlementShapes() {}

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    int warmUp = 2;
    BenchDatabases database = BenchDatabases.POSTGRESQL;
    try (WechatPaySimulator sim = WechatPaySimulator.start();
        WechatPayClient client = Notifications.wechatClient(sim, JcaChoice.named("jdk"));
        HikariDataSource pool = database.open(16)) {
      JdbiOrderRepository repository = JdbiOrderRepository.create(pool).createSchemaIfMissing();
      Jdbi.create(pool).useHandle(h -> h.execute(
          "CREATE TABLE grants (out_trade_no VARCHAR(32) PRIMARY KEY, user_id VARCHAR(64) NOT NULL)"));
      UniPay uniPay = DbSettlementBenchmarks.engine(repository, client);
      Instant now = Instant.now();
      List<Settlement> settlements = new ArrayList<>();
      int total = CALLS * SHAPES.size() * (rounds + warmUp);
      for (int i = 0; i < total; i++) {
        String outTradeNo = String.format("H%031d", i);
        PayOrder order = DbSettlementBenchmarks.order(sim, outTradeNo, 100 + i % 7, "u" + i, now);
        repository.insert(order);
        NotifyRequest notification = Notifications.wechat(sim, outTradeNo, order.totalFee());
        TradeSnapshot trade =
            ((ProviderNotification.Payment) client.parseNotification(notification)).trade();
        settlements.add(new Settlement(order, notification, trade));
      }
      System.out.printf("PostgreSQL, %d threads, %d rounds of %d first settlements per shape%n",
          threads, rounds, CALLS);
      Map<String, SettlementCpuSplit.Sample> sums = new LinkedHashMap<>();
      int next = 0;
      for (int r = 0; r < rounds + warmUp; r++) {
        for (String shape : SHAPES) {
          int base = next;
          next += CALLS;
          IntConsumer call = i -> run(shape, pool, repository, uniPay, settlements.get(base + i));
          SettlementCpuSplit.Sample s = SettlementCpuSplit.measure(database, List.of(), threads, call);
          if (r >= warmUp) sums.merge(shape, s, SettlementCpuSplit.Sample::plus);
        }
      }
      double floor = perSecond(sums.get("floor"), rounds);
      for (Map.Entry<String, SettlementCpuSplit.Sample> e : sums.entrySet()) {
        SettlementCpuSplit.print(e.getKey(), e.getValue(), rounds);
        System.out.printf("%-13s ÷ floor %.2f%n", "", perSecond(e.getValue(), rounds) / floor);
      }
    }
  }

  private static double perSecond(SettlementCpuSplit.Sample s, int rounds) {
    return (double) CALLS * rounds / (s.wallNanos() / 1e9);
  }

  private static void run(
      String shape, HikariDataSource pool, OrderRepository repository, UniPay uniPay,
      Settlement s) {
    switch (shape) {
      case "floor" -> DbSettlementBenchmarks.floorOnce(pool, s.order);
      case "engine" -> {
        if (!uniPay.handleNotify(s.notification).success()) throw new IllegalStateException();
      }
      case "lock-path" -> {
        repository.find(s.order.outTradeNo()).orElseThrow();
        repository.inTransaction(tx -> {
          tx.lockByOrderNo(s.order.orderNo());
          check(tx.markPaidAndAppend(s.order.outTradeNo(), OrderStatus.UNPAID, s.paid(), s.event())
              != OrderRepository.PaidAndRecorded.LOST);
          return grant(tx, s.order);
        });
      }
      case "one-statement" -> settleUnpaid(repository, s);
      case "no-raw" -> settleUnpaid(repository, s.withoutRaw());
      case "cas-only" -> repository.inTransaction(tx -> {
        check(tx.markPaidAndAppend(s.order.outTradeNo(), OrderStatus.UNPAID, s.paid(), s.event())
            != OrderRepository.PaidAndRecorded.LOST);
        return grant(tx, s.order);
      });
      default -> throw new IllegalArgumentException(shape);
    }
  }

  private static void settleUnpaid(OrderRepository repository, Settlement s) {
    repository.inTransaction(tx -> {
      check(tx.settleUnpaid(new UnpaidSettlement(s.order.outTradeNo(), Provider.WXPAY,
          s.trade.totalFee(), s.trade.currency(), s.trade.appId(), s.trade.merchantId(),
          s.paid(), s.event())).paid());
      return grant(tx, s.order);
    });
  }

  private static void check(boolean won) {
    if (!won) throw new IllegalStateException("the CAS lost on an UNPAID order");
  }

  private static Void grant(OrderRepository.Transaction tx, PayOrder order) {
    Connection c = tx.unwrap(Connection.class).orElseThrow();
    try (PreparedStatement grant = c.prepareStatement(DbSettlementBenchmarks.GRANT)) {
      grant.setString(1, order.outTradeNo());
      grant.setString(2, order.userId());
      grant.executeUpdate();
      return null;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One order, its notification and the trade it carries. */
  private record Settlement(PayOrder order, NotifyRequest notification, TradeSnapshot trade) {
    Settlement withoutRaw() {
      TradeSnapshot t = trade;
      return new Settlement(order, notification, new TradeSnapshot(t.outTradeNo(), t.state(),
          t.transactionId(), t.totalFee(), t.currency(), t.appId(), t.merchantId(), t.payerId(),
          t.paidAt(), ""));
    }

    OrderRepository.PaidUpdate paid() {
      Instant now = Instant.now();
      return new OrderRepository.PaidUpdate(trade.transactionId(), trade.paidAt(),
          trade.payerId(), now, trade.raw(), SettlementFlag.NONE, true);
    }

    ProviderEvent event() {
      return Facts.payment(Provider.WXPAY, trade, "notify", EventOutcome.SETTLED, null,
          Instant.now());
    }
  }
}
