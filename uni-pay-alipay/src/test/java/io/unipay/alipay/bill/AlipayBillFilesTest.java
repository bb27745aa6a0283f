package io.unipay.alipay.bill;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.bill.BillRow;
import io.unipay.core.bill.TradeBill;
import io.unipay.testkit.BillFileLine;
import io.unipay.testkit.alipay.AlipayBillFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The testkit's Alipay bill file writer produces what the client's strict parser reads back. */
class AlipayBillFilesTest {
  private static final LocalDate DAY = LocalDate.of(2026, 12, 1);
  private static final String SELLER = "2088102119685838";

  @Test
  void aWrittenTradeBillZipIsReadBackLineByLineWithItsTotals() throws Exception {
    Instant nine = Instant.parse("2026-12-01T01:00:00Z");
    List<BillFileLine> lines = List.of(
        BillFileLine.payment(nine, "2026120122001", "OT1", 990, 6),
        BillFileLine.payment(nine.plusSeconds(60), "2026120122002", "OT2", 12345, 74),
        BillFileLine.refund(nine.plusSeconds(120), "2026120122001", "OT1", null, "RF1", 300, 2));
    ByteArrayOutputStream zip = new ByteArrayOutputStream();

    AlipayBillFiles.writeTradeBill(SELLER, DAY, lines.iterator(), nine.plusSeconds(86_400), zip);

    List<BillRow> rows = new ArrayList<>();
    try (TradeBill bill = AlipayTradeBillParser.forDay(DAY).seller(SELLER)
        .open(new ByteArrayInputStream(zip.toByteArray()))) {
      for (BillRow row = bill.next(); row != null; row = bill.next()) rows.add(row);
      assertThat(bill.summary().rows()).isEqualTo(3);
      assertThat(bill.summary().paymentTotal()).isEqualTo(990 + 12345);
      assertThat(bill.summary().refundTotal()).isEqualTo(300);
      assertThat(bill.summary().feeTotal()).isEqualTo(6 + 74 - 2);
    }
    assertThat(rows).extracting(BillRow::kind)
        .containsExactly(BillRow.Kind.PAYMENT, BillRow.Kind.PAYMENT, BillRow.Kind.REFUND);
    assertThat(rows.get(1).outTradeNo()).isEqualTo("OT2");
    assertThat(rows.get(1).transactionId()).isEqualTo("2026120122002");
    assertThat(rows.get(1).amount()).isEqualTo(12345);
    assertThat(rows.get(1).fee()).isEqualTo(74);
    assertThat(rows.get(1).merchantId()).isEqualTo(SELLER);
    BillRow refund = rows.get(2);
    assertThat(refund.outRefundNo()).isEqualTo("RF1");
    assertThat(refund.amount()).isEqualTo(300);
    assertThat(refund.fee()).isEqualTo(-2);
  }
}
