package io.unipay.alipay.bill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.bill.BillRow;
import io.unipay.core.bill.BillSummary;
import io.unipay.core.bill.TradeBill;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** The Alipay trade bill parser on real-shaped GBK files (test resources) and their mutations. */
class AlipayTradeBillParserTest {
  static final Charset GBK = Charset.forName("GBK");
  private static final LocalDate DAY = LocalDate.of(2026, 1, 2);
  private static final String ACCOUNT = "20881021196858380156";
  private static final String DETAIL = ACCOUNT + "_20260102_业务明细.csv";
  private static final String SUMMARY = ACCOUNT + "_20260102_业务明细(汇总).csv";

  static String resource(String name) {
    try (InputStream in = AlipayTradeBillParserTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), GBK);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A ZIP of GBK files, entry names in GBK (no UTF-8 flag), as Alipay serves it. */
  static byte[] zip(Map<String, String> files) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out, GBK)) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(f.getKey()));
        zip.write(f.getValue().getBytes(GBK));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static Map<String, String> sample() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(DETAIL, resource("trade-detail.gbk.csv"));
    files.put(SUMMARY, resource("trade-summary.gbk.csv"));
    return files;
  }

  private static TradeBill open(byte[] zip) {
    return AlipayTradeBillParser.forDay(DAY).seller("2088102119685838")
        .open(new ByteArrayInputStream(zip));
  }

  static List<BillRow> readAll(TradeBill bill) {
    List<BillRow> rows = new ArrayList<>();
    for (BillRow row; (row = bill.next()) != null; ) rows.add(row);
    return rows;
  }

  private static UniPayException failure(Map<String, String> files) {
    return failure(zip(files));
  }

  private static UniPayException failure(byte[] zip) {
    try (TradeBill bill = open(zip)) {
      readAll(bill);
    } catch (UniPayException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.BILL_MALFORMED);
      return e;
    }
    throw new AssertionError("the bill parsed");
  }

  private static Map<String, String> detail(UnaryOperator<String> change) {
    Map<String, String> files = sample();
    files.put(DETAIL, change.apply(files.get(DETAIL)));
    return files;
  }

  @Test
  void aRealShapedGbkBillGivesTypedRowsInFenAndChecksBothFilesTotals() {
    try (TradeBill bill = open(zip(sample()))) {
      List<BillRow> rows = readAll(bill);
      assertThat(rows).hasSize(3);
      BillRow first = rows.get(0);
      assertThat(first.kind()).isEqualTo(BillRow.Kind.PAYMENT);
      assertThat(first.time()).isEqualTo(Instant.parse("2026-01-02T02:55:23Z"));
      assertThat(first.transactionId()).isEqualTo("2026010222001458860500000001");
      assertThat(first.outTradeNo()).isEqualTo("ORD20260102B1");
      assertThat(first.merchantId()).isEqualTo("2088102119685838");
      assertThat(first.appId()).isNull();
      assertThat(first.amount()).isEqualTo(1234);
      assertThat(first.fee()).isEqualTo(7);
      assertThat(first.status()).isEqualTo("SUCCESS");
      assertThat(first.line()).isEqualTo(6);
      BillRow refund = rows.get(2);
      assertThat(refund.kind()).isEqualTo(BillRow.Kind.REFUND);
      assertThat(refund.amount()).isEqualTo(3000);
      assertThat(refund.fee()).isEqualTo(-18);
      assertThat(refund.outRefundNo()).isEqualTo("RF20260102B2");
      assertThat(refund.refundId()).isNull();
      assertThat(bill.summary()).isEqualTo(new BillSummary(3, 11234, 3000, 49));
    }
  }

  @Test
  void gbkTextAndGbkEntryNamesAreDecoded() {
    // 月卡 and the entry names are GBK bytes on the wire; a UTF-8 reader would refuse both.
    assertThat(resource("trade-detail.gbk.csv")).contains("VIP 月卡");
    try (TradeBill bill = open(zip(sample()))) {
      assertThat(readAll(bill)).hasSize(3);
    }
  }

  @Test
  void aQuotedFieldKeepsItsCommaAndItsDoubledQuotes() {
    assertThat(resource("trade-detail.gbk.csv")).contains("\"T-shirt, red \"\"XL\"\"\"");
    try (TradeBill bill = open(zip(sample()))) {
      assertThat(readAll(bill).get(1).amount()).isEqualTo(10000);
    }
  }

  @Test
  void theSummaryFileMayComeFirst() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(SUMMARY, resource("trade-summary.gbk.csv"));
    files.put(DETAIL, resource("trade-detail.gbk.csv"));
    try (TradeBill bill = open(zip(files))) {
      assertThat(readAll(bill)).hasSize(3);
      assertThat(bill.summary().rows()).isEqualTo(3);
    }
  }

  @Test
  void anEmptyDayGivesNoRowsAndZeroTotals() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(DETAIL, resource("empty-detail.gbk.csv"));
    files.put(SUMMARY, resource("empty-summary.gbk.csv"));
    try (TradeBill bill = open(zip(files))) {
      assertThat(bill.next()).isNull();
      assertThat(bill.summary()).isEqualTo(new BillSummary(0, 0, 0, 0));
    }
  }

  @Test
  void aMissingSummaryFileIsTruncated() {
    Map<String, String> files = sample();
    files.remove(SUMMARY);
    assertThat(failure(files).getMessage()).contains("业务明细(汇总).csv").contains("truncated");
  }

  @Test
  void aDetailFileThatStopsBeforeItsTrailerIsTruncated() {
    UniPayException e = failure(detail(s -> s.substring(0, s.indexOf("#----------------------------------------" + "-业务明细列表结束"))));
    assertThat(e.getMessage()).contains("业务明细.csv").contains("line 9").contains("truncated");
  }

  @Test
  void aZipCutInTheMiddleIsMalformed() {
    byte[] zip = zip(sample());
    byte[] cut = java.util.Arrays.copyOf(zip, zip.length / 2);
    assertThat(failure(cut).getMessage()).contains("cannot be read");
  }

  @Test
  void somethingThatIsNoZipIsMalformed() {
    assertThat(failure("<html>expired</html>".getBytes(GBK)).getMessage())
        .contains("no _20260102_业务明细.csv");
  }

  @Test
  void anUnknownColumnIsMalformedAndNamed() {
    UniPayException e = failure(detail(s -> s.replace("分润（元）,备注", "分润（元）,备注,优惠标记")));
    assertThat(e.getMessage()).contains("line 5").contains("#26").contains("优惠标记");
  }

  @Test
  void aChangedHeaderIsMalformed() {
    UniPayException e = failure(detail(s -> s.replace("商户订单号", "商家订单号")));
    assertThat(e.getMessage()).contains("line 5").contains("#2").contains("商家订单号");
  }

  @Test
  void anAmountWithThreeDecimalsIsMalformedNamingLineAndColumn() {
    UniPayException e = failure(detail(s -> s.replace(",12.34,12.34,", ",12.345,12.34,")));
    assertThat(e.getMessage()).contains("line 6").contains("column 订单金额（元）").contains("12.345");
  }

  @Test
  void aRefundWithAPositiveAmountIsMalformed() {
    UniPayException e = failure(detail(s -> s.replace(",-30.00,-30.00,", ",30.00,-30.00,")));
    assertThat(e.getMessage()).contains("line 8").contains("订单金额");
  }

  @Test
  void aRefundLineWithoutItsRequestNumberIsMalformed() {
    UniPayException e = failure(detail(s -> s.replace("RF20260102B2\t", "\t")));
    assertThat(e.getMessage()).contains("line 8").contains("退款批次号/请求号");
  }

  @Test
  void aTrailerThatDisagreesWithTheLinesIsMalformed() {
    UniPayException e = failure(detail(s -> s.replace("#交易合计：2笔", "#交易合计：3笔")));
    assertThat(e.getMessage()).contains("交易合计").contains("states 3");
  }

  @Test
  void aSummaryTotalThatDisagreesWithTheLinesIsMalformed() {
    Map<String, String> files = sample();
    files.put(SUMMARY, files.get(SUMMARY).replace("合计,,2,1,82.34", "合计,,2,1,82.35"));
    UniPayException e = failure(files);
    assertThat(e.getMessage()).contains("汇总").contains("line 7").contains("订单金额（元）")
        .contains("82.35");
  }

  @Test
  void aBillForAnotherDayIsRefused() {
    UniPayException e = failure(detail(s -> s.replace("2026年01月02日 00:00:00]   终止日期：[2026年01月03日",
        "2026年01月01日 00:00:00]   终止日期：[2026年01月02日")));
    assertThat(e.getMessage()).contains("line 3").contains("not the day 2026-01-02");
  }

  @Test
  void aBillForAnotherSellerIsRefused() {
    UniPayException e = failure(detail(s -> s.replace("#账号：[20881021196858380156]",
        "#账号：[20889999999999990156]")));
    assertThat(e.getMessage()).contains("20889999999999990156");
  }

  @Test
  void anUnexpectedZipEntryIsMalformed() {
    Map<String, String> files = sample();
    files.put("readme.txt", "x");
    assertThat(failure(files).getMessage()).contains("readme.txt");
  }

  @Test
  void contentAfterTheExportLineIsMalformed() {
    UniPayException e = failure(detail(s -> s + "2026010222001458860500000009\t,X\r\n"));
    assertThat(e.getMessage()).contains("line 13").contains("after #导出时间");
  }

  @Test
  void anUnclosedQuoteIsMalformed() {
    UniPayException e = failure(detail(s -> s.replaceFirst(",VIP 月卡,", ",\"VIP 月卡,")));
    assertThat(e.getMessage()).contains("line 6").contains("not closed");
  }

  @Test
  void bytesThatAreNotGbkAreMalformed() {
    Map<String, String> files = sample();
    byte[] detail = files.get(DETAIL).getBytes(GBK);
    int at = new String(detail, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("VIP");
    detail[at] = (byte) 0x81; // a GBK lead byte ...
    detail[at + 1] = (byte) 0x7f; // ... with a trail byte GBK does not have
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out, GBK)) {
      zip.putNextEntry(new ZipEntry(DETAIL));
      zip.write(detail);
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(failure(out.toByteArray()).getMessage()).contains("line 6").contains("GBK");
  }

  @Test
  void theSummaryIsUnknownUntilTheEnd() {
    try (TradeBill bill = open(zip(sample()))) {
      bill.next();
      assertThatThrownBy(bill::summary).isInstanceOf(IllegalStateException.class);
    }
  }
}
