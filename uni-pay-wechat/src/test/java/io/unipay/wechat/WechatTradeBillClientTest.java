package io.unipay.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.UniPayException;
import io.unipay.core.bill.BillRow;
import io.unipay.core.bill.BillSummary;
import io.unipay.core.bill.TradeBill;
import io.unipay.core.fake.MutableClock;
import io.unipay.testkit.BillFault;
import io.unipay.testkit.wechat.Fault;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link WechatPayClient#openTradeBill} against the simulator over loopback HTTP, with real
 * signing: the signed answer, the signed download, GZIP, SHA1 and the strict parser.
 */
class WechatTradeBillClientTest {
  static final LocalDate DAY = BillDay.DAY;
  static final Instant MORNING = BillDay.MORNING;
  static final Instant NEXT_MORNING = BillDay.NEXT_MORNING;

  private final BillDay day = new BillDay();
  private final MutableClock clock = day.clock;

  private Harness harness() {
    return day.harness();
  }

  private void tradeADay(Harness h) {
    day.trade(h);
  }

  static List<BillRow> readAll(TradeBill bill) {
    List<BillRow> rows = new ArrayList<>();
    for (BillRow row; (row = bill.next()) != null; ) rows.add(row);
    return rows;
  }

  @Test
  void aDayWithPaymentsAndARefundGivesEveryLineWithFeesAndCheckedTotals() {
    try (Harness h = harness()) {
      tradeADay(h);
      try (TradeBill bill = h.client.openTradeBill(DAY)) {
        List<BillRow> rows = readAll(bill);
        assertThat(rows).extracting(BillRow::kind).containsExactly(
            BillRow.Kind.PAYMENT, BillRow.Kind.PAYMENT, BillRow.Kind.PAYMENT, BillRow.Kind.REFUND);
        assertThat(rows).extracting(BillRow::outTradeNo).containsExactly(
            "BILLPAY00001", "BILLPAY00002", "BILLPAY00003", "BILLPAY00002");
        assertThat(rows).extracting(BillRow::amount).containsExactly(1234L, 10000L, 83L, 3000L);
        // 0.6 % rounded half up per line; a refund returns its share.
        assertThat(rows).extracting(BillRow::fee).containsExactly(7L, 60L, 0L, -18L);
        BillRow first = rows.get(0);
        assertThat(first.time()).isEqualTo(MORNING);
        assertThat(first.transactionId())
            .isEqualTo(h.sim.trade("BILLPAY00001").orElseThrow().transactionId());
        assertThat(first.appId()).isEqualTo(h.sim.appId());
        assertThat(first.merchantId()).isEqualTo(h.sim.mchid());
        BillRow refund = rows.get(3);
        assertThat(refund.outRefundNo()).isEqualTo("BILLRF000001");
        assertThat(refund.refundId()).isEqualTo(h.sim.refund("BILLRF000001").orElseThrow().refundId());
        assertThat(refund.status()).isEqualTo("SUCCESS");
        assertThat(refund.transactionId()).isEqualTo(rows.get(1).transactionId());
        assertThat(bill.summary()).isEqualTo(new BillSummary(4, 11317, 3000, 49));
      }
      assertThat(h.sim.bills().downloadsServed()).isEqualTo(1);
    }
  }

  @Test
  void aProductNameWithACommaIsOneFieldOnTheWire() {
    try (Harness h = harness()) {
      tradeADay(h);
      assertThat(h.sim.bills().tradeBillCsv(DAY)).contains(",`T-shirt, red,");
      try (TradeBill bill = h.client.openTradeBill(DAY)) {
        assertThat(readAll(bill).get(1).amount()).isEqualTo(10000);
      }
    }
  }

  @Test
  void aConsoleRefundTheEngineNeverMadeIsInTheBill() {
    try (Harness h = harness()) {
      tradeADay(h);
      String refundId = h.sim.bills().addExternalRefund("BILLPAY00001", "CONSOLE-RF-1", 234,
          Instant.parse("2026-01-02T12:00:00Z"));
      try (TradeBill bill = h.client.openTradeBill(DAY)) {
        BillRow console = readAll(bill).get(4);
        assertThat(console.kind()).isEqualTo(BillRow.Kind.REFUND);
        assertThat(console.refundId()).isEqualTo(refundId);
        assertThat(console.outRefundNo()).isEqualTo("CONSOLE-RF-1");
        assertThat(console.amount()).isEqualTo(234);
        assertThat(console.fee()).isEqualTo(-1);
        assertThat(bill.summary().refundTotal()).isEqualTo(3234);
      }
    }
  }

  @Test
  void aQuietDayWithAnEmptyBillGivesNoRows() {
    try (Harness h = harness()) {
      h.sim.bills().serveEmptyBillsOnQuietDays(true);
      clock.advance(Duration.between(MORNING, NEXT_MORNING));
      try (TradeBill bill = h.client.openTradeBill(DAY)) {
        assertThat(bill.next()).isNull();
        assertThat(bill.summary()).isEqualTo(new BillSummary(0, 0, 0, 0));
      }
    }
  }

