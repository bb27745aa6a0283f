package io.unipay.wechat.bill;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The WeChat Pay fund-flow bill parser on real-shaped files (test resources). */
class WechatFundFlowBillParserTest {
  private static final LocalDate DAY = LocalDate.of(2026, 1, 2);

  private static FundFlowBill open(String csv) {
    return WechatFundFlowBillParser.forDay(DAY, FundAccount.BASIC)
        .open(new ByteArrayInputStream(csv.getBytes(UTF_8)));
  }

  private static List<FundFlowRow> readAll(FundFlowBill bill) {
    List<FundFlowRow> rows = new ArrayList<>();
    for (FundFlowRow row; (row = bill.next()) != null; ) rows.add(row);
    return rows;
  }

  @Test
  void aFundFlowBillGivesTypedRowsAndCheckedTotals() {
    try (FundFlowBill bill = open(WechatTradeBillParserTest.resource("fundflowbill-basic.csv"))) {
      List<FundFlowRow> rows = readAll(bill);
      assertThat(rows).hasSize(3);
      FundFlowRow income = rows.get(0);
      assertThat(income.time()).isEqualTo(Instant.parse("2026-01-02T01:15:02Z"));
      assertThat(income.transactionId()).isEqualTo("4200001234202601020000000001");
      assertThat(income.flowId()).isEqualTo("1900000109202601020000000001");
      assertThat(income.businessType()).isEqualTo("交易");
      assertThat(income.direction()).isEqualTo(FundFlowRow.Direction.INCOME);
      assertThat(income.amount()).isEqualTo(1234);
      assertThat(income.balance()).isEqualTo(101234);
      assertThat(income.voucherNo()).isEqualTo("ORD20260102A1");
      assertThat(rows.get(1).businessType()).isEqualTo("扣除交易手续费");
      assertThat(rows.get(2).direction()).isEqualTo(FundFlowRow.Direction.EXPENSE);
      assertThat(rows.get(2).memo()).isEqualTo("退款总金额30.00元;含手续费0.18元");
      assertThat(bill.summary()).isEqualTo(new FundFlowSummary(3, 1, 1234, 2, 2989));
      assertThat(bill.account()).isEqualTo(FundAccount.BASIC);
    }
  }

  @Test
  void theDocumentedFullWidthParenthesesAndDecimalCountsAreReadToo() {
    try (FundFlowBill bill =
        open(WechatTradeBillParserTest.resource("fundflowbill-fullwidth.csv"))) {
      assertThat(readAll(bill)).hasSize(3);
      assertThat(bill.summary().expenseTotal()).isEqualTo(2989);
    }
  }

  @Test
  void anUnknownDirectionIsMalformed() {
    String csv =
        WechatTradeBillParserTest.resource("fundflowbill-basic.csv").replaceFirst("`收入", "`冻结");
    try (FundFlowBill bill = open(csv)) {
      assertThatThrownBy(() -> readAll(bill))
          .isInstanceOfSatisfying(UniPayException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BILL_MALFORMED);
            assertThat(e.getMessage()).contains("line 2").contains("收支类型");
          });
    }
  }

  @Test
  void expenseTotalsThatDisagreeAreMalformed() {
    String csv =
        WechatTradeBillParserTest.resource("fundflowbill-basic.csv").replace("`29.89", "`29.90");
    try (FundFlowBill bill = open(csv)) {
      assertThatThrownBy(() -> readAll(bill))
          .hasMessageContaining("line 6")
          .hasMessageContaining("支出金额");
    }
  }
}
