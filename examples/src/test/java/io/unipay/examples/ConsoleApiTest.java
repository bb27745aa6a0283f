package io.unipay.examples;

import static io.unipay.examples.AppClient.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.unipay.core.order.Provider;
import io.unipay.testkit.wechat.SignedNotification;
import io.unipay.testkit.wechat.WechatPaySimulator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The operator console's JSON API over real HTTP: admin only and CSRF-safe, the order list's
 * filters and keyset paging, an order's timeline after payment and refund, refunds with a reason,
 * the sweeper's passes, and what the console never shows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleApiTest {
  private static final String PAYMENTS = "/api/admin/payments";
  private VipRechargeApp app;
  private AppClient user;
  private AppClient admin;

  @BeforeAll
  void startApp() throws Exception {
    app =
        VipRechargeApp.start(
            AppConfig.of(
                Map.of(
                    "mode", "sandbox",
                    "http.port", "0",
                    "db.url", "jdbc:h2:mem:console-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")));
    user = new AppClient(app.url()).signIn(AppClient.USER);
    admin = new AppClient(app.url()).signInAdmin(ADMIN_TOKEN);
  }

  @AfterAll
  void stopApp() {
    if (app != null) app.close();
  }

  @Test
  void everyConsoleRouteIs401WithoutCredentialsAnd403ForAUser() {
    String no = paidOrder("wxpay");
    AppClient anonymous = new AppClient(app.url());
    String refund = "{\"refundFee\":100,\"reason\":\"x\"}";

    for (AppClient caller : List.of(anonymous, user)) {
      int status = caller == anonymous ? 401 : 403;
      String code = caller == anonymous ? "UNAUTHORIZED" : "FORBIDDEN";
      assertError(caller.get(PAYMENTS), status, code);
      assertError(caller.get(PAYMENTS + "/" + no), status, code);
      assertError(caller.post(PAYMENTS + "/" + no + "/refund", refund), status, code);
      assertError(caller.get("/api/admin/sweeps"), status, code);
      assertError(caller.post("/api/admin/sweeps", "{}"), status, code);
    }
    assertError(
        anonymous.get(PAYMENTS, Map.of("X-Admin-Token", "guessed")), 401, "UNAUTHORIZED");
    assertThat(anonymous.get(PAYMENTS, Map.of("X-Admin-Token", ADMIN_TOKEN)).status())
        .isEqualTo(200);
    assertThat(app.pay.getOrder(no).refundFee()).isZero();
  }

  @Test
  void aRefundOrSweepSentAsAFormOrPlainTextIsRefusedAndChangesNothing() {
    String no = paidOrder("wxpay");
    String body = "{\"refundFee\":100,\"reason\":\"cross-site\"}";

    for (String type :
        List.of("application/x-www-form-urlencoded", "text/plain", "multipart/form-data")) {
      assertError(
          admin.post(PAYMENTS + "/" + no + "/refund", body, Map.of("Content-Type", type)),
          415, "UNSUPPORTED_MEDIA_TYPE");
      assertError(
          admin.post("/api/admin/sweeps", "", Map.of("Content-Type", type)),
          415, "UNSUPPORTED_MEDIA_TYPE");
    }

    assertThat(app.pay.getOrder(no).refundFee()).isZero();
    assertThat(app.pay.refunds(no)).isEmpty();
  }

  @Test
  void theListFiltersByStatusProviderAndCreationTime() {
    Instant from = Instant.now().truncatedTo(ChronoUnit.MICROS);
    String wechatPaid = paidOrder("wxpay");
    String alipayPaid = paidOrder("alipay");
    String wechatOpen = user.createOrder("m1", "wxpay", "native").get("outTradeNo").asText();
    Instant before = Instant.now().plusMillis(1);
    String window = "&createdFrom=" + from + "&createdBefore=" + before;

    assertThat(numbers(list("status=1&provider=wxpay" + window))).containsExactly(wechatPaid);
    assertThat(numbers(list("status=PAID&provider=alipay" + window))).containsExactly(alipayPaid);
    assertThat(numbers(list("status=0" + window))).containsExactly(wechatOpen);
    assertThat(numbers(list("status=0,1" + window)))
        .containsExactly(wechatOpen, alipayPaid, wechatPaid);
    assertThat(numbers(list("provider=wxpay" + window))).containsExactly(wechatOpen, wechatPaid);
    assertThat(numbers(list("createdFrom=" + before))).isEmpty();
    assertThat(numbers(list("createdBefore=" + from + "&status=1")))
        .doesNotContain(wechatPaid, alipayPaid);
    JsonNode row = list("status=1&provider=wxpay" + window).get("orders").get(0);
    assertThat(row.get("totalFee").asLong()).isEqualTo(990);
    assertThat(row.get("userId").asText()).isEqualTo(AppClient.USER);
    assertThat(Instant.parse(row.get("createDate").asText())).isBetween(from, before);
  }

  @Test
  void badFiltersAreAnswered400NamingTheProblem() {
    assertBad("status=9", "status");
    assertBad("status=paidish", "status");
    assertBad("provider=paypal", "paypal");
    assertBad("createdFrom=yesterday", "createdFrom");
    assertBad("createdFrom=2026-02-01T00:00:00Z&createdBefore=2026-01-01T00:00:00Z", "createdFrom");
    assertBad("limit=0", "limit");
    assertBad("limit=101", "limit");
    assertBad("after=not-a-cursor", "after");
    String tampered =
        java.util.Base64.getUrlEncoder()
            .encodeToString("2026-01-01T00:00:00Z|x' OR '1'='1".getBytes(StandardCharsets.UTF_8));
    assertBad("after=" + tampered, "after");
  }

  @Test
  void pagesFollowEachOtherNewestFirstUntilTheLastSaysNoneFollow() {
    Instant from = Instant.now().truncatedTo(ChronoUnit.MICROS);
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(0, user.createOrder("m1", "alipay", "native").get("outTradeNo").asText());
    }
    String window = "createdFrom=" + from + "&createdBefore=" + Instant.now().plusMillis(1);

    List<String> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    JsonNode page = list(window + "&limit=2");
    while (true) {
      seen.addAll(numbers(page));
      sizes.add(page.get("orders").size());
      if (page.get("next").isNull()) break;
      page = list(window + "&limit=2&after=" + page.get("next").asText());
    }

    assertThat(sizes).containsExactly(2, 2, 1);
    assertThat(seen).containsExactlyElementsOf(created);
  }

  @Test
  void anOrdersTimelineShowsItsCreationProviderCallsNotificationLedgerFactAndRefund() {
    String no = paidOrder("wxpay");

    JsonNode before = detail(no);
    assertThat(before.at("/order/statusName").asText()).isEqualTo("PAID");
    assertThat(before.at("/order/refundable").asLong()).isEqualTo(990);
    assertThat(before.at("/business/packageId").asText()).isEqualTo("m1");
    assertThat(whats(before))
        .contains("order created", "provider call: prepay", "notification verified",
            "payment settled")
        .anyMatch(w -> w.startsWith("ledger fact #") && w.endsWith("PAYMENT PAID"))
        .noneMatch(w -> w.startsWith("refund"));
    assertThat(details(before))
        .anyMatch(d -> d.startsWith("QrCode, "))
        .anyMatch(d -> d.equals("payment PAID"))
        .anyMatch(d -> d.startsWith("via notify → SETTLED, 990 fen"))
        .anyMatch(d -> d.startsWith("transaction " + app.pay.getOrder(no).transactionId()
            + ", paid at the provider ") && d.endsWith(", handler ran"));
    assertThat(whats(before).get(0)).isEqualTo("order created");
    assertThat(before.get("callsNote").asText()).contains("this app instance");

    AppClient.Answer refunded =
        admin.post(PAYMENTS + "/" + no + "/refund",
            "{\"refundFee\":300,\"reason\":\"damaged in transit\"}");

    assertThat(refunded.status()).as("%s", refunded).isEqualTo(200);
    String outRefundNo = refunded.json().at("/refund/outRefundNo").asText();
    assertThat(refunded.json().at("/refund/reason").asText()).isEqualTo("damaged in transit");
    assertThat(refunded.json().at("/order/statusName").asText()).isEqualTo("PARTIALLY_REFUNDED");
    JsonNode after = detail(no);
    assertThat(after.at("/order/refundable").asLong()).isEqualTo(690);
    assertThat(after.at("/refunds/0/outRefundNo").asText()).isEqualTo(outRefundNo);
    assertThat(after.get("timeline").size()).isGreaterThan(before.get("timeline").size());
    assertThat(whats(after)).contains("refund requested", "provider call: refund");
    assertThat(details(after))
        .anyMatch(d -> d.startsWith(outRefundNo + ": 300 fen, reason “damaged in transit”"));
    List<String> times = new ArrayList<>();
    after.get("timeline").forEach(t -> times.add(t.get("at").asText()));
    assertThat(times).isSortedAccordingTo((a, b) -> Instant.parse(a).compareTo(Instant.parse(b)));
  }

  @Test
  void theConsoleNeverShowsTheProviderDataThePayersIdOrTheCheckoutPayload() {
    JsonNode created = user.createOrder("m1", "wxpay", "native");
    String no = created.get("outTradeNo").asText();
    app.providers.sandbox.pay(Provider.WXPAY, no);
    assertThat(user.order(no, 10).get("status").asInt()).isEqualTo(1);

    String body = admin.get(PAYMENTS + "/" + no).body();

    assertThat(app.pay.getOrder(no).openid()).isNotBlank();
    assertThat(body)
        .doesNotContain(app.pay.getOrder(no).openid())
        .doesNotContain(created.at("/payload/codeUrl").asText())
        .doesNotContain("127.0.0.1")
        .doesNotContain("original")
        .doesNotContain("trade_state");
  }

  @Test
  void aRefundNeedsAReasonAndAWholePositiveAmountAndAKeyMakesARetryTheSameRefund() {
    String no = paidOrder("alipay");
    String path = PAYMENTS + "/" + no + "/refund";

    assertError(admin.post(path, "{\"refundFee\":100}"), 400, "INVALID_ARGUMENT");
    assertError(admin.post(path, "{\"refundFee\":100,\"reason\":\"  \"}"), 400, "INVALID_ARGUMENT");
    assertError(admin.post(path, "{\"refundFee\":1.5,\"reason\":\"r\"}"), 400, "INVALID_ARGUMENT");
    assertError(
        admin.post(path, "{\"refundFee\":\"100\",\"reason\":\"r\"}"), 400, "INVALID_ARGUMENT");
    assertError(admin.post(path, "{\"refundFee\":0,\"reason\":\"r\"}"), 400, "INVALID_ARGUMENT");
    assertError(
        admin.post(path, "{\"refundFee\":991,\"reason\":\"r\"}"), 409, "REFUND_EXCEEDS_PAID");
    assertError(
        admin.post(path, "{\"refundFee\":100,\"reason\":\"" + "x".repeat(81) + "\"}"),
        400, "INVALID_ARGUMENT");
    assertThat(app.pay.refunds(no)).isEmpty();

    String once =
        "{\"refundFee\":200,\"reason\":\"double click\",\"outRefundNo\":\"CRtest" + no + "\"}";
    AppClient.Answer first = admin.post(path, once);
    AppClient.Answer second = admin.post(path, once);

    assertThat(first.status()).as("%s", first).isEqualTo(200);
    assertThat(second.status()).as("%s", second).isEqualTo(200);
    assertThat(second.json().at("/refund/outRefundNo").asText()).isEqualTo("CRtest" + no);
    assertThat(app.pay.refunds(no)).hasSize(1);
    assertThat(app.pay.getOrder(no).refundFee()).isEqualTo(200);
  }

  @Test
  void anUnknownOrderIs404() {
    assertError(admin.get(PAYMENTS + "/20260101000000nosuchorder000000"), 404, "ORDER_NOT_FOUND");
    assertError(admin.post(PAYMENTS + "/nosuch/refund", "{\"refundFee\":1,\"reason\":\"r\"}"),
        404, "ORDER_NOT_FOUND");
    assertError(admin.get(PAYMENTS + "/x/y"), 404, "NOT_FOUND");
  }

  @Test
  void anUnmatchedFactIsInTheOrdersTimelineAndAfterAReplayAndAnAcknowledgementResolved() {
    String no = user.createOrder("m1", "wxpay", "native").get("outTradeNo").asText();
    try (WechatPaySimulator signer = WechatPaySimulator.start()) {
      SignedNotification cheaper = CheckoutScenarios.paymentNotification(signer, no, 1);
      assertThat(user.postBytes("/pay/notify/wxpay/native", cheaper.body(), cheaper.headers())
              .status())
          .isBetween(400, 599);
    }
    JsonNode fact = detail(no).at("/ledger/0");
    assertThat(fact.get("outcome").asText()).isEqualTo("UNMATCHED_MISMATCH");
    long id = fact.get("id").asLong();
    assertThat(details(detail(no)))
        .anyMatch(d -> d.startsWith("via notify → UNMATCHED_MISMATCH, 1 fen"));

    AppClient.Answer replayed = admin.post("/api/admin/ledger/" + id + "/replay", "{}");
    assertThat(replayed.status()).as("%s", replayed).isEqualTo(200);
    assertThat(replayed.json().get("resolvedAt").isNull()).as("1 fen still does not fit").isTrue();
    assertThat(whats(detail(no))).doesNotContain("ledger fact #" + id + " resolved");

    AppClient.Answer acknowledged = admin.post("/api/admin/ledger/" + id + "/acknowledge", "{}");

    assertThat(acknowledged.status()).as("%s", acknowledged).isEqualTo(200);
    assertThat(whats(detail(no))).contains("ledger fact #" + id + " resolved");
    assertThat(app.pay.getOrder(no).status().code()).isZero();
  }

  @Test
  void runningASweeperPassNowReportsItAndListsItFirst() {
    JsonNode before = admin.get("/api/admin/sweeps").json();

    AppClient.Answer ran = admin.post("/api/admin/sweeps", "{}");

    assertThat(ran.status()).as("%s", ran).isEqualTo(200);
    assertThat(ran.json().has("claimed")).isTrue();
    assertThat(ran.json().get("errors").asInt()).isZero();
    JsonNode after = admin.get("/api/admin/sweeps").json();
    assertThat(after.get("passes").size()).isGreaterThan(before.get("passes").size());
    JsonNode newest = after.get("passes").get(0);
    assertThat(newest.get("claimed").asInt()).isEqualTo(ran.json().get("claimed").asInt());
    assertThat(Instant.parse(newest.get("finishedAt").asText()))
        .isAfterOrEqualTo(Instant.now().minusSeconds(60));
    assertThat(after.get("failures").isArray()).isTrue();
  }

  @Test
  void theConsolePageEscapesDataAndUsesNoInnerHtml() {
    AppClient.Answer page = admin.get("/admin");
    AppClient.Answer script = admin.get("/admin.js");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("Operator console").contains("Unresolved ledger facts")
        .contains("Sweeper passes").contains("Reconciliation");
    assertThat(script.body()).doesNotContain("innerHTML").doesNotContain("insertAdjacentHTML")
        .doesNotContain("document.write").contains("textContent");
  }

  private String paidOrder(String provider) {
    String no = user.createOrder("m1", provider, "native").get("outTradeNo").asText();
    app.providers.sandbox.pay(Provider.ofCode(provider), no);
    assertThat(user.order(no, 10).get("status").asInt()).isEqualTo(1);
    return no;
  }

  private JsonNode list(String query) {
    AppClient.Answer answer = admin.get(PAYMENTS + "?" + encodePlus(query));
    assertThat(answer.status()).as("%s", answer).isEqualTo(200);
    return answer.json();
  }

  private JsonNode detail(String no) {
    AppClient.Answer answer = admin.get(PAYMENTS + "/" + no);
    assertThat(answer.status()).as("%s", answer).isEqualTo(200);
    return answer.json();
  }

  private void assertBad(String query, String named) {
    AppClient.Answer answer = admin.get(PAYMENTS + "?" + encodePlus(query));
    assertError(answer, 400, "INVALID_ARGUMENT");
    assertThat(answer.json().get("message").asText()).contains(named);
  }

  /** Instants may carry a '+' nowhere, but cursors and quotes need escaping in a URL. */
  private static String encodePlus(String query) {
    StringBuilder out = new StringBuilder();
    for (String pair : query.split("&")) {
      if (out.length() > 0) out.append('&');
      int eq = pair.indexOf('=');
      out.append(pair, 0, eq + 1)
          .append(URLEncoder.encode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  private static List<String> numbers(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.get("orders").forEach(o -> out.add(o.get("outTradeNo").asText()));
    return out;
  }

  private static List<String> whats(JsonNode detail) {
    List<String> out = new ArrayList<>();
    detail.get("timeline").forEach(t -> out.add(t.get("what").asText()));
    return out;
  }

  private static List<String> details(JsonNode detail) {
    List<String> out = new ArrayList<>();
    detail.get("timeline").forEach(t -> out.add(t.get("detail").asText()));
    return out;
  }

  private static void assertError(AppClient.Answer answer, int status, String code) {
    assertThat(answer.status()).as("%s", answer).isEqualTo(status);
    assertThat(answer.json()).as("%s", answer).isNotNull();
    assertThat(answer.json().get("error").asText()).isEqualTo(code);
    assertThat(answer.json().get("message").asText()).isNotBlank();
  }
}
