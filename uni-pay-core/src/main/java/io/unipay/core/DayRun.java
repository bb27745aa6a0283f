package io.unipay.core;

import io.unipay.core.bill.BillRow;
import io.unipay.core.bill.TradeBill;
import io.unipay.core.internal.LogSafe;
import io.unipay.core.order.Provider;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.reconcile.BillState;
import io.unipay.core.reconcile.DayClaim;
import io.unipay.core.reconcile.Discrepancy;
import io.unipay.core.reconcile.DiscrepancyType;
import io.unipay.core.reconcile.LocalPayment;
import io.unipay.core.reconcile.LocalRefund;
import io.unipay.core.reconcile.LocalTotals;
import io.unipay.core.reconcile.ProviderTotals;
import io.unipay.core.reconcile.ReconciliationReport;
import io.unipay.core.reconcile.Remedy;
import io.unipay.core.spi.ReconciliationRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One run of one provider's day (see {@link Reconciler} for what is compared): the bill pass, in
 * batches, then the keyset scans of the day's local payments and refunds. Holds one batch at a
 * time, never the day. Not thread-safe: one run, one thread.
 */
final class DayRun {
  /** Longest key the scratch area and the lookups take (the ledger's column size). */
  private static final int MAX_KEY = 64;

  private final ReconciliationRepository store;
  private final ReconcileSettings settings;
  private final Provider provider;
  private final Instant dayStart;
  private final Instant dayEnd;
  private final Instant startedAt;
  private final UniPay engine;
  private final Repairs repairs;
  private final DiscrepancyFacts facts;
  private DayClaim claim;

  private final List<BillRow> payments = new ArrayList<>();
  private final List<BillRow> refunds = new ArrayList<>();
  private final List<Discrepancy> found = new ArrayList<>();
  private final Map<DiscrepancyType, Long> counts = new EnumMap<>(DiscrepancyType.class);
  private long repaired;
  private long confirmed;
  private long billPayments, billPaymentTotal, billRefunds, billRefundTotal, billFees;
  private long localPayments, localPaymentTotal, localRefunds, localRefundTotal;

  DayRun(
      UniPay engine, ReconciliationRepository store, ReconcileSettings settings, DayClaim claim,
      Instant startedAt) {
    this.engine = engine;
    this.store = store;
    this.settings = settings;
    this.claim = claim;
    this.provider = claim.provider();
    this.dayStart = claim.day().atStartOfDay(Reconciler.BILL_ZONE).toInstant();
    this.dayEnd = claim.day().plusDays(1).atStartOfDay(Reconciler.BILL_ZONE).toInstant();
    this.startedAt = startedAt;
    this.repairs = new Repairs(engine, provider, settings.maxQueries());
    this.facts = new DiscrepancyFacts(engine, provider, claim.day());
  }

  /** Compares {@code bill} (null: the provider has none) with the local records. */
  ReconciliationReport compare(TradeBill bill) {
    if (bill != null) {
      for (BillRow row = bill.next(); row != null; row = bill.next()) {
        if (row.kind() == BillRow.Kind.PAYMENT) {
          payments.add(row);
          if (payments.size() >= settings.batchSize()) paymentBatch();
        } else {
          refunds.add(row);
          if (refunds.size() >= settings.batchSize()) refundBatch();
        }
      }
      paymentBatch();
      refundBatch();
    }
    scanLocalPayments();
    scanLocalRefunds();
    flush();
    return new ReconciliationReport(
        provider, claim.day(), claim.run(), bill != null ? BillState.RECEIVED : BillState.NONE,
        new ProviderTotals(billPayments, billPaymentTotal, billRefunds, billRefundTotal, billFees),
        new LocalTotals(localPayments, localPaymentTotal, localRefunds, localRefundTotal),
        counts, repaired, confirmed, startedAt, engine.clock().instant(), List.of());
  }

  // ---------------------------------------------------------------- the bill, batch by batch