  @Test
  void aDayWithoutABillIsNotAvailable() {
    try (Harness h = harness()) {
      clock.advance(Duration.between(MORNING, NEXT_MORNING));
      assertThatThrownBy(() -> h.client.openTradeBill(DAY))
          .isInstanceOfSatisfying(UniPayException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BILL_NOT_AVAILABLE);
            assertThat(e.getMessage()).contains("NO_STATEMENT_EXIST");
          });
      tradeADayAnd(h, () -> h.sim.bills().noBill(DAY));
    }
  }

  private void tradeADayAnd(Harness h, Runnable control) {
    control.run();
    assertThatThrownBy(() -> h.client.openTradeBill(DAY))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.BILL_NOT_AVAILABLE));
  }

  @Test
  void aBillBeingGeneratedIsNotReady() {
    try (Harness h = harness()) {
      tradeADay(h);
      h.sim.bills().notReady(DAY);
      assertThatThrownBy(() -> h.client.openTradeBill(DAY))
          .isInstanceOfSatisfying(UniPayException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BILL_NOT_READY);
            assertThat(e.getMessage()).contains("STATEMENT_CREATING");
          });
    }
  }

  @Test
  void beforeTenTheNextMorningTheBillIsNotReady() {
    try (Harness h = harness()) {
      tradeADay(h);
      clock.advance(Duration.ofHours(-1)); // 09:30
      assertThatThrownBy(() -> h.client.openTradeBill(DAY))
          .isInstanceOfSatisfying(UniPayException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.BILL_NOT_READY));
    }
  }

  @Test
  void todaysBillIsNotReadyWithoutAskingWechatPay() {
    try (Harness h = harness()) {
      int before = h.sim.requestCount();
      assertThatThrownBy(() -> h.client.openTradeBill(DAY))
          .isInstanceOfSatisfying(UniPayException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BILL_NOT_READY);
            assertThat(e.getMessage()).contains("has not ended");
          });
      assertThat(h.sim.requestCount()).isEqualTo(before);
    }
  }

  @Test
  void anUnsignedNoBillAnswerIsNotTakenForNoBill() {
    try (Harness h = harness()) {
      clock.advance(Duration.between(MORNING, NEXT_MORNING));
      h.sim.inject(Fault.UNSIGNED_RESPONSE, 1);
      assertThatThrownBy(() -> h.client.openTradeBill(DAY))
          .isInstanceOfSatisfying(ProviderRejectedException.class, e -> {
            assertThat(e.providerCode()).isEqualTo("NO_STATEMENT_EXIST");
            assertThat(e.isDefinite()).isFalse();
          });
    }
  }

  @Test
  void aDownloadUrlAnswerWithABadSignatureIsRefused() {
    try (Harness h = harness()) {
      tradeADay(h);
      h.sim.inject(Fault.BAD_RESPONSE_SIGNATURE, 1);
      assertThatThrownBy(() -> h.client.openTradeBill(DAY))
          .isInstanceOfSatisfying(UniPayException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID));
      assertThat(h.sim.bills().downloadsServed()).isZero();
    }
  }

  @Test
  void aHashMismatchFailsTheBillAtItsEndAfterTheRowsWereReturned() {
    try (Harness h = harness()) {
      tradeADay(h);
      h.sim.bills().fault(DAY, BillFault.WRONG_HASH);
      try (TradeBill bill = h.client.openTradeBill(DAY)) {
        for (int i = 0; i < 4; i++) assertThat(bill.next()).isNotNull();
        assertThatThrownBy(bill::next)
            .isInstanceOfSatisfying(UniPayException.class, e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.BILL_MALFORMED);
              assertThat(e.getMessage()).contains("SHA1").contains("unconfirmed");
            });
        assertThatThrownBy(bill::summary).isInstanceOf(IllegalStateException.class);
      }
    }
  }

  @Test
  void aTruncatedBodyIsMalformed() {
    assertMalformed(BillFault.TRUNCATED_BODY, "cannot be read");
  }

  @Test
  void aFileWithoutItsTotalsIsMalformed() {
    assertMalformed(BillFault.MISSING_TOTALS, "truncated");
  }

  @Test
  void aMalformedAmountIsMalformedNamingLineAndColumn() {
    assertMalformed(BillFault.MALFORMED_AMOUNT, "line 2, column 订单金额");
  }

  @Test
  void anUnknownColumnIsMalformed() {
    assertMalformed(BillFault.UNKNOWN_COLUMN, "unknown column \"优惠标记\"");
  }

  @Test
  void aChangedHeaderIsMalformed() {
    assertMalformed(BillFault.CHANGED_HEADER, "商家订单号");
  }

  @Test
  void totalsThatDisagreeAreMalformed() {
    assertMalformed(BillFault.TOTALS_MISMATCH, "column 订单总金额");
  }

  private void assertMalformed(BillFault fault, String message) {
    try (Harness h = harness()) {
      tradeADay(h);
      h.sim.bills().fault(DAY, fault);
      try (TradeBill bill = h.client.openTradeBill(DAY)) {
        assertThatThrownBy(() -> readAll(bill))
            .isInstanceOfSatisfying(UniPayException.class, e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.BILL_MALFORMED);
              assertThat(e.getMessage()).contains(message);
            });
      }
    }
  }
}
