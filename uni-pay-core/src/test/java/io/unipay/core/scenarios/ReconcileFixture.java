package io.unipay.core.scenarios;

import io.unipay.core.CreateOrderResult;
import io.unipay.core.NotifyResponse;
import io.unipay.core.RefundRequest;
import io.unipay.core.Reconciler;
import io.unipay.core.UniPay;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.Provider;
import io.unipay.core.order.Refund;
import io.unipay.core.reconcile.Discrepancy;
import io.unipay.core.reconcile.DiscrepancyType;
import io.unipay.core.reconcile.ReconciliationReport;
import io.unipay.core.spi.OrderRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * An {@link EdgeEngine} whose fake providers book on the engine's clock, set on a business day
 * (2026-03-01, 16:00 in Shanghai), with shortcuts for paying, refunding and reconciling it.
 */
public final class ReconcileFixture {
  /** The business day of the scenarios. */
  public static final LocalDate DAY = LocalDate.of(2026, 3, 1);

  public final EdgeEngine e;

  public ReconcileFixture(OrderRepository repository) {
    this.e = new EdgeEngine(repository);
    e.wechat.useClock(e.clock);
    e.alipay.useClock(e.clock);
  }

  /** A WeChat order of {@code fee} fen paid with its notification delivered. */
  public String paid(String orderNo, long fee) {
    String outTradeNo = unpaid(orderNo, fee);
    NotifyResponse answer = e.pay.handleNotify(e.wechat.pay(outTradeNo));
    if (!answer.success()) throw new AssertionError("notification refused: " + answer);
    return outTradeNo;
  }

  /** A WeChat order of {@code fee} fen, not paid. */
  public String unpaid(String orderNo, long fee) {
    CreateOrderResult created = e.create(orderNo, fee, Provider.WXPAY);
    return created.outTradeNo();
  }

  /** A refund of {@code fee} fen through the engine (the provider answers SUCCESS). */
  public Refund refund(String outTradeNo, long fee) {
    return e.pay.refund(RefundRequest.of(outTradeNo, fee, "returned"));
  }

  /** Moves the clock to {@code at}. */
  public void at(Instant at) {
    Duration by = Duration.between(e.clock.instant(), at);
    if (by.isNegative()) throw new IllegalArgumentException("the clock does not go back");
    e.clock.advance(by);
  }

  /** Moves the clock to 11:00 in Shanghai the day after {@link #DAY}, when bills are due. */
  public void nextMorning() {
    at(Instant.parse("2026-03-02T03:00:00Z"));
  }

  public Reconciler reconciler() {
    return e.pay.reconciler();
  }

  public ReconciliationReport reconcile() {
    return e.pay.reconciler().reconcile(Provider.WXPAY, DAY);
  }

  public ReconciliationReport reconcileAgain() {
    return e.pay.reconciler().reconcile(Provider.WXPAY, DAY, true);
  }

  /** The report's discrepancies of one type. */
  public static List<Discrepancy> of(ReconciliationReport report, DiscrepancyType type) {
    return report.discrepancies().stream().filter(d -> d.type() == type).toList();
  }

  /** The ledger's unresolved facts. */
  public List<ProviderEvent> unresolved() {
    return e.pay.ledger().unresolved(1000);
  }

  /** The ledger's facts about one payment order. */
  public List<ProviderEvent> facts(String outTradeNo) {
    return e.pay.ledger().events(outTradeNo);
  }

  /** A second application instance on {@code repository}, sharing the providers and handler. */
  public UniPay secondInstance(OrderRepository repository) {
    return UniPay.builder()
        .repository(repository)
        .payClient(e.wechat)
        .payClient(e.alipay)
        .handler("vip", e.handler)
        .notifyBaseUrl("https://shop.example.com/notify")
        .clock(e.clock)
        .build();
  }
}