  private void paymentBatch() {
    if (payments.isEmpty()) return;
    Set<String> keys = keys(payments, BillRow::outTradeNo);
    store.recordBillKeys(claim, BillRow.Kind.PAYMENT, keys);
    Map<String, LocalPayment> local = store.findPayments(keys);
    for (BillRow row : payments) {
      billPayments++;
      billPaymentTotal += row.amount();
      billFees += row.fee();
      comparePayment(row, local.get(row.outTradeNo()));
    }
    payments.clear();
    progress();
  }

  private void comparePayment(BillRow row, LocalPayment local) {
    DiscrepancyType missing = DiscrepancyType.PAID_AT_PROVIDER_MISSING_LOCALLY;
    if (local == null) {
      report(row, missing, -1, Remedy.LEFT_TO_OPERATOR,
          "no payment order " + LogSafe.quote(row.outTradeNo()) + " here: purged, or not created"
              + " by this engine");
    } else if (local.provider() != provider) {
      report(row, missing, local.totalFee(), Remedy.LEFT_TO_OPERATOR,
          "the order " + local.outTradeNo() + " belongs to " + local.provider().code());
    } else if (row.amount() != local.totalFee()) {
      report(row, DiscrepancyType.AMOUNT_MISMATCH, local.totalFee(), Remedy.LEFT_TO_OPERATOR,
          "the bill says " + row.amount() + " fen, the order's total_fee is " + local.totalFee()
              + " fen (status " + local.status() + ")");
    } else if (!local.status().isPaid()) {
      Repairs.Result result = repairs.payment(local.outTradeNo());
      report(row, missing, local.totalFee(), result,
          "the order was " + local.status() + " locally; " + result.detail());
    } else if (row.transactionId() != null && local.transactionId() != null
        && !row.transactionId().equals(local.transactionId())) {
      report(row, missing, local.totalFee(), Remedy.LEFT_TO_OPERATOR,
          "the order is paid with transaction " + local.transactionId() + ", the bill's is "
              + LogSafe.quote(row.transactionId()));
    }
  }

  private void refundBatch() {
    if (refunds.isEmpty()) return;
    Set<String> keys = keys(refunds, BillRow::outRefundNo);
    store.recordBillKeys(claim, BillRow.Kind.REFUND, keys);
    Map<String, LocalRefund> local = store.findRefunds(keys);
    for (BillRow row : refunds) {
      billFees += row.fee();
      LineState state = LineState.of(row);
      if (state == LineState.REFUNDED) {
        billRefunds++;
        billRefundTotal += row.amount();
        compareRefund(row, local.get(row.outRefundNo()));
      } else {
        compareUnfinishedRefund(row, state, local.get(row.outRefundNo()));
      }
    }
    refunds.clear();
    progress();
  }

  private void compareRefund(BillRow row, LocalRefund local) {
    DiscrepancyType missing = DiscrepancyType.REFUND_MISSING_LOCALLY;
    if (local == null) {
      report(row, missing, -1, Remedy.LEFT_TO_OPERATOR,
          "no refund " + LogSafe.quote(row.outRefundNo()) + " here: made outside the engine (in"
              + " the provider's console?)");
    } else if (local.provider() != provider || !local.outTradeNo().equals(row.outTradeNo())) {
      report(row, missing, local.refundFee(), Remedy.LEFT_TO_OPERATOR,
          "the refund " + local.outRefundNo() + " is of " + local.provider().code() + " order "
              + local.outTradeNo() + ", the bill's line of " + LogSafe.quote(row.outTradeNo()));
    } else if (row.amount() != local.refundFee()) {
      report(row, DiscrepancyType.REFUND_AMOUNT_MISMATCH, local.refundFee(),
          Remedy.LEFT_TO_OPERATOR,
          "the bill says " + row.amount() + " fen refunded, the refund's refund_fee is "
              + local.refundFee() + " fen (status " + local.status() + ")");
    } else if (local.status() != RefundStatus.SUCCESS) {
      Repairs.Result result = repairs.refund(local.outRefundNo());
      report(row, missing, local.refundFee(), result,
          "the refund was " + local.status() + " locally; " + result.detail());
    }
  }

