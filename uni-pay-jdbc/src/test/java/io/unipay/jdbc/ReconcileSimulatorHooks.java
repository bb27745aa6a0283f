package io.unipay.jdbc;

import static io.unipay.jdbc.ReconcileBench.DAY;
import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.fake.MutableClock;
import io.unipay.core.ledger.EventKind;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.Refund;
import io.unipay.core.reconcile.Discrepancy;
import io.unipay.core.reconcile.DiscrepancyType;
import io.unipay.core.reconcile.ReconciliationReport;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * What the end-to-end reconciliation scenarios ({@link ReconciliationEndToEnd}) need from one
 * provider's simulator and real client, and the shortcuts they share: a bench per test, paying,
 * reconciling {@link ReconcileBench#DAY}, the simulators' fee rule, picking a discrepancy.
 */
abstract class ReconcileSimulatorHooks {
  /** The fee both simulators charge by default: 0.6 %, rounded half up per line. */
  private static final int FEE_BASIS_POINTS = 60;

  protected final MutableClock clock = new MutableClock(ReconcileBench.MORNING);
  protected ReconcileBench b;

  /** Starts the simulator and its real client, and the bench on {@code kind} with them. */
  protected abstract ReconcileBench start(TestDatabases.Kind kind, MutableClock clock);

  /** The payer pays; returns once the engine handled the notification. */
  protected abstract void pay(String outTradeNo);

  /** The payer pays and the provider's notification is lost for good (no redelivery). */
  protected abstract void payLosingTheNotification(String outTradeNo);

  /** A refund through {@code pay.refund}, SUCCESS at the provider and locally when it returns. */
  protected abstract Refund refund(String outTradeNo, long fen);

  /** A refund through {@code pay.refund} the provider made, whose answer the engine lost. */
  protected abstract Refund refundLosingTheAnswer(String outTradeNo, long fen);

  /** A refund of the trade made in the provider's merchant console (not through the engine). */
  protected abstract void consoleRefund(String outTradeNo, String outRefundNo, long fen);

  /** The provider's bill lacks the payment line of this trade. */
  protected abstract void billOmitsPayment(String outTradeNo);

  /** The provider's bill lacks the line of this refund. */
  protected abstract void billOmitsRefund(String outRefundNo);

  /** How many bill files the simulator has served. */
  protected abstract int billDownloads();

  @AfterEach
  void closeBench() {
    if (b != null) b.close();
  }

  protected ReconcileBench bench(TestDatabases.Kind kind) {
    b = start(kind, clock);
    return b;
  }

  protected String paid(long fen) {
    String no = b.order(fen);
    pay(no);
    assertThat(b.pay.getOrder(no).status()).isEqualTo(OrderStatus.PAID);
    return no;
  }

  protected ReconciliationReport reconcile() {
    return b.pay.reconciler().reconcile(b.provider, DAY);
  }

  protected ReconciliationReport reconcileForced() {
    return b.pay.reconciler().reconcile(b.provider, DAY, true);
  }

  protected static long fee(long fen) {
    return (fen * FEE_BASIS_POINTS + 5_000) / 10_000;
  }

  /** The report's only discrepancy of {@code type} (there must be exactly one). */
  protected static Discrepancy only(ReconciliationReport report, DiscrepancyType type) {
    assertThat(report.count(type)).as("%s in %s", type, report).isEqualTo(1);
    return report.discrepancies().stream().filter(d -> d.type() == type).findFirst().orElseThrow();
  }

  protected List<ProviderEvent> attention(String outTradeNo) {
    return b.pay.ledger().events(outTradeNo).stream()
        .filter(e -> e.kind() == EventKind.ATTENTION).toList();
  }
}
