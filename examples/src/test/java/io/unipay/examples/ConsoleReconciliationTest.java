package io.unipay.examples;

import static io.unipay.examples.AppClient.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.unipay.core.Reconciler;
import io.unipay.core.fake.MutableClock;
import io.unipay.core.order.Provider;
import io.unipay.testkit.wechat.Fault;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The operator console's reconciliation over real HTTP, against the sandbox's simulators on a
 * clock the test moves: payments are made on one day, the simulator's bill is made to differ, the
 * clock moves to noon of the next day (the bills are ready), and the day is reconciled through the
 * console. Each test uses the day its clock is on when it starts, so the order of the tests does
 * not matter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleReconciliationTest {
  private static final String PATH = "/api/admin/reconciliation";
  /** Noon in China time: the previous day's bills are ready (WeChat Pay 10:00, Alipay 09:00). */
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T04:00:00Z"));
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
                    // one background pass at start, then none: only reconciliation repairs here
                    "sweeper.interval", "PT1H",
                    "db.url", "jdbc:h2:mem:console-recon-" + UUID.randomUUID()
                        + ";DB_CLOSE_DELAY=-1")),
            clock);
    user = new AppClient(app.url()).signIn(AppClient.USER);
    admin = new AppClient(app.url()).signInAdmin(ADMIN_TOKEN);
  }

  @AfterAll
  void stopApp() {
    if (app != null) app.close();
  }

  @Test
  void aReconciledDayShowsBothSidesTotalsTheRepairedLostPaymentAndTheForeignPaymentsPaged() {
    LocalDate day = today();
    String paid = paidOrder("wxpay");
    String lost = user.createOrder("m1", "wxpay", "native").get("outTradeNo").asText();
    app.providers.wechatSimulator.inject(Fault.DROP_NOTIFICATION, 1);
    app.providers.sandbox.pay(Provider.WXPAY, lost); // paid at WeChat Pay, never notified
    String foreignA = "EXTA" + day.toString().replace("-", "");
    String foreignB = "EXTB" + day.toString().replace("-", "");
    app.providers.wechatSimulator.bills().addExternalPayment(foreignA, 1234, clock.instant());
    app.providers.wechatSimulator.bills().addExternalPayment(foreignB, 555, clock.instant());
    assertThat(app.pay.getOrder(lost).status().code()).isZero();
    clock.advance(Duration.ofDays(1));

    JsonNode before = ok(admin.get(PATH + "?provider=wxpay"));
    assertThat(before.get("day").asText()).as("yesterday by default").isEqualTo(day.toString());
    assertThat(before.get("state").asText()).isEqualTo("NOT_RECONCILED");
    assertThat(before.get("report").isNull()).isTrue();

    JsonNode ran = ok(admin.post(PATH, "{\"provider\":\"wxpay\"}"));

    assertThat(ran.get("day").asText()).isEqualTo(day.toString());
    assertThat(ran.get("state").asText()).isEqualTo("DISCREPANCIES");
    JsonNode report = ran.get("report");
    assertThat(report.get("run").asInt()).isEqualTo(1);
    assertThat(report.get("bill").asText()).isEqualTo("RECEIVED");
    JsonNode provider = report.get("providerTotals");
    assertThat(provider.get("payments").asLong()).isEqualTo(4);
    assertThat(provider.get("paymentTotal").asLong()).isEqualTo(990 + 990 + 1234 + 555);
    assertThat(provider.get("refunds").asLong()).isZero();
    assertThat(provider.get("fees").asLong())
        .isEqualTo(simulatorFee(990) * 2 + simulatorFee(1234) + simulatorFee(555));
    JsonNode local = report.get("localTotals");
    assertThat(local.get("payments").asLong()).as("counted after the repair").isEqualTo(2);
    assertThat(local.get("paymentTotal").asLong()).isEqualTo(1980);
    assertThat(local.get("fees").isNull()).isTrue();
    assertThat(report.at("/counts/PAID_AT_PROVIDER_MISSING_LOCALLY").asLong()).isEqualTo(3);
    assertThat(report.at("/counts/AMOUNT_MISMATCH").asLong()).isZero();
    assertThat(report.get("discrepancyCount").asLong()).isEqualTo(3);
    assertThat(report.get("repaired").asLong()).isEqualTo(1);
    Map<String, JsonNode> byOrder = byOrder(ran.get("discrepancies"));
    assertThat(byOrder).containsOnlyKeys(lost, foreignA, foreignB).doesNotContainKey(paid);
    JsonNode repaired = byOrder.get(lost);
    assertThat(repaired.get("type").asText()).isEqualTo("PAID_AT_PROVIDER_MISSING_LOCALLY");
    assertThat(repaired.get("remedy").asText()).isEqualTo("REPAIRED");
    assertThat(repaired.get("repaired").asBoolean()).isTrue();
    assertThat(repaired.get("providerAmount").asLong()).isEqualTo(990);
    assertThat(repaired.get("localAmount").asLong()).isEqualTo(990);
    JsonNode foreign = byOrder.get(foreignA);
    assertThat(foreign.get("remedy").asText()).isEqualTo("LEFT_TO_OPERATOR");
    assertThat(foreign.get("repaired").asBoolean()).isFalse();
    assertThat(foreign.get("providerAmount").asLong()).isEqualTo(1234);
    assertThat(foreign.get("localAmount").isNull()).as("no local order").isTrue();
    assertThat(foreign.get("providerId").asText()).isNotBlank();
    assertThat(byOrder.get(foreignB).get("providerAmount").asLong()).isEqualTo(555);
    assertThat(ran.get("next").isNull()).isTrue();
    assertThat(app.pay.getOrder(lost).status().code()).isEqualTo(1);
    assertThat(app.pay.getOrder(lost).userOrderSuccess()).as("the VIP was granted").isTrue();

    String query = PATH + "?provider=wxpay&day=" + day + "&limit=2";
    JsonNode first = ok(admin.get(query));
    assertThat(first.get("discrepancies")).hasSize(2);
    assertThat(first.get("next").isNull()).isFalse();
    JsonNode second = ok(admin.get(query + "&after=" + first.get("next").asLong()));
    assertThat(second.get("discrepancies")).hasSize(1);
    assertThat(second.get("next").isNull()).isTrue();
    List<String> paged = new ArrayList<>(byOrder(first.get("discrepancies")).keySet());
    paged.addAll(byOrder(second.get("discrepancies")).keySet());
    assertThat(paged).containsExactlyInAnyOrder(lost, foreignA, foreignB);
    assertThat(first.at("/report/run").asInt()).as("reading does not reconcile").isEqualTo(1);

    JsonNode again = ok(admin.post(PATH, "{\"provider\":\"wxpay\",\"day\":\"" + day + "\"}"));
    assertThat(again.at("/report/run").asInt()).as("the stored report").isEqualTo(1);

    JsonNode forced =
        ok(admin.post(PATH, "{\"provider\":\"wxpay\",\"day\":\"" + day + "\",\"force\":true}"));
    assertThat(forced.at("/report/run").asInt()).isEqualTo(2);
    assertThat(forced.at("/report/repaired").asLong()).isZero();
    assertThat(byOrder(forced.get("discrepancies"))).containsOnlyKeys(foreignA, foreignB);
    assertThat(forced.at("/report/localTotals/payments").asLong()).isEqualTo(2);
  }

  @Test
  void anAlipayDayWithARefundReconcilesCleanWithBothSidesTotals() {
    LocalDate day = today();
    String paid = paidOrder("alipay");
    AppClient.Answer refunded =
        admin.post("/api/admin/payments/" + paid + "/refund",
            "{\"refundFee\":300,\"reason\":\"damaged in transit\"}");
    assertThat(refunded.status()).as("%s", refunded).isEqualTo(200);
    assertThat(app.pay.refunds(paid)).singleElement()
        .satisfies(r -> assertThat(r.status().name()).isEqualTo("SUCCESS"));
    clock.advance(Duration.ofDays(1));

    JsonNode ran = ok(admin.post(PATH, "{\"provider\":\"alipay\",\"day\":\"" + day + "\"}"));

    assertThat(ran.get("state").asText()).isEqualTo("CLEAN");
    JsonNode provider = ran.at("/report/providerTotals");
    JsonNode local = ran.at("/report/localTotals");
    for (JsonNode side : List.of(provider, local)) {
      assertThat(side.get("payments").asLong()).isEqualTo(1);
      assertThat(side.get("paymentTotal").asLong()).isEqualTo(990);
      assertThat(side.get("refunds").asLong()).isEqualTo(1);
      assertThat(side.get("refundTotal").asLong()).isEqualTo(300);
    }
    assertThat(provider.get("fees").asLong()).isEqualTo(simulatorFee(990) - simulatorFee(300));
    assertThat(ran.get("discrepancies")).isEmpty();
    assertThat(ran.get("next").isNull()).isTrue();
    assertThat(ok(admin.get(PATH + "?provider=alipay&day=" + day)).get("state").asText())
        .isEqualTo("CLEAN");
  }

  @Test
  void aNonAdminIsRefusedAndAFormPostIsRefusedAndNothingIsReconciled() {
    LocalDate past = LocalDate.of(2026, 6, 1); // no test reconciles it
    String body = "{\"provider\":\"wxpay\",\"day\":\"" + past + "\"}";
    AppClient anonymous = new AppClient(app.url());

    for (AppClient caller : List.of(anonymous, user)) {
      int status = caller == anonymous ? 401 : 403;
      String code = caller == anonymous ? "UNAUTHORIZED" : "FORBIDDEN";
      assertError(caller.get(PATH + "?provider=wxpay&day=" + past), status, code);
      assertError(caller.post(PATH, body), status, code);
    }
    assertError(
        anonymous.post(PATH, body,
            Map.of("X-Admin-Token", "guessed", "Content-Type", "application/json")),
        401, "UNAUTHORIZED");
    for (String type : List.of("application/x-www-form-urlencoded", "text/plain")) {
      assertError(admin.post(PATH, body, Map.of("Content-Type", type)), 415,
          "UNSUPPORTED_MEDIA_TYPE");
    }

    assertThat(ok(admin.get(PATH + "?provider=wxpay&day=" + past)).get("state").asText())
        .isEqualTo("NOT_RECONCILED");
    assertThat(app.pay.reconciler().report(Provider.WXPAY, past)).isEmpty();
    JsonNode byToken = ok(anonymous.get(PATH + "?provider=wxpay&day=" + past,
        Map.of("X-Admin-Token", ADMIN_TOKEN)));
    assertThat(byToken.get("state").asText()).isEqualTo("NOT_RECONCILED");
  }

  @Test
  void badArgumentsADayNotOverAndABillNotReadyAreAnsweredWithTheirReasons() {
    assertError(admin.get(PATH), 400, "INVALID_ARGUMENT");
    assertError(admin.get(PATH + "?provider=paypal"), 400, "INVALID_ARGUMENT");
    assertError(admin.get(PATH + "?provider=wxpay&day=yesterday"), 400, "INVALID_ARGUMENT");
    assertError(admin.get(PATH + "?provider=wxpay&limit=0"), 400, "INVALID_ARGUMENT");
    assertError(admin.get(PATH + "?provider=wxpay&limit=101"), 400, "INVALID_ARGUMENT");
    assertError(admin.get(PATH + "?provider=wxpay&after=-1"), 400, "INVALID_ARGUMENT");
    assertError(admin.post(PATH, "{\"day\":\"2026-06-02\"}"), 400, "INVALID_ARGUMENT");
    assertError(
        admin.post(PATH, "{\"provider\":\"wxpay\",\"day\":\"2026-06-02\",\"force\":\"yes\"}"),
        400, "INVALID_ARGUMENT");

    AppClient.Answer notOver =
        admin.post(PATH, "{\"provider\":\"wxpay\",\"day\":\"" + today() + "\"}");
    assertError(notOver, 400, "INVALID_ARGUMENT");
    assertThat(notOver.json().get("message").asText()).contains("has not ended");

    LocalDate creating = LocalDate.of(2026, 6, 3);
    app.providers.wechatSimulator.bills().notReady(creating);
    AppClient.Answer notReady =
        admin.post(PATH, "{\"provider\":\"wxpay\",\"day\":\"" + creating + "\"}");
    assertError(notReady, 409, "BILL_NOT_READY");
    assertThat(app.pay.reconciler().report(Provider.WXPAY, creating)).isEmpty();
  }

  /** The day the clock is on, in China time (the providers' calendar day). */
  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), Reconciler.BILL_ZONE);
  }

  /** The simulators' default fee: 0.6 % of the amount, rounded half up to whole fen. */
  private static long simulatorFee(long fen) {
    return (fen * 60 + 5_000) / 10_000;
  }

  private String paidOrder(String provider) {
    String no = user.createOrder("m1", provider, "native").get("outTradeNo").asText();
    app.providers.sandbox.pay(Provider.ofCode(provider), no);
    assertThat(user.order(no, 10).get("status").asInt()).isEqualTo(1);
    return no;
  }

  private static Map<String, JsonNode> byOrder(JsonNode discrepancies) {
    Map<String, JsonNode> out = new HashMap<>();
    discrepancies.forEach(d -> out.put(d.get("outTradeNo").asText(), d));
    return out;
  }

  private static JsonNode ok(AppClient.Answer answer) {
    assertThat(answer.status()).as("%s", answer).isEqualTo(200);
    return answer.json();
  }

  private static void assertError(AppClient.Answer answer, int status, String code) {
    assertThat(answer.status()).as("%s", answer).isEqualTo(status);
    assertThat(answer.json().get("error").asText()).isEqualTo(code);
    assertThat(answer.json().get("message").asText()).isNotBlank();
  }
}
