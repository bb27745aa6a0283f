package io.unipay.core.spi;

import io.unipay.core.bill.BillRow;
import io.unipay.core.order.Provider;
import io.unipay.core.reconcile.DayClaim;
import io.unipay.core.reconcile.Discrepancy;
import io.unipay.core.reconcile.LocalPayment;
import io.unipay.core.reconcile.LocalRefund;
import io.unipay.core.reconcile.ReconciliationReport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What reconciliation needs from storage, next to {@link OrderRepository} (which offers it with
 * {@link OrderRepository#reconciliation()}): batch lookups by key, keyset scans of a day's local
 * payments and refunds, the bill's keys of a run (a scratch area, so memory never holds a whole
 * bill), the stored reports and their discrepancies, and the day claim that keeps two application
 * instances from reconciling the same day at once. Thread-safe; every method commits on its own.
 *
 * <p>Failures are {@link io.unipay.core.UniPayException}s with {@code STORAGE_FAILURE}. Keys
 * that cannot exist locally (too long, wrong characters) are simply not found.
 */
public interface ReconciliationRepository {

  /**
   * Takes the day for {@code owner} until {@code now + lease}: creates its record when absent,
   * and takes it when no other holder's lease runs ({@code lease_until} null or ≤ now) and the day
   * has no final report — or has one and {@code force} is set. The run number goes up by one.
   * Empty when another instance holds it, or (without {@code force}) when it is done.
   */
  Optional<DayClaim> claimDay(
      Provider provider, LocalDate day, String owner, Instant now, Duration lease, boolean force);

  /** Moves the hold's end to {@code now + lease}. Returns the renewed claim, or empty when lost. */
  Optional<DayClaim> renewClaim(DayClaim claim, Instant now, Duration lease);

  /**
   * Gives the day up without a report (the bill was not ready, a failure): the lease ends and
   * {@code lastError} is kept. Changes nothing when the claim was lost meanwhile.
   */
  void releaseClaim(DayClaim claim, String lastError);

  /**
   * Deletes what unfinished earlier runs of the claimed day left: bill keys, and discrepancies of
   * runs other than the stored report's (which stays whole until {@link #finish} replaces it).
   */
  void clearRun(DayClaim claim);

  /** Records bill keys of the run: out_trade_no of payment lines, out_refund_no of refunds. */
  void recordBillKeys(DayClaim claim, BillRow.Kind kind, Collection<String> keys);

  /** Which of {@code keys} the run recorded for {@code kind}. */
  Set<String> billKeysPresent(DayClaim claim, BillRow.Kind kind, Collection<String> keys);

  /** The payment orders with these out_trade_no values (any provider), by out_trade_no. */
  Map<String, LocalPayment> findPayments(Collection<String> outTradeNos);

  /** The refunds with these out_refund_no values, by out_refund_no. */
  Map<String, LocalRefund> findRefunds(Collection<String> outRefundNos);

  /**
   * Up to {@code limit} orders of {@code provider} with {@code from ≤ pay_date < to} and
   * out_trade_no after {@code afterOutTradeNo} (null for the first page), ordered by out_trade_no
   * (keyset paging); fewer than {@code limit} only at the end. Only paid orders have a pay_date,
   * but the status is not filtered: the caller skips a row whose status was changed by hand.
   */
  List<LocalPayment> paidBetween(
      Provider provider, Instant from, Instant to, String afterOutTradeNo, int limit);

  /**
   * Up to {@code limit} refunds of orders of {@code provider} with {@code from ≤ success_date <
   * to} and out_refund_no after {@code afterOutRefundNo} (null for the first page), ordered by
   * out_refund_no; fewer than {@code limit} only at the end. Only a SUCCESS refund has a success
   * date; the caller skips any other.
   */
  List<LocalRefund> refundedBetween(
      Provider provider, Instant from, Instant to, String afterOutRefundNo, int limit);

  /** Stores discrepancies of the claim's run, numbering them on from the run's earlier ones. */
  void addDiscrepancies(DayClaim claim, List<Discrepancy> found);

  /**
   * Stores the run's report as the day's final one (run, totals, bill state, times; counts come
   * from the run's stored discrepancies), ends the lease and deletes the discrepancies of other
   * runs, then the run's bill keys (possibly in transactions of their own, after the report is
   * final). Returns false, storing nothing, when the claim was lost.
   */
  boolean finish(DayClaim claim, ReconciliationReport report);

  /**
   * The day's final report, with its counts and no discrepancies (page them with {@link
   * #discrepancies}); empty when the day has none.
   */
  Optional<ReconciliationReport> findReport(Provider provider, LocalDate day);

  /**
   * Up to {@code limit} discrepancies of the stored report's run with seq after {@code afterSeq},
   * by seq; empty when the day has no report.
   */
  List<Discrepancy> discrepancies(Provider provider, LocalDate day, long afterSeq, int limit);
}
