package io.unipay.wechat.bill;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.bill.BillRow;
import io.unipay.core.bill.TradeBill;
import io.unipay.testkit.BillFileLine;
import io.unipay.testkit.wechat.WechatBillFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The testkit's WeChat bill file writer produces what the client's strict parser reads back. */
class WechatBillFilesTest {
  private static final LocalDate DAY = LocalDate.of(2026, 12, 1);
  private static final String MCHID = "1230000109";

  @Test
  void aWrittenTradeBillIsReadBackLineByLineWithItsTotals() throws Exception {
    Instant nine = Instant.parse("2026-12-01T01:00:00Z");
    List<BillFileLine> lines = List.of(
        BillFileLine.payment(nine, "4200000001", "OT1", 990, 6),
        BillFileLine.payment(nine.plusSeconds(60), "4200000002", "OT2", 12345, 74),
        BillFileLine.refund(nine.plusSeconds(120), "4200000001", "OT1", "5000001", "RF1", 300, 2));
    ByteArrayOutputStream csv = new ByteArrayOutputStream();

    WechatBillFiles.writeTradeBill(MCHID, "wxapp0000000001", lines.iterator(), csv);

    List<BillRow> rows = new ArrayList<>();
    try (TradeBill bill = WechatTradeBillParser.forDay(DAY).merchant(MCHID)
        .open(new ByteArrayInputStream(csv.toByteArray()))) {
      for (BillRow row = bill.next(); row != null; row = bill.next()) rows.add(row);
      assertThat(bill.summary().rows()).isEqualTo(3);
      assertThat(bill.summary().paymentTotal()).isEqualTo(990 + 12345);
      assertThat(bill.summary().refundTotal()).isEqualTo(300);
      assertThat(bill.summary().feeTotal()).isEqualTo(6 + 74 - 2);
    }
    assertThat(rows).extracting(BillRow::kind)
        .containsExactly(BillRow.Kind.PAYMENT, BillRow.Kind.PAYMENT, BillRow.Kind.REFUND);
    assertThat(rows.get(1).outTradeNo()).isEqualTo("OT2");
    assertThat(rows.get(1).amount()).isEqualTo(12345);
    assertThat(rows.get(1).fee()).isEqualTo(74);
    assertThat(rows.get(1).time()).isEqualTo(nine.plusSeconds(60));
    assertThat(rows.get(1).appId()).isEqualTo("wxapp0000000001");
    BillRow refund = rows.get(2);
    assertThat(refund.outRefundNo()).isEqualTo("RF1");
    assertThat(refund.refundId()).isEqualTo("5000001");
    assertThat(refund.amount()).isEqualTo(300);
    assertThat(refund.fee()).isEqualTo(-2);
  }
}
