package io.unipay.wechat.bill;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.bill.BillRow;
import io.unipay.core.bill.BillSummary;
import io.unipay.core.bill.TradeBill;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The WeChat Pay trade bill parser on real-shaped files (test resources) and their mutations. */
class WechatTradeBillParserTest {
  private static final LocalDate DAY = LocalDate.of(2026, 1, 2);

  static String resource(String name) {
    try (InputStream in = WechatTradeBillParserTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TradeBill open(String csv) {
    return WechatTradeBillParser.forDay(DAY)
        .merchant("1230000109")
        .open(new ByteArrayInputStream(csv.getBytes(UTF_8)));
  }

  static List<BillRow> readAll(TradeBill bill) {
    List<BillRow> rows = new ArrayList<>();
    for (BillRow row; (row = bill.next()) != null; ) rows.add(row);
    return rows;
  }

  private static String sample() {
    return resource("tradebill-all.csv");
  }

  private static UniPayException failure(String csv) {
    try (TradeBill bill = open(csv)) {
      readAll(bill);
    } catch (UniPayException e) {
      return e;
    }
    throw new AssertionError("the bill parsed");
  }

  private static String mutate(UnaryOperator<String> change) {
    return change.apply(sample());
  }

  @Test
  void aRealShapedBillGivesTypedRowsInFenAndChecksItsTotals() {
    try (TradeBill bill = open(sample())) {
      List<BillRow> rows = readAll(bill);
      assertThat(rows).hasSize(4);
      BillRow first = rows.get(0);
      assertThat(first.kind()).isEqualTo(BillRow.Kind.PAYMENT);
      assertThat(first.time()).isEqualTo(Instant.parse("2026-01-02T01:15:02Z"));
      assertThat(first.appId()).isEqualTo("wxd678efh567hg6787");
      assertThat(first.merchantId()).isEqualTo("1230000109");
      assertThat(first.transactionId()).isEqualTo("4200001234202601020000000001");
      assertThat(first.outTradeNo()).isEqualTo("ORD20260102A1");
      assertThat(first.refundId()).isNull();
      assertThat(first.outRefundNo()).isNull();
      assertThat(first.amount()).isEqualTo(1234);
      assertThat(first.fee()).isEqualTo(7);
      assertThat(first.status()).isEqualTo("SUCCESS");
      assertThat(first.line()).isEqualTo(2);
      BillRow refund = rows.get(3);
      assertThat(refund.kind()).isEqualTo(BillRow.Kind.REFUND);
      assertThat(refund.outTradeNo()).isEqualTo("ORD20260102A2");
      assertThat(refund.refundId()).isEqualTo("50300000002026010200000000001");
      assertThat(refund.outRefundNo()).isEqualTo("RF20260102A2");
      assertThat(refund.amount()).isEqualTo(3000);
      assertThat(refund.fee()).isEqualTo(-18);
      assertThat(refund.status()).isEqualTo("SUCCESS");
      assertThat(bill.summary()).isEqualTo(new BillSummary(4, 11235, 3000, 49));
    }
  }

  @Test
  void aCommaInsideAFieldStaysInTheField() {
    try (TradeBill bill = open(sample())) {
      List<BillRow> rows = readAll(bill);
      assertThat(rows.get(1).amount()).isEqualTo(10000);
      assertThat(rows.get(1).fee()).isEqualTo(60);
    }
  }

  @Test
  void onlyTheLeadingBacktickOfAFieldIsQuotingAValueMayItselfStartWithOne() {
    // The third line's 商户数据包 is "`vip", written "``vip"; it must not shift any column.
    assertThat(sample()).contains(",``vip,");
    try (TradeBill bill = open(sample())) {
      assertThat(readAll(bill).get(2).amount()).isEqualTo(1);
    }
  }

  @Test
  void aFieldWithoutItsBacktickIsMalformed() {
    UniPayException e = failure(mutate(s -> s.replace(",`ORD20260102A1,", ",ORD20260102A1,")));
    assertThat(e.code()).isEqualTo(ErrorCode.BILL_MALFORMED);
    assertThat(e.getMessage()).contains("line 2").contains("27");
  }

  @Test
  void anEmptyDayIsAHeaderAndZeroTotalsAndGivesNoRows() {
    try (TradeBill bill = open(resource("tradebill-empty.csv"))) {
      assertThat(bill.next()).isNull();
      assertThat(bill.summary()).isEqualTo(new BillSummary(0, 0, 0, 0));
      assertThat(bill.next()).isNull();
    }
  }

  @Test
  void theSummaryIsUnknownUntilTheLastRowWasRead() {
    try (TradeBill bill = open(sample())) {
      bill.next();
      assertThatThrownBy(bill::summary).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void anUnknownColumnIsMalformedAndNamed() {
    UniPayException e = failure(mutate(s -> s.replace("费率备注\r\n", "费率备注,优惠标记\r\n")));
    assertThat(e.code()).isEqualTo(ErrorCode.BILL_MALFORMED);
    assertThat(e.getMessage()).contains("line 1").contains("#28").contains("unknown column \"优惠标记\"");
  }

  @Test
  void aRenamedColumnIsMalformedAndNamed() {
    UniPayException e = failure(mutate(s -> s.replaceFirst("商户订单号", "商家订单号")));
    assertThat(e.getMessage()).contains("line 1").contains("#7").contains("商家订单号");
  }

  @Test
  void aMissingColumnIsMalformed() {
    UniPayException e = failure(mutate(s -> s.replace(",费率备注\r\n", "\r\n")));
    assertThat(e.getMessage()).contains("lacks column 费率备注");
  }

  @Test
  void twoColumnsInAnotherOrderAreMalformed() {
    UniPayException e = failure(mutate(s -> s.replace("订单金额,申请退款金额", "申请退款金额,订单金额")));
    assertThat(e.getMessage()).contains("#25").contains("where 订单金额 belongs");
  }

  @Test
  void anAmountWithThreeDecimalsIsMalformedNamingLineAndColumn() {
    UniPayException e = failure(mutate(s -> s.replace(",`12.34,`0.00,`\r\n", ",`12.345,`0.00,`\r\n")));
    assertThat(e.code()).isEqualTo(ErrorCode.BILL_MALFORMED);
    assertThat(e.getMessage()).contains("line 2").contains("column 订单金额").contains("12.345");
  }

  @Test
  void amountsInOtherNotationsAreMalformed() {
    for (String bad : List.of("1e2", "+12.34", "012.34", "12.", ".5", "12,34", "-12.34", " 12.34")) {
      UniPayException e =
          failure(mutate(s -> s.replace(",`12.34,`0.00,`\r\n", ",`" + bad + ",`0.00,`\r\n")));
      assertThat(e.getMessage()).as(bad).contains("line 2").contains("订单金额");
    }
  }

  @Test
  void aFeeThatIsNotAWholeNumberOfFenIsMalformed() {
    UniPayException e = failure(mutate(s -> s.replace("`0.07000", "`0.07404")));
    assertThat(e.getMessage()).contains("column 手续费").contains("whole number of fen");
  }

  @Test
  void totalsThatDisagreeWithTheLinesAreMalformed() {
    UniPayException e = failure(mutate(s -> s.replace("`4,`112.35,`30.00,`0.00,`0.49000,`112.35",
        "`4,`112.35,`30.00,`0.00,`0.49000,`112.36")));
    assertThat(e.getMessage())
        .contains("line 7")
        .contains("column 订单总金额")
        .contains("states 112.36")
        .contains("add up to 112.35");
  }

  @Test
  void aRowCountThatDisagreesIsMalformed() {
    UniPayException e = failure(mutate(s -> s.replace("`4,`112.35", "`5,`112.35")));
    assertThat(e.getMessage()).contains("column 总交易单数");
  }

  @Test
  void aFileWithoutItsTotalsSectionIsTruncatedAndMalformed() {
    String csv = sample().substring(0, sample().indexOf("总交易单数"));
    UniPayException e = failure(csv);
    assertThat(e.getMessage()).contains("line 6").contains("truncated");
  }

  @Test
  void rowsReadBeforeATruncationAreReturnedThenTheFailureRepeats() {
    String csv = sample().substring(0, sample().indexOf("总交易单数"));
    try (TradeBill bill = open(csv)) {
      assertThat(bill.next()).isNotNull();
      assertThat(bill.next()).isNotNull();
      assertThat(bill.next()).isNotNull();
      assertThat(bill.next()).isNotNull();
      UniPayException first = catchFailure(bill);
      assertThat(catchFailure(bill)).isSameAs(first);
    }
  }

  private static UniPayException catchFailure(TradeBill bill) {
    try {
      bill.next();
    } catch (UniPayException e) {
      return e;
    }
    throw new AssertionError("no failure");
  }

  @Test
  void contentAfterTheTotalsLineIsMalformed() {
    UniPayException e = failure(sample() + "`more\r\n");
    assertThat(e.getMessage()).contains("line 8").contains("after the totals");
  }

  @Test
  void aPaymentLineWithARefundIdIsMalformed() {
    UniPayException e =
        failure(mutate(s -> s.replaceFirst(",`0,`0,`0.00,`0.00,`,`,`VIP", ",`503,`0,`0.00,`0.00,`,`,`VIP")));
    assertThat(e.getMessage()).contains("line 2").contains("微信退款单号");
  }

  @Test
  void aRefundLineWithoutItsRefundNumberIsMalformed() {
    UniPayException e = failure(mutate(s -> s.replace("`RF20260102A2", "`0")));
    assertThat(e.getMessage()).contains("line 5").contains("商户退款单号");
  }

  @Test
  void anUnknownTradeStateIsMalformed() {
    UniPayException e = failure(mutate(s -> s.replaceFirst("`JSAPI,`SUCCESS", "`JSAPI,`PAYERROR")));
    assertThat(e.getMessage()).contains("column 交易状态").contains("PAYERROR");
  }

  @Test
  void aTimeThatIsNoCalendarTimeIsMalformed() {
    UniPayException e = failure(mutate(s -> s.replace("2026-01-02 09:15:02", "2026-02-30 09:15:02")));
    assertThat(e.getMessage()).contains("column 交易时间");
  }

  @Test
  void aLineForAnotherMerchantIsRefused() {
    UniPayException e = failure(mutate(s -> s.replaceFirst("`1230000109", "`1999999999")));
    assertThat(e.getMessage()).contains("line 2").contains("商户号").contains("1999999999");
  }

  @Test
  void bytesThatAreNotUtf8AreMalformed() {
    byte[] csv = sample().getBytes(UTF_8);
    int at = new String(csv, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("VIP");
    csv[at] = (byte) 0xff;
    try (TradeBill bill =
        WechatTradeBillParser.forDay(DAY).open(new ByteArrayInputStream(csv))) {
      assertThatThrownBy(() -> readAll(bill))
          .isInstanceOfSatisfying(UniPayException.class,
              e -> assertThat(e.getMessage()).contains("line 2").contains("UTF-8"));
    }
  }

  @Test
  void anEndlessLineIsRefusedWithoutReadingItWhole() {
    String csv = sample().replace("VIP 月卡", "x".repeat(70_000));
    assertThat(failure(csv).getMessage()).contains("line 2").contains("longer than");
  }

  @Test
  void theEndCheckRunsOnceAfterTheTotalsAndItsFailureIsTheBillsFailure() {
    int[] runs = {0};
    try (TradeBill bill =
        WechatTradeBillParser.forDay(DAY)
            .atEnd(() -> {
              runs[0]++;
              throw new UniPayException(ErrorCode.BILL_MALFORMED, "hash");
            })
            .open(new ByteArrayInputStream(sample().getBytes(UTF_8)))) {
      for (int i = 0; i < 4; i++) assertThat(bill.next()).isNotNull();
      assertThat(runs[0]).isZero();
      assertThatThrownBy(bill::next).hasMessageEndingWith("hash");
      assertThatThrownBy(bill::next).hasMessageEndingWith("hash");
      assertThat(runs[0]).isEqualTo(1);
    }
  }

  @Test
  void anEmptyFileIsMalformed() {
    assertThat(failure("").getMessage()).contains("empty");
  }
}
