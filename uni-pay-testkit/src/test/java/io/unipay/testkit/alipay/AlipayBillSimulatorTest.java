package io.unipay.testkit.alipay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unipay.testkit.TestClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator's bill download, driven by bare signed gateway calls (protocols §B1). */
class AlipayBillSimulatorTest {
  private static final Charset GBK = Charset.forName("GBK");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OkHttpClient HTTP = new OkHttpClient();
  private static final String QUERY = "alipay.data.dataservice.bill.downloadurl.query";

  private final TestClock clock = new TestClock(Instant.parse("2026-01-02T01:00:00Z"));
  private final AlipaySimulator sim = AlipaySimulator.builder().clock(clock).start();

  @AfterEach
  void stop() {
    sim.close();
  }

  private void paid(String outTradeNo, String amount) throws IOException {
    GatewayCall.signedPost(sim, "alipay.trade.precreate",
        "{\"out_trade_no\":\"" + outTradeNo + "\",\"total_amount\":\"" + amount
            + "\",\"subject\":\"月卡, VIP\"}", "http://127.0.0.1:1/n");
    sim.pay(outTradeNo);
  }

  private JsonNode urlAnswer() throws IOException {
    GatewayCall.Result r = GatewayCall.signedPost(sim, QUERY,
        "{\"bill_type\":\"trade\",\"bill_date\":\"2026-01-02\"}", null);
    return JSON.readTree(r.body()).path("alipay_data_dataservice_bill_downloadurl_query_response");
  }

  private static Response get(String url) throws IOException {
    return HTTP.newCall(new Request.Builder().url(url).build()).execute();
  }

  @Test
  void theDownloadUrlExpiresThirtySecondsAfterItWasHandedOutByTheSimulatorsClock()
      throws IOException {
    paid("SIMA0001", "12.34");
    clock.set(Instant.parse("2026-01-03T02:00:00Z"));
    String url = urlAnswer().path("bill_download_url").asText();
    clock.advance(Duration.ofSeconds(30));
    try (Response r = get(url)) {
      assertThat(r.code()).isEqualTo(200);
    }
    clock.advance(Duration.ofSeconds(1));
    try (Response r = get(url)) {
      assertThat(r.code()).isEqualTo(403);
    }
  }

  @Test
  void theBillIsAZipOfTwoGbkFilesWithGbkNamesRefundsNegative() throws IOException {
    paid("SIMA0002", "100.00");
    GatewayCall.signedPost(sim, "alipay.trade.refund",
        "{\"out_trade_no\":\"SIMA0002\",\"refund_amount\":\"30.00\",\"out_request_no\":\"R1\"}",
        null);
    clock.set(Instant.parse("2026-01-03T02:00:00Z"));
    List<String> names = new ArrayList<>();
    String detail = null;
    try (Response r = get(urlAnswer().path("bill_download_url").asText());
        ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.body().bytes()), GBK)) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        names.add(e.getName());
        String text = new String(zip.readAllBytes(), GBK);
        if (e.getName().endsWith("_业务明细.csv")) detail = text;
      }
    }
    String account = sim.sellerId() + "0156";
    assertThat(names).containsExactly(
        account + "_20260102_业务明细.csv", account + "_20260102_业务明细(汇总).csv");
    assertThat(detail).startsWith("#支付宝业务明细查询\r\n#账号：[" + account + "]\r\n")
        .contains(",交易\t,\"月卡, VIP\",").contains(",-30.00,-30.00,").contains("R1\t,0.18,")
        .contains("#交易合计：1笔，商家实收共100.00元").contains("#退款合计：1笔，商家实收退款共-30.00元");
  }

  @Test
  void thereIsNoBillBeforeNineTheNextMorning() throws IOException {
    paid("SIMA0003", "1.00");
    clock.set(Instant.parse("2026-01-03T00:59:59Z")); // 08:59:59
    assertThat(urlAnswer().path("sub_code").asText()).isEqualTo("isp.bill_not_exist");
    clock.advance(Duration.ofSeconds(1));
    assertThat(urlAnswer().path("code").asText()).isEqualTo("10000");
  }

  @Test
  void anUnknownTokenIsRefused() throws IOException {
    try (Response r = get(sim.gatewayUrl().replace("/gateway.do", "/downloadBillFile.resource?token=x"))) {
      assertThat(r.code()).isEqualTo(403);
    }
    assertThat(sim.bills().downloadsServed()).isZero();
  }

  @Test
  void anOmittedPaymentOrRefundIsLeftOutOfTheBillWhileTheSimulatorStillHasIt() throws IOException {
    paid("SIMA0004", "5.00");
    paid("SIMA0005", "7.00");
    for (String requestNo : List.of("SR1", "SR2")) {
      GatewayCall.signedPost(sim, "alipay.trade.refund", "{\"out_trade_no\":\"SIMA0005\","
          + "\"refund_amount\":\"1.00\",\"out_request_no\":\"" + requestNo + "\"}", null);
    }
    sim.bills().omitPayment("SIMA0004").omitRefund("SR1");
    clock.set(Instant.parse("2026-01-03T02:00:00Z"));

    String detail = detailFile();

    assertThat(detail).doesNotContain("SIMA0004").doesNotContain("SR1\t")
        .contains("SR2\t").contains("#交易合计：1笔，商家实收共7.00元")
        .contains("#退款合计：1笔，商家实收退款共-1.00元");
    assertThat(sim.truth().tradeStatus("SIMA0004")).contains("TRADE_SUCCESS");
    assertThat(sim.truth().refund("SIMA0005", "SR1")).isPresent();
    sim.bills().reset();
    assertThat(detailFile()).contains("SIMA0004").contains("SR1\t")
        .contains("#交易合计：2笔，商家实收共12.00元");
  }

  /** The 业务明细 file of the day's bill, downloaded now. */
  private String detailFile() throws IOException {
    try (Response r = get(urlAnswer().path("bill_download_url").asText());
        ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.body().bytes()), GBK)) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        String text = new String(zip.readAllBytes(), GBK);
        if (e.getName().endsWith("_业务明细.csv")) return text;
      }
    }
    throw new AssertionError("no 业务明细 file in the bill");
  }
}