  /**
   * A refund line the provider had not (or not successfully) paid out when it made the bill:
   * WeChat Pay lists refunds by the day they were asked for, with their state at the time (退款状态
   * PROCESSING, or FAIL / CHANGE for one that was closed or went wrong). Neither side counts it as
   * refunded. Still in progress: consistent with any local refund, but a refund nobody here knows
   * is one made in the provider's console. Ended without the money: a local SUCCESS is money the
   * books say went back and the provider says did not.
   */
  private void compareUnfinishedRefund(BillRow row, LineState state, LocalRefund local) {
    if (local == null) {
      report(row, DiscrepancyType.REFUND_MISSING_LOCALLY, -1, Remedy.LEFT_TO_OPERATOR,
          "no refund " + LogSafe.quote(row.outRefundNo()) + " here, and the bill says it is "
              + LogSafe.quote(row.status()) + ": made outside the engine (in the provider's"
              + " console?)");
    } else if (state == LineState.NOT_REFUNDED && local.status() == RefundStatus.SUCCESS) {
      report(row, DiscrepancyType.REFUND_MISSING_AT_PROVIDER, local.refundFee(),
          Remedy.LEFT_TO_OPERATOR,
          "refunded locally at " + local.successDate() + ", the bill says the refund ended "
              + LogSafe.quote(row.status()) + " without paying out");
    }
  }

  /** What a refund line's status says about the money. */
  private enum LineState {
    REFUNDED, IN_PROGRESS, NOT_REFUNDED;

    /**
     * WeChat Pay's 退款状态 {@code PROCESSING} is in progress; {@code FAIL}, {@code CHANGE} (退款异常),
     * {@code REFUNDCLOSE} and {@code CLOSED} ended without the money. Anything else (SUCCESS, no
     * status, Alipay's lines, which list only refunds that happened) is compared as refunded, so
     * an unknown state still meets the strict comparison.
     */
    static LineState of(BillRow row) {
      String status = row.status() == null ? "" : row.status();
      return switch (status) {
        case "PROCESSING" -> IN_PROGRESS;
        case "FAIL", "CHANGE", "REFUNDCLOSE", "CLOSED" -> NOT_REFUNDED;
        default -> REFUNDED;
      };
    }
  }

  // ---------------------------------------------------------------- the day's local rows

  private void scanLocalPayments() {
    String after = null;
    while (true) {
      List<LocalPayment> page =
          store.paidBetween(provider, dayStart, dayEnd, after, settings.batchSize());
      if (page.isEmpty()) return;
      Set<String> present =
          store.billKeysPresent(
              claim, BillRow.Kind.PAYMENT, page.stream().map(LocalPayment::outTradeNo).toList());
      for (LocalPayment p : page) {
        if (!p.status().isPaid()) continue; // a pay_date without a paid status: edited by hand
        localPayments++;
        localPaymentTotal += p.totalFee();
        if (!present.contains(p.outTradeNo())) missingAtProvider(p);
      }
      after = page.get(page.size() - 1).outTradeNo();
      progress();
      if (page.size() < settings.batchSize()) return;
    }
  }

  private void missingAtProvider(LocalPayment p) {
    String detail = "paid locally at " + p.payDate() + " (status " + p.status() + ", transaction "
        + p.transactionId() + "); the bill has no line";
    if (nearBoundary(p.payDate())) {
      Repairs.Check check = repairs.confirmPayment(p.outTradeNo(), p.totalFee());
      if (check.confirmed()) {
        confirmed++;
        return;
      }
      detail += "; near midnight, and " + check.detail();
    }
    add(new Discrepancy(
        0, DiscrepancyType.PAID_LOCALLY_MISSING_AT_PROVIDER, p.outTradeNo(), null,
        p.transactionId(), -1, p.totalFee(), p.payDate(), Remedy.LEFT_TO_OPERATOR, detail));
  }

