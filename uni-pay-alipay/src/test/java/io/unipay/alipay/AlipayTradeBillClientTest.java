package io.unipay.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.bill.BillRow;
import io.unipay.core.bill.BillSummary;
import io.unipay.core.bill.TradeBill;
import io.unipay.core.fake.MutableClock;
import io.unipay.core.order.PayType;
import io.unipay.core.spi.PrepayRequest;
import io.unipay.core.spi.RefundCommand;
import io.unipay.testkit.BillFault;
import io.unipay.testkit.alipay.AlipaySimulator;
import io.unipay.testkit.alipay.Fault;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AlipayClient#openTradeBill} against the simulator over loopback HTTP, with real RSA2
 * signing: the signed URL answer, the unsigned ZIP download, GBK and the strict parser.
 */
class AlipayTradeBillClientTest {
  static final LocalDate DAY = LocalDate.of(2026, 1, 2);
  /** 09:00 on {@link #DAY}, China time. */
  static final Instant MORNING = Instant.parse("2026-01-02T01:00:00Z");
  /** 12:30 the next day, China time: the bill is ready and "no bill" is final. */
  static final Instant NEXT_NOON = Instant.parse("2026-01-03T04:30:00Z");

  final MutableClock clock = new MutableClock(MORNING);
  final AlipaySimulator alipay = AlipaySimulator.builder().clock(clock).start();
  final AlipayClient client =
      new AlipayClient(
          AlipayConfig.builder()
              .appId(alipay.appId())
              .appPrivateKey(TestKeys.pkcs1Pem(alipay.appPrivateKeyPem()))
              .alipayPublicKey(TestKeys.bare(alipay.alipayPublicKeyPem()))
              .sellerId(alipay.sellerId())
              .gatewayUrl(alipay.gatewayUrl())
              .clock(clock)
              .build());

  @AfterEach
  void stop() {
    client.close();
    alipay.close();
  }

  static List<BillRow> readAll(TradeBill bill) {
    List<BillRow> rows = new ArrayList<>();
    for (BillRow row; (row = bill.next()) != null; ) rows.add(row);
    return rows;
  }

  private void order(String outTradeNo, long fen, String subject) {
    client.prepay(new PrepayRequest(outTradeNo, PayType.NATIVE, fen, "CNY", subject,
        "http://127.0.0.1:1/notify", MORNING.plus(Duration.ofDays(2)), null, null, null));
  }

  /** Three payments and a partial refund on DAY; the clock is then at {@code then}. */
  void tradeADay(Instant then) {
    order("ABILL0001", 1234, "VIP 月卡");
    order("ABILL0002", 10000, "T-shirt, red");
    order("ABILL0003", 83, "小额");
    alipay.pay("ABILL0001");
    clock.advance(Duration.ofHours(2));
    alipay.pay("ABILL0002");
    clock.advance(Duration.ofHours(3));
    alipay.pay("ABILL0003");
    clock.advance(Duration.ofHours(1));
    client.refund(new RefundCommand("ABILL0002", null, "ARF0001", 3000, 10000, "CNY", "size", null));
    clock.advance(Duration.between(clock.instant(), then));
  }

  private void assertFails(ErrorCode code, String message) {
    assertThatThrownBy(() -> client.openTradeBill(DAY))
        .isInstanceOfSatisfying(UniPayException.class, e -> {
          assertThat(e.code()).isEqualTo(code);
          assertThat(e.getMessage()).contains(message);
        });
  }

  @Test
  void aDayWithPaymentsAndARefundGivesEveryLineWithFeesAndCheckedTotals() {
    tradeADay(NEXT_NOON);
    try (TradeBill bill = client.openTradeBill(DAY)) {
      List<BillRow> rows = readAll(bill);
      assertThat(rows).extracting(BillRow::kind).containsExactly(
          BillRow.Kind.PAYMENT, BillRow.Kind.PAYMENT, BillRow.Kind.PAYMENT, BillRow.Kind.REFUND);
      assertThat(rows).extracting(BillRow::outTradeNo)
          .containsExactly("ABILL0001", "ABILL0002", "ABILL0003", "ABILL0002");
      assertThat(rows).extracting(BillRow::amount).containsExactly(1234L, 10000L, 83L, 3000L);
      assertThat(rows).extracting(BillRow::fee).containsExactly(7L, 60L, 0L, -18L);
      assertThat(rows.get(0).time()).isEqualTo(MORNING);
      assertThat(rows.get(0).merchantId()).isEqualTo(alipay.sellerId());
      assertThat(rows.get(3).outRefundNo()).isEqualTo("ARF0001");
      assertThat(rows.get(3).transactionId()).isEqualTo(rows.get(1).transactionId());
      assertThat(rows.get(3).time()).isEqualTo(MORNING.plus(Duration.ofHours(6)));
      assertThat(bill.summary()).isEqualTo(new BillSummary(4, 11317, 3000, 49));
    }
    assertThat(alipay.bills().downloadsServed()).isEqualTo(1);
  }

