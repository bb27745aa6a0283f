package io.unipay.jdbc;

import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.Provider;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.reconcile.BillState;
import io.unipay.core.reconcile.Discrepancy;
import io.unipay.core.reconcile.DiscrepancyType;
import io.unipay.core.reconcile.LocalPayment;
import io.unipay.core.reconcile.LocalRefund;
import io.unipay.core.reconcile.LocalTotals;
import io.unipay.core.reconcile.ProviderTotals;
import io.unipay.core.reconcile.ReconciliationReport;
import io.unipay.core.reconcile.Remedy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * SQL and row mapping of bill reconciliation: {@code uni_pay_reconciliations} (claims and
 * reports), {@code uni_pay_reconciliation_items} (discrepancies), {@code
 * uni_pay_reconciliation_keys} (a run's bill keys), and the narrow reads of orders and refunds.
 */
final class ReconciliationRows {
  static final String FIND_DAY =
      "SELECT id FROM uni_pay_reconciliations WHERE provider = :provider AND bill_date = :day";
  static final String INSERT_DAY =
      "INSERT INTO uni_pay_reconciliations (provider, bill_date, run_no) VALUES (:provider, :day, 0)";
  /** Takes a day whose lease ran out (or never ran) and that has no final report. */
  static final String CLAIM =
      "UPDATE uni_pay_reconciliations SET owner = :owner, lease_until = :lease_until,"
          + " run_no = run_no + 1 WHERE id = :id"
          + " AND (lease_until IS NULL OR lease_until <= :now) AND report_run IS NULL";
  /** The same, for a forced run: a final report does not stop it. */
  static final String CLAIM_FORCED =
      "UPDATE uni_pay_reconciliations SET owner = :owner, lease_until = :lease_until,"
          + " run_no = run_no + 1 WHERE id = :id"
          + " AND (lease_until IS NULL OR lease_until <= :now)";
  static final String CLAIMED =
      "SELECT run_no FROM uni_pay_reconciliations WHERE id = :id AND owner = :owner";
  static final String RENEW =
      "UPDATE uni_pay_reconciliations SET lease_until = :lease_until"
          + " WHERE id = :id AND owner = :owner";
  static final String RELEASE =
      "UPDATE uni_pay_reconciliations SET owner = NULL, lease_until = NULL,"
          + " last_error = :last_error WHERE id = :id AND owner = :owner";
  static final String REPORT_RUN =
      "SELECT report_run FROM uni_pay_reconciliations WHERE id = :id";
  static final String DELETE_KEYS =
      "DELETE FROM uni_pay_reconciliation_keys WHERE reconciliation_id = :id";
  static final String DELETE_OTHER_RUNS =
      "DELETE FROM uni_pay_reconciliation_items WHERE reconciliation_id = :id AND run_no <> :keep";
  static final String KEYS_PRESENT =
      "SELECT ref_no FROM uni_pay_reconciliation_keys WHERE reconciliation_id = :id"
          + " AND kind = :kind AND ref_no IN (<keys>)";
  static final String FIND_PAYMENTS =
      "SELECT out_trade_no, provider, status, total_fee, transaction_id, pay_date"
          + " FROM uni_pay_orders WHERE out_trade_no IN (<keys>)";
  static final String REFUND_COLUMNS =
      "r.out_refund_no, r.out_trade_no, o.provider, r.status, r.refund_fee, r.refund_id,"
          + " r.success_date FROM uni_pay_refunds r"
          + " JOIN uni_pay_orders o ON o.out_trade_no = r.out_trade_no";
  static final String FIND_REFUNDS =
      "SELECT " + REFUND_COLUMNS + " WHERE r.out_refund_no IN (<keys>)";
  /**
   * Keyset page of the orders paid in a time range, walking the primary key ({@code out_trade_no
   * > :after}, '' for the first page). No status condition: only a paid order has a pay_date, and
   * {@code status IN (...)} would tempt H2 into the status indexes, a sort and a full read per
   * page. With no index on pay_date (none is added to uni_pay_orders, whose settlement UPDATE
   * sets it), each page reads the key index from the cursor until it has :limit rows.
   */
  static final String PAID_BETWEEN =
      "SELECT out_trade_no, provider, status, total_fee, transaction_id, pay_date"
          + " FROM uni_pay_orders WHERE out_trade_no > :after AND provider = :provider"
          + " AND pay_date >= :from AND pay_date < :to ORDER BY out_trade_no LIMIT :limit";
  /** Keyset page of the refunds that succeeded in a time range (only SUCCESS sets the date). */
  static final String REFUNDED_BETWEEN =
      "SELECT " + REFUND_COLUMNS + " WHERE r.out_refund_no > :after AND o.provider = :provider"
          + " AND r.success_date >= :from AND r.success_date < :to"
          + " ORDER BY r.out_refund_no LIMIT :limit";
  static final String MAX_SEQ =
      "SELECT COALESCE(MAX(seq), 0) FROM uni_pay_reconciliation_items"
          + " WHERE reconciliation_id = :id AND run_no = :run";
  static final String INSERT_ITEM =
      "INSERT INTO uni_pay_reconciliation_items (reconciliation_id, run_no, seq, type,"
          + " out_trade_no, out_refund_no, provider_id, provider_amount, local_amount, occurred_at,"
          + " remedy, detail) VALUES (:id, :run, :seq, :type, :out_trade_no, :out_refund_no,"
          + " :provider_id, :provider_amount, :local_amount, :occurred_at, :remedy, :detail)";
  static final String FINISH =
      "UPDATE uni_pay_reconciliations SET report_run = :run, bill_state = :bill_state,"
          + " bill_payments = :bill_payments, bill_payment_total = :bill_payment_total,"
          + " bill_refunds = :bill_refunds, bill_refund_total = :bill_refund_total,"
          + " bill_fees = :bill_fees, local_payments = :local_payments,"
          + " local_payment_total = :local_payment_total, local_refunds = :local_refunds,"
          + " local_refund_total = :local_refund_total, confirmed_by_query = :confirmed,"
          + " started_at = :started_at, finished_at = :finished_at, owner = NULL,"
          + " lease_until = NULL, last_error = NULL WHERE id = :id AND owner = :owner";
  static final String FIND_REPORT =
      "SELECT id, provider, bill_date, report_run, bill_state, bill_payments, bill_payment_total,"
          + " bill_refunds, bill_refund_total, bill_fees, local_payments, local_payment_total,"
          + " local_refunds, local_refund_total, confirmed_by_query, started_at, finished_at"
          + " FROM uni_pay_reconciliations WHERE provider = :provider AND bill_date = :day"
          + " AND report_run IS NOT NULL";
  static final String COUNTS =
      "SELECT type, remedy, COUNT(*) AS n FROM uni_pay_reconciliation_items"
          + " WHERE reconciliation_id = :id AND run_no = :run GROUP BY type, remedy";
  static final String ITEMS =
      "SELECT i.seq, i.type, i.out_trade_no, i.out_refund_no, i.provider_id, i.provider_amount,"
          + " i.local_amount, i.occurred_at, i.remedy, i.detail"
          + " FROM uni_pay_reconciliation_items i JOIN uni_pay_reconciliations d"
          + " ON d.id = i.reconciliation_id AND i.run_no = d.report_run"
          + " WHERE d.provider = :provider AND d.bill_date = :day AND i.seq > :after"
          + " ORDER BY i.seq LIMIT :limit";

  static final RowMapper<LocalPayment> PAYMENT =
      (rs, ctx) ->
          new LocalPayment(
              rs.getString("out_trade_no"), Provider.ofCode(rs.getString("provider")),
              OrderStatus.ofCode(rs.getInt("status")), rs.getLong("total_fee"),
              rs.getString("transaction_id"), Times.read(rs, "pay_date"));

  static final RowMapper<LocalRefund> REFUND =
      (rs, ctx) ->
          new LocalRefund(
              rs.getString("out_refund_no"), rs.getString("out_trade_no"),
              Provider.ofCode(rs.getString("provider")), RefundStatus.valueOf(rs.getString("status")),
              rs.getLong("refund_fee"), rs.getString("refund_id"), Times.read(rs, "success_date"));

  static final RowMapper<Discrepancy> ITEM =
      (rs, ctx) ->
          new Discrepancy(
              rs.getLong("seq"), DiscrepancyType.valueOf(rs.getString("type")),
              rs.getString("out_trade_no"), rs.getString("out_refund_no"),
              rs.getString("provider_id"), rs.getLong("provider_amount"),
              rs.getLong("local_amount"), Times.read(rs, "occurred_at"),
              Remedy.valueOf(rs.getString("remedy")), rs.getString("detail"));

  private ReconciliationRows() {}

  /** The stored report of a {@link #FIND_REPORT} row, with {@code counts} and {@code repaired}. */
  static ReconciliationReport report(
      ResultSet rs, Map<DiscrepancyType, Long> counts, long repaired) throws SQLException {
    return new ReconciliationReport(
        Provider.ofCode(rs.getString("provider")), LocalDate.parse(rs.getString("bill_date")),
        rs.getInt("report_run"), BillState.valueOf(rs.getString("bill_state")),
        new ProviderTotals(
            rs.getLong("bill_payments"), rs.getLong("bill_payment_total"),
            rs.getLong("bill_refunds"), rs.getLong("bill_refund_total"), rs.getLong("bill_fees")),
        new LocalTotals(
            rs.getLong("local_payments"), rs.getLong("local_payment_total"),
            rs.getLong("local_refunds"), rs.getLong("local_refund_total")),
        counts, repaired, rs.getLong("confirmed_by_query"), Times.read(rs, "started_at"),
        Times.read(rs, "finished_at"), List.of());
  }
}