  private void scanLocalRefunds() {
    String after = null;
    while (true) {
      List<LocalRefund> page =
          store.refundedBetween(provider, dayStart, dayEnd, after, settings.batchSize());
      if (page.isEmpty()) return;
      Set<String> present =
          store.billKeysPresent(
              claim, BillRow.Kind.REFUND, page.stream().map(LocalRefund::outRefundNo).toList());
      for (LocalRefund r : page) {
        if (r.status() != RefundStatus.SUCCESS) continue;
        localRefunds++;
        localRefundTotal += r.refundFee();
        if (!present.contains(r.outRefundNo())) refundMissingAtProvider(r);
      }
      after = page.get(page.size() - 1).outRefundNo();
      progress();
      if (page.size() < settings.batchSize()) return;
    }
  }

  private void refundMissingAtProvider(LocalRefund r) {
    String detail = "refunded locally at " + r.successDate() + " (refund id " + r.refundId()
        + "); the bill has no line";
    if (nearBoundary(r.successDate())) {
      Repairs.Check check = repairs.confirmRefund(r.outTradeNo(), r.outRefundNo(), r.refundFee());
      if (check.confirmed()) {
        confirmed++;
        return;
      }
      detail += "; near midnight, and " + check.detail();
    }
    add(new Discrepancy(
        0, DiscrepancyType.REFUND_MISSING_AT_PROVIDER, r.outTradeNo(), r.outRefundNo(),
        r.refundId(), -1, r.refundFee(), r.successDate(), Remedy.LEFT_TO_OPERATOR, detail));
  }

  private boolean nearBoundary(Instant at) {
    Duration tolerance = settings.boundaryTolerance();
    return at != null
        && (at.isBefore(dayStart.plus(tolerance)) || !at.isBefore(dayEnd.minus(tolerance)));
  }

  // ---------------------------------------------------------------- findings

  private void report(
      BillRow row, DiscrepancyType type, long localAmount, Remedy remedy, String detail) {
    report(row, type, localAmount, new Repairs.Result(remedy, "", null), detail);
  }

  private void report(
      BillRow row, DiscrepancyType type, long localAmount, Repairs.Result result, String detail) {
    String providerId = row.kind() == BillRow.Kind.PAYMENT ? row.transactionId() : row.refundId();
    add(new Discrepancy(
        0, type, row.outTradeNo(), row.outRefundNo(), providerId, row.amount(), localAmount,
        row.time(), result.remedy(), "bill line " + row.line() + ": " + detail),
        result.resolution());
  }

  private void add(Discrepancy d) {
    add(d, null);
  }

  /** Counts, keeps and records {@code d}; a repaired one's ledger fact is resolved by {@code resolution}. */
  private void add(Discrepancy d, io.unipay.core.ledger.EventOutcome resolution) {
    counts.merge(d.type(), 1L, Long::sum);
    if (d.remedy() == Remedy.REPAIRED) repaired++;
    facts.record(d, d.remedy() == Remedy.REPAIRED ? resolution : null);
    found.add(d);
    if (found.size() >= settings.batchSize()) flush();
  }

  private void flush() {
    if (found.isEmpty()) return;
    store.addDiscrepancies(claim, List.copyOf(found));
    found.clear();
  }

  /** Renews the day's lease when half of it is spent; a lost claim ends the run. */
  private void progress() {
    Instant now = engine.clock().instant();
    if (now.isBefore(claim.leaseUntil().minus(settings.lease().dividedBy(2)))) return;
    claim = store.renewClaim(claim, now, settings.lease()).orElseThrow(
        () -> new UniPayException(
            ErrorCode.RECONCILIATION_IN_PROGRESS,
            provider.code() + " " + claim.day() + ": the lease ran out and another instance took"
                + " the day; this run stops"));
  }

  private static Set<String> keys(List<BillRow> rows, java.util.function.Function<BillRow, String> key) {
    Set<String> keys = new LinkedHashSet<>();
    for (BillRow row : rows) {
      String k = key.apply(row);
      if (k != null && !k.isEmpty() && k.length() <= MAX_KEY) keys.add(k);
    }
    return keys;
  }
}
