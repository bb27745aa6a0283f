package io.unipay.testkit.wechat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unipay.testkit.TestClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator's bill endpoints, driven by a bare merchant (protocols §A1 signing). */
class WechatBillSimulatorTest {
  private static final LocalDate DAY = LocalDate.of(2026, 1, 2);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TestClock clock = new TestClock(Instant.parse("2026-01-02T01:00:00Z"));
  private final WechatPaySimulator sim = WechatPaySimulator.builder().clock(clock).start();
  private final MerchantCalls merchant = new MerchantCalls(sim, clock);

  @AfterEach
  void stop() {
    sim.close();
  }

  private void paidOrder(String outTradeNo, long fen) {
    merchant.post("/v3/pay/transactions/jsapi",
        MerchantCalls.jsapiOrder(outTradeNo, fen, "https://merchant.example/notify"));
    sim.pay(outTradeNo);
  }

  private JsonNode json(MerchantCalls.Answer answer) {
    try {
      return JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String target(String url) {
    HttpUrl u = HttpUrl.get(url);
    return u.encodedPath() + "?" + u.encodedQuery();
  }

  @Test
  void aTradeBillAnswerIsSignedAndItsDownloadIsTheGzipOfAFileWithThatSha1() throws Exception {
    paidOrder("SIMBILL00001", 1234);
    clock.set(Instant.parse("2026-01-03T02:30:00Z"));
    MerchantCalls.Answer answer = merchant.get("/v3/bill/tradebill?bill_date=2026-01-02&bill_type=ALL&tar_type=GZIP");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.headers().get("Wechatpay-Signature")).isNotEmpty();
    JsonNode body = json(answer);
    assertThat(body.path("hash_type").asText()).isEqualTo("SHA1");
    MerchantCalls.Answer file = merchant.get(target(body.path("download_url").asText()));
    assertThat(file.status()).isEqualTo(200);
    assertThat(file.headers().get("Wechatpay-Signature")).isNull();
    byte[] csv = new GZIPInputStream(new ByteArrayInputStream(file.body())).readAllBytes();
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(csv)))
        .isEqualTo(body.path("hash_value").asText());
    String text = new String(csv, UTF_8);
    assertThat(text).startsWith("交易时间,公众账号ID,商户号,").contains("`SIMBILL00001,")
        .contains("`0.07000,`0.60%,`12.34,").endsWith("`1,`12.34,`0.00,`0.00,`0.07000,`12.34,`0.00\r\n");
    assertThat(sim.bills().downloadsServed()).isEqualTo(1);
  }

  @Test
  void theDownloadNeedsTheMerchantsSignatureOverItsPathAndQuery() {
    paidOrder("SIMBILL00002", 100);
    clock.set(Instant.parse("2026-01-03T02:30:00Z"));
    String url = json(merchant.get("/v3/bill/tradebill?bill_date=2026-01-02&tar_type=GZIP"))
        .path("download_url").asText();
    String target = target(url);
    assertThat(merchant.send("GET", target, null, null).status()).isEqualTo(401);
    String signedForAnotherQuery = merchant.authorization("GET", target + "x", new byte[0]);
    assertThat(merchant.send("GET", target, null, signedForAnotherQuery).status()).isEqualTo(401);
    assertThat(sim.bills().downloadsServed()).isZero();
  }

  @Test
  void aDownloadUrlExpiresAfterFiveMinutesOfTheSimulatorsClock() {
    paidOrder("SIMBILL00003", 100);
    clock.set(Instant.parse("2026-01-03T02:30:00Z"));
    String url = json(merchant.get("/v3/bill/tradebill?bill_date=2026-01-02"))
        .path("download_url").asText();
    clock.advance(Duration.ofMinutes(5));
    assertThat(merchant.get(target(url)).status()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(1));
    MerchantCalls.Answer expired = merchant.get(target(url));
    assertThat(expired.status()).isEqualTo(400);
    assertThat(json(expired).path("code").asText()).isEqualTo("INVALID_REQUEST");
  }

  @Test
  void aFundFlowRequestWithBillTypeInsteadOfAccountTypeIsRefused() {
    paidOrder("SIMBILL00004", 100);
    clock.set(Instant.parse("2026-01-03T02:30:00Z"));
    MerchantCalls.Answer wrong = merchant.get("/v3/bill/fundflowbill?bill_date=2026-01-02&bill_type=BASIC");
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(json(wrong).path("detail").path("field").asText()).isEqualTo("bill_type");
    assertThat(merchant.get("/v3/bill/fundflowbill?bill_date=2026-01-02&account_type=BASIC").status())
        .isEqualTo(200);
  }

  @Test
  void aDayIsTheChinaCalendarDay() {
    clock.set(Instant.parse("2026-01-02T15:59:59Z")); // 23:59:59 in China
    paidOrder("SIMBILL00005", 100);
    clock.set(Instant.parse("2026-01-02T16:00:00Z")); // midnight: the next day
    paidOrder("SIMBILL00006", 100);
    clock.set(Instant.parse("2026-01-04T02:30:00Z"));
    assertThat(sim.bills().tradeBillCsv(DAY)).contains("SIMBILL00005").doesNotContain("SIMBILL00006");
    assertThat(sim.bills().tradeBillCsv(DAY.plusDays(1))).contains("SIMBILL00006");
  }

  @Test
  void feesAreRoundedHalfUpPerLineAtTheConfiguredRate() {
    sim.bills().feeRateBasisPoints(38);
    paidOrder("SIMBILL00007", 250); // 0.95 fen -> 1
    paidOrder("SIMBILL00008", 131); // 0.4978 fen -> 0
    String csv = sim.bills().tradeBillCsv(DAY);
    assertThat(csv).contains("`SIMBILL00007,").contains("`0.01000,`0.38%,`2.50,");
    assertThat(csv).contains("`0.00000,`0.38%,`1.31,");
  }

  @Test
  void aDayWithoutTradesHasNoBillAndTheBillIsNotReadyBeforeTenTheNextMorning() {
    clock.set(Instant.parse("2026-01-03T01:59:59Z")); // 09:59:59
    assertThat(json(merchant.get("/v3/bill/tradebill?bill_date=2026-01-02")).path("code").asText())
        .isEqualTo("STATEMENT_CREATING");
    clock.advance(Duration.ofSeconds(1));
    assertThat(json(merchant.get("/v3/bill/tradebill?bill_date=2026-01-02")).path("code").asText())
        .isEqualTo("NO_STATEMENT_EXIST");
  }

  @Test
  void aSyntheticBillStatesTheSha1OfTheFileItStreams() throws Exception {
    sim.bills().synthetic(DAY, 1000);
    clock.set(Instant.parse("2026-01-03T02:30:00Z"));
    JsonNode body = json(merchant.get("/v3/bill/tradebill?bill_date=2026-01-02&tar_type=GZIP"));
    byte[] gz = merchant.get(target(body.path("download_url").asText())).body();
    byte[] csv = new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes();
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(csv)))
        .isEqualTo(body.path("hash_value").asText());
    assertThat(new String(csv, UTF_8).lines().count()).isEqualTo(1 + 1000 + 2);
  }

  @Test
  void anOmittedPaymentOrRefundIsLeftOutOfTheBillsWhileTheSimulatorStillHasIt() {
    paidOrder("SIMBILL00009", 500);
    paidOrder("SIMBILL00010", 700);
    merchant.post("/v3/refund/domestic/refunds", "{\"out_trade_no\":\"SIMBILL00010\","
        + "\"out_refund_no\":\"SIMRF1\",\"amount\":{\"refund\":200,\"total\":700,"
        + "\"currency\":\"CNY\"}}");
    merchant.post("/v3/refund/domestic/refunds", "{\"out_trade_no\":\"SIMBILL00010\","
        + "\"out_refund_no\":\"SIMRF2\",\"amount\":{\"refund\":100,\"total\":700,"
        + "\"currency\":\"CNY\"}}");
    String before = sim.bills().tradeBillCsv(DAY);
    assertThat(before).contains("`SIMBILL00009,").contains("`SIMRF1,").contains("`SIMRF2,");

    sim.bills().omitPayment("SIMBILL00009").omitRefund("SIMRF1");

    String csv = sim.bills().tradeBillCsv(DAY);
    assertThat(csv).doesNotContain("SIMBILL00009").doesNotContain("SIMRF1")
        .contains("`SIMRF2,").as("the paid trade of the refunds stays").contains("`SIMBILL00010,");
    assertThat(csv.lines().count()).isEqualTo(before.lines().count() - 2);
    assertThat(sim.trade("SIMBILL00009").orElseThrow().tradeState()).isEqualTo("SUCCESS");
    assertThat(sim.refundStatus("SIMRF1")).isPresent();
    sim.bills().reset();
    assertThat(sim.bills().tradeBillCsv(DAY)).isEqualTo(before);
  }
}