  @Test
  void aGbkSubjectAndAQuotedCommaArriveIntact() {
    tradeADay(NEXT_NOON);
    try (TradeBill bill = client.openTradeBill(DAY)) {
      // "VIP 月卡" is GBK on the wire; "T-shirt, red" is quoted: neither shifts a column.
      assertThat(readAll(bill)).extracting(BillRow::amount).startsWith(1234L, 10000L);
    }
  }

  @Test
  void aConsoleRefundTheEngineNeverMadeIsInTheBill() {
    tradeADay(NEXT_NOON);
    alipay.bills().addExternalRefund("ABILL0001", "CONSOLE-1", 234,
        Instant.parse("2026-01-02T12:00:00Z"));
    try (TradeBill bill = client.openTradeBill(DAY)) {
      BillRow console = readAll(bill).get(4);
      assertThat(console.kind()).isEqualTo(BillRow.Kind.REFUND);
      assertThat(console.outRefundNo()).isEqualTo("CONSOLE-1");
      assertThat(console.amount()).isEqualTo(234);
      assertThat(bill.summary().refundTotal()).isEqualTo(3234);
    }
  }

  @Test
  void aQuietDayWithAnEmptyBillGivesNoRows() {
    alipay.bills().serveEmptyBillsOnQuietDays(true);
    clock.advance(Duration.between(MORNING, NEXT_NOON));
    try (TradeBill bill = client.openTradeBill(DAY)) {
      assertThat(bill.next()).isNull();
      assertThat(bill.summary()).isEqualTo(new BillSummary(0, 0, 0, 0));
    }
  }

  @Test
  void aDayWithoutABillIsNotAvailableOnceTheNextNoonHasPassed() {
    clock.advance(Duration.between(MORNING, NEXT_NOON));
    assertFails(ErrorCode.BILL_NOT_AVAILABLE, "isp.bill_not_exist");
    tradeADay(NEXT_NOON.plus(Duration.ofDays(1)));
    alipay.bills().noBill(DAY);
    assertFails(ErrorCode.BILL_NOT_AVAILABLE, "isp.bill_not_exist");
  }

  @Test
  void noBillEarlyTheNextMorningIsNotReady() {
    tradeADay(Instant.parse("2026-01-03T00:00:00Z")); // 08:00: Alipay has not generated it
    assertFails(ErrorCode.BILL_NOT_READY, "isp.bill_not_exist");
  }

  @Test
  void aBillNotGeneratedByTenIsNotReady() {
    tradeADay(Instant.parse("2026-01-03T02:00:00Z")); // 10:00
    alipay.bills().notReady(DAY);
    assertFails(ErrorCode.BILL_NOT_READY, "ask again later");
  }

  @Test
  void todaysBillIsNotReadyWithoutAskingAlipay() {
    assertFails(ErrorCode.BILL_NOT_READY, "has not ended");
    assertThat(alipay.truth().calls()).isEmpty();
  }

  @Test
  void aDownloadUrlUsedAfterItsThirtySecondsIsUnavailable() {
    tradeADay(NEXT_NOON);
    alipay.bills().fault(DAY, BillFault.EXPIRED_URL);
    assertFails(ErrorCode.PROVIDER_UNAVAILABLE, "30 s");
    assertThat(alipay.bills().downloadsServed()).isZero();
  }

  @Test
  void aDownloadUrlAnswerWithABadSignatureIsRefused() {
    tradeADay(NEXT_NOON);
    alipay.faults().injectFault("alipay.data.dataservice.bill.downloadurl.query",
        Fault.BAD_RESPONSE_SIGNATURE, 1);
    assertFails(ErrorCode.SIGNATURE_INVALID, "does not verify");
    assertThat(alipay.bills().downloadsServed()).isZero();
  }

  @Test
  void aTruncatedBodyIsMalformed() {
    assertMalformed(BillFault.TRUNCATED_BODY, "cannot be read");
  }

  @Test
  void aBillWithoutItsTotalsIsMalformed() {
    assertMalformed(BillFault.MISSING_TOTALS, "truncated");
  }

  @Test
  void aMalformedAmountIsMalformedNamingLineAndColumn() {
    assertMalformed(BillFault.MALFORMED_AMOUNT, "line 6, column 订单金额（元）");
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
    assertMalformed(BillFault.TOTALS_MISMATCH, "column 订单金额（元）");
  }

  private void assertMalformed(BillFault fault, String message) {
    tradeADay(NEXT_NOON);
    alipay.bills().fault(DAY, fault);
    try (TradeBill bill = client.openTradeBill(DAY)) {
      assertThatThrownBy(() -> readAll(bill))
          .isInstanceOfSatisfying(UniPayException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BILL_MALFORMED);
            assertThat(e.getMessage()).contains(message);
          });
    }
  }
}
