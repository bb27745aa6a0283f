package io.unipay.jdbc;

import io.unipay.core.CreateOrderRequest;
import io.unipay.core.UniPay;
import io.unipay.core.fake.MutableClock;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.NotifyHandler;
import io.unipay.core.spi.PaidEvent;
import io.unipay.core.spi.PayClient;
import io.unipay.core.spi.RefundEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/**
 * One application instance for the end-to-end reconciliation tests: a fresh database of one kind
 * with the JDBC repository, the real client of one provider (pointed at its simulator), a host
 * notify endpoint on loopback, and a handler that counts its runs per order and refund. The clock
 * starts at 10:00 in Shanghai on {@link #DAY}; the database faults are done with plain SQL behind
 * the engine's back.
 */
final class ReconcileBench implements AutoCloseable {
  /** The business day of every test. */
  static final LocalDate DAY = LocalDate.of(2026, 7, 1);
  /** 10:00 on {@link #DAY} in Shanghai. */
  static final Instant MORNING = Instant.parse("2026-07-01T02:00:00Z");
  /** 11:00 the day after {@link #DAY} in Shanghai: both providers' bills of the day are ready. */
  static final Instant NEXT_MORNING = Instant.parse("2026-07-02T03:00:00Z");
  /** How long a test waits for a notification to be handled. */
  static final Duration WAIT = Duration.ofSeconds(15);

  final MutableClock clock;
  final UniPay pay;
  final Jdbi jdbi;
  final Provider provider;
  /** onPaid runs per out_trade_no. */
  final Map<String, AtomicInteger> paid = new ConcurrentHashMap<>();
  /** onRefunded runs per out_refund_no. */
  final Map<String, AtomicInteger> refunded = new ConcurrentHashMap<>();
  private final List<AutoCloseable> closeables;
  private int orders;

  /**
   * Opens the database ({@code kind}; PostgreSQL is skipped when absent, a failure with {@code
   * UNIPAY_REQUIRE_DBS=true}) and builds the engine on {@code client}, whose simulator and client
   * are in {@code closeables} and closed with this bench.
   */
  ReconcileBench(
      TestDatabases.Kind kind, MutableClock clock, PayClient client, List<AutoCloseable> closeables) {
    this.clock = clock;
    this.closeables = new ArrayList<>(closeables);
    this.provider = client.provider();
    try {
      TestDatabases.TestPool pool = TestDatabases.open(kind, "recon_e2e");
      this.closeables.add(pool);
      jdbi = Jdbi.create(pool);
      NotifyReceiver receiver = new NotifyReceiver();
      this.closeables.add(receiver);
      pay = UniPay.builder()
          .repository(JdbiOrderRepository.create(pool).createSchemaIfMissing())
          .payClient(client)
          .handler("vip", new Counting())
          .notifyBaseUrl(receiver.baseUrl())
          .clock(clock)
          .build();
      receiver.forwardTo(pay);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /** The host's handler: counts, nothing else. */
  private final class Counting implements NotifyHandler {
    @Override
    public void onPaid(PaidEvent event) {
      paid.computeIfAbsent(event.order().outTradeNo(), k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void onRefunded(RefundEvent event) {
      refunded.computeIfAbsent(event.refund().outRefundNo(), k -> new AtomicInteger())
          .incrementAndGet();
    }
  }

  /** A new unpaid NATIVE order of {@code fen} with this bench's provider; its out_trade_no. */
  String order(long fen) {
    return pay.createOrder(CreateOrderRequest.builder()
        .type("vip").orderNo("E2E" + (++orders)).provider(provider).payType(PayType.NATIVE)
        .totalFee(fen).description("VIP 月卡").build()).outTradeNo();
  }

  int paidRuns(String outTradeNo) {
    AtomicInteger n = paid.get(outTradeNo);
    return n == null ? 0 : n.get();
  }

  int refundRuns(String outRefundNo) {
    AtomicInteger n = refunded.get(outRefundNo);
    return n == null ? 0 : n.get();
  }

  /** Waits until the engine holds the refund with {@code status} (a notification on its way). */
  Refund awaitRefund(String outRefundNo, RefundStatus status) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      Refund refund = pay.getRefund(outRefundNo, false);
      if (refund.status() == status) return refund;
      if (System.nanoTime() > deadline) {
        throw new AssertionError("refund " + outRefundNo + " still " + refund.status());
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Moves the clock to the morning after {@link #DAY}, when its bills are ready. */
  void nextMorning() {
    clock.advance(Duration.between(clock.instant(), NEXT_MORNING));
  }

  // ---------------------------------------------------------------- faults behind the engine

  /** Someone edits the order's amount in the database. */
  void tamperTotalFee(String outTradeNo, long fen) {
    update("UPDATE uni_pay_orders SET total_fee = :fen WHERE out_trade_no = :no", outTradeNo, fen);
  }

  /** Someone edits the refund's amount in the database. */
  void tamperRefundFee(String outRefundNo, long fen) {
    update("UPDATE uni_pay_refunds SET refund_fee = :fen WHERE out_refund_no = :no", outRefundNo, fen);
  }

  /** Someone marks an unpaid order paid by hand, with a made-up transaction id, now. */
  void markPaidByHand(String outTradeNo) {
    int changed = jdbi.withHandle(h -> h.createUpdate(
            "UPDATE uni_pay_orders SET status = 1, pay_date = :now, transaction_id = 'BYHAND1',"
                + " user_order_success = TRUE WHERE out_trade_no = :no AND status = 0")
        .bind("now", Times.arg(clock.instant())).bind("no", outTradeNo).execute());
    if (changed != 1) throw new AssertionError("no unpaid order " + outTradeNo);
  }

  /** Someone marks a closed refund succeeded by hand, now. */
  void markRefundSucceededByHand(String outRefundNo) {
    int changed = jdbi.withHandle(h -> h.createUpdate(
            "UPDATE uni_pay_refunds SET status = 'SUCCESS', success_date = :now"
                + " WHERE out_refund_no = :no AND status = 'CLOSED'")
        .bind("now", Times.arg(clock.instant())).bind("no", outRefundNo).execute());
    if (changed != 1) throw new AssertionError("no closed refund " + outRefundNo);
  }

  /**
   * The order's row is gone. The library's purge ({@code sweeper().purgeClosedAfter}) deletes only
   * closed orders with no final check pending, and a closed order whose trade the provider took
   * is settled by that final check, so no path of the engine removes it: this is a host's own
   * clean-up (or a restore from an older backup), done with SQL.
   */
  void deleteOrderRow(String outTradeNo) {
    int changed = jdbi.withHandle(h -> h.createUpdate(
            "DELETE FROM uni_pay_orders WHERE out_trade_no = :no")
        .bind("no", outTradeNo).execute());
    if (changed != 1) throw new AssertionError("no order " + outTradeNo);
  }

  private void update(String sql, String key, long fen) {
    int changed = jdbi.withHandle(h -> h.createUpdate(sql).bind("fen", fen).bind("no", key).execute());
    if (changed != 1) throw new AssertionError("no row " + key);
  }

  // ---------------------------------------------------------------- what the database holds

  long rows(String table) {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table)
        .mapTo(Long.class).one());
  }

  @Override
  public void close() {
    IllegalStateException failed = null;
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        if (failed == null) failed = new IllegalStateException("closing " + closeables.get(i), e);
        else failed.addSuppressed(e);
      }
    }
    closeables.clear();
    if (failed != null) throw failed;
  }
}
