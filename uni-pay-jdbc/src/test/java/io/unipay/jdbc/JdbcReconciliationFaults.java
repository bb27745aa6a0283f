package io.unipay.jdbc;

import io.unipay.core.scenarios.ReconcileFixture;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/** The database faults of the reconciliation scenarios, done with real SQL behind the engine. */
final class JdbcReconciliationFaults {
  private JdbcReconciliationFaults() {}

  /** Someone edits the order's amount. */
  static void tamperTotalFee(Jdbi jdbi, String outTradeNo, long fee) {
    int changed = jdbi.withHandle(h -> h.createUpdate(
            "UPDATE uni_pay_orders SET total_fee = :fee WHERE out_trade_no = :no")
        .bind("fee", fee).bind("no", outTradeNo).execute());
    if (changed != 1) throw new AssertionError("no order " + outTradeNo);
  }

  /** Someone marks an unpaid order paid by hand, with a made-up transaction, now. */
  static void markPaid(Jdbi jdbi, ReconcileFixture f, String outTradeNo) {
    Instant now = f.e.clock.instant();
    int changed = jdbi.withHandle(h -> h.createUpdate(
            "UPDATE uni_pay_orders SET status = 1, pay_date = :now, transaction_id = 'BYHAND1',"
                + " user_order_success = TRUE WHERE out_trade_no = :no AND status = 0")
        .bind("now", Times.arg(now)).bind("no", outTradeNo).execute());
    if (changed != 1) throw new AssertionError("no unpaid order " + outTradeNo);
  }
}
