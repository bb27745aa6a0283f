package io.unipay.core.fake;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.bill.BillRow;
import io.unipay.core.bill.BillSummary;
import io.unipay.core.bill.TradeBill;
import io.unipay.core.order.Provider;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.spi.RefundSnapshot;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The trade bills of a {@link FakePayClient}: by default derived from its own trades and refunds
 * (payments by success time, refunds by refund time, each on its Asia/Shanghai day), or served
 * from rows a test gives; with faults a test injects (not ready, no bill, a line left out, an
 * amount changed, a payment booked at another time).
 */
public final class FakeBills {
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  private final FakePayClient client;
  private final Map<LocalDate, Supplier<Iterator<BillRow>>> given = new ConcurrentHashMap<>();
  private final Map<LocalDate, AtomicInteger> notReady = new ConcurrentHashMap<>();
  private final Set<LocalDate> none = ConcurrentHashMap.newKeySet();
  private final Set<String> omitted = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> amounts = new ConcurrentHashMap<>();
  private final Map<String, Instant> bookedAt = new ConcurrentHashMap<>();
  public final AtomicInteger opened = new AtomicInteger();

  /** A paid trade as the provider books it. */
  record Paid(String outTradeNo, long amount, String transactionId, Instant paidAt) {}

  FakeBills(FakePayClient client) {
    this.client = client;
  }

  /** The bill of {@code day} is these rows (read afresh at every open), not the derived one. */
  public FakeBills serve(LocalDate day, Supplier<Iterator<BillRow>> rows) {
    given.put(day, rows);
    return this;
  }

  /** The next {@code times} opens of {@code day}'s bill answer BILL_NOT_READY. */
  public FakeBills notReady(LocalDate day, int times) {
    notReady.put(day, new AtomicInteger(times));
    return this;
  }

  /** The provider has no bill for {@code day} (BILL_NOT_AVAILABLE). */
  public FakeBills none(LocalDate day) {
    none.add(day);
    return this;
  }

  /** The line of this out_trade_no (payment) or out_refund_no (refund) is left out. */
  public FakeBills omit(String key) {
    omitted.add(key);
    return this;
  }

  /** The line of this out_trade_no or out_refund_no says {@code amount} fen. */
  public FakeBills amount(String key, long amount) {
    amounts.put(key, amount);
    return this;
  }

  /** The provider books this payment at {@code at} in its bills (e.g. across midnight). */
  public FakeBills bookAt(String outTradeNo, Instant at) {
    bookedAt.put(outTradeNo, at);
    return this;
  }

  TradeBill open(LocalDate day) {
    opened.incrementAndGet();
    AtomicInteger waits = notReady.get(day);
    if (waits != null && waits.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new UniPayException(ErrorCode.BILL_NOT_READY, "the bill of " + day + " is not ready");
    }
    if (none.contains(day)) {
      throw new UniPayException(ErrorCode.BILL_NOT_AVAILABLE, "no bill for " + day);
    }
    Supplier<Iterator<BillRow>> rows = given.get(day);
    return new Bill(client.provider(), day, rows != null ? rows.get() : derived(day).iterator());
  }

  private List<BillRow> derived(LocalDate day) {
    List<BillRow> rows = new ArrayList<>();
    for (Paid p : client.paidTrades()) {
      Instant at = bookedAt.getOrDefault(p.outTradeNo(), p.paidAt());
      if (!at.atZone(SHANGHAI).toLocalDate().equals(day) || omitted.contains(p.outTradeNo())) {
        continue;
      }
      long amount = amounts.getOrDefault(p.outTradeNo(), p.amount());
      rows.add(new BillRow(BillRow.Kind.PAYMENT, at, client.appId(io.unipay.core.order.PayType.NATIVE).orElse(null),
          client.merchantId(), p.transactionId(), p.outTradeNo(), null, null, amount,
          amount * 6 / 1000, "SUCCESS", 0));
    }
    for (RefundSnapshot r : client.refundsAtProvider()) {
      if (r.status() != RefundStatus.SUCCESS || r.successAt() == null) continue;
      if (!r.successAt().atZone(SHANGHAI).toLocalDate().equals(day)) continue;
      if (omitted.contains(r.outRefundNo())) continue;
      long amount = amounts.getOrDefault(r.outRefundNo(), r.refundFee());
      rows.add(new BillRow(BillRow.Kind.REFUND, r.successAt(), null, client.merchantId(),
          "T" + r.outTradeNo(), r.outTradeNo(), r.refundId(), r.outRefundNo(), amount,
          -(amount * 6 / 1000), "REFUND", 0));
    }
    rows.sort(Comparator.comparing(BillRow::time));
    List<BillRow> numbered = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      BillRow r = rows.get(i);
      numbered.add(new BillRow(r.kind(), r.time(), r.appId(), r.merchantId(), r.transactionId(),
          r.outTradeNo(), r.refundId(), r.outRefundNo(), r.amount(), r.fee(), r.status(), i + 2));
    }
    return numbered;
  }

  /** A bill over an iterator of rows, summing as it goes. */
  private static final class Bill implements TradeBill {
    private final Provider provider;
    private final LocalDate day;
    private final Iterator<BillRow> rows;
    private long count, payments, refunds, fees;
    private boolean done;
    private boolean closed;

    Bill(Provider provider, LocalDate day, Iterator<BillRow> rows) {
      this.provider = provider;
      this.day = day;
      this.rows = rows;
    }

    @Override
    public Provider provider() {
      return provider;
    }

    @Override
    public LocalDate day() {
      return day;
    }

    @Override
    public BillRow next() {
      if (closed) throw new IllegalStateException("closed");
      if (!rows.hasNext()) {
        done = true;
        return null;
      }
      BillRow row = rows.next();
      count++;
      if (row.kind() == BillRow.Kind.PAYMENT) payments += row.amount();
      else refunds += row.amount();
      fees += row.fee();
      return row;
    }

    @Override
    public BillSummary summary() {
      if (!done) throw new IllegalStateException("read the lines first");
      return new BillSummary(count, payments, refunds, fees);
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
