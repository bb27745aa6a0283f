package io.unipay.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.testkit.BillFault;
import io.unipay.wechat.bill.FundAccount;
import io.unipay.wechat.bill.FundFlowBill;
import io.unipay.wechat.bill.FundFlowRow;
import io.unipay.wechat.bill.FundFlowSummary;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link WechatPayClient#openFundFlowBill} against the simulator over loopback HTTP. */
class WechatFundFlowBillClientTest {
  private final BillDay day = new BillDay();

  private Harness harness() {
    return day.harness();
  }

  private static List<FundFlowRow> readAll(FundFlowBill bill) {
    List<FundFlowRow> rows = new ArrayList<>();
    for (FundFlowRow row; (row = bill.next()) != null; ) rows.add(row);
    return rows;
  }

  @Test
  void theBasicAccountsFundFlowOfADayIsParsedWithCheckedTotals() {
    try (Harness h = harness()) {
      day.trade(h);
      // The simulator refuses bill_type on fundflowbill: success proves account_type was sent.
      try (FundFlowBill bill =
          h.client.openFundFlowBill(BillDay.DAY, FundAccount.BASIC)) {
        List<FundFlowRow> rows = readAll(bill);
        // three payments in, two fees out (the 0.83 yuan one has none), one refund out
        assertThat(rows).extracting(FundFlowRow::direction).containsExactly(
            FundFlowRow.Direction.INCOME, FundFlowRow.Direction.EXPENSE,
            FundFlowRow.Direction.INCOME, FundFlowRow.Direction.EXPENSE,
            FundFlowRow.Direction.INCOME, FundFlowRow.Direction.EXPENSE);
        assertThat(rows).extracting(FundFlowRow::amount)
            .containsExactly(1234L, 7L, 10000L, 60L, 83L, 2982L);
        assertThat(rows.get(5).businessType()).isEqualTo("退款");
        assertThat(rows.get(5).voucherNo()).isEqualTo("BILLRF000001");
        assertThat(rows.get(5).balance()).isEqualTo(1234 - 7 + 10000 - 60 + 83 - 2982);
        assertThat(bill.summary()).isEqualTo(new FundFlowSummary(6, 3, 11317, 3, 3049));
        assertThat(bill.account()).isEqualTo(FundAccount.BASIC);
      }
    }
  }

  @Test
  void anAccountWithoutMovementsHasNoBill() {
    try (Harness h = harness()) {
      day.trade(h);
      assertThatThrownBy(
              () -> h.client.openFundFlowBill(BillDay.DAY, FundAccount.FEES))
          .isInstanceOfSatisfying(UniPayException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.BILL_NOT_AVAILABLE));
    }
  }

  @Test
  void aFundFlowBillWithDisagreeingTotalsIsMalformed() {
    try (Harness h = harness()) {
      day.trade(h);
      h.sim.bills().fault(BillDay.DAY, BillFault.TOTALS_MISMATCH);
      try (FundFlowBill bill =
          h.client.openFundFlowBill(BillDay.DAY, FundAccount.BASIC)) {
        assertThatThrownBy(() -> readAll(bill))
            .isInstanceOfSatisfying(UniPayException.class, e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.BILL_MALFORMED);
              assertThat(e.getMessage()).contains("收入金额");
            });
      }
    }
  }

  @Test
  void aFundFlowBillNeedsAnAccount() {
    try (Harness h = harness()) {
      assertThatThrownBy(() -> h.client.openFundFlowBill(BillDay.DAY, null))
          .isInstanceOfSatisfying(UniPayException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
  }
}
