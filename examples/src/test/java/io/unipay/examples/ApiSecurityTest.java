package io.unipay.examples;

import static io.unipay.examples.AppClient.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.unipay.core.order.PayOrder;
import io.unipay.testkit.wechat.SignedNotification;
import io.unipay.testkit.wechat.WechatPaySimulator;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The app's security model through its HTTP API: who may read, close, pay and refund an order,
 * the session cookie, CSRF, the server-chosen Alipay return URL, what 5xx answers reveal, and that
 * no number of waiting long-polls delays a provider notification.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiSecurityTest {
  private static final long M1_PRICE = 990;
  private VipRechargeApp app;
  private AppClient owner;

  @BeforeAll
  void startApp() throws Exception {
    app = start(Map.of());
    owner = new AppClient(app.url()).signIn(AppClient.USER);
  }

  @AfterAll
  void stopApp() {
    if (app != null) app.close();
  }

  private static VipRechargeApp start(Map<String, String> extra) throws Exception {
    Map<String, String> settings = new HashMap<>(extra);
    settings.put("mode", "sandbox");
    settings.put("http.port", "0");
    settings.put("db.url", "jdbc:h2:mem:security-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return VipRechargeApp.start(AppConfig.of(settings));
  }

  @Test
  void anUnauthenticatedRequestCannotReadCloseOrPayAnOrderNorSeeAUser() {
    String outTradeNo = owner.createOrder("m1", "wxpay", "native").get("outTradeNo").asText();
    AppClient anonymous = new AppClient(app.url());

    assertError(anonymous.get("/api/orders/" + outTradeNo), 401, "UNAUTHORIZED");
    assertError(anonymous.get("/api/orders/" + outTradeNo + "?await=5"), 401, "UNAUTHORIZED");
    assertError(anonymous.post("/api/orders/" + outTradeNo + "/close", "{}"), 401, "UNAUTHORIZED");
    assertError(anonymous.post("/api/sandbox/pay/" + outTradeNo, "{}"), 401, "UNAUTHORIZED");
    assertError(anonymous.get("/api/users/" + AppClient.USER), 401, "UNAUTHORIZED");
    assertError(anonymous.get("/api/me"), 401, "UNAUTHORIZED");
    assertError(
        anonymous.post(
            "/api/orders", "{\"userId\":\"u1001\",\"packageId\":\"m1\",\"provider\":\"wxpay\",\"payType\":\"native\"}"),
        401,
        "UNAUTHORIZED");
    AppClient forged = new AppClient(app.url());
    assertError(
        forged.get("/api/orders/" + outTradeNo, Map.of("Cookie", "vip_sid=guessed-session-id")),
        401,
        "UNAUTHORIZED");

    assertThat(app.pay.getOrder(outTradeNo).status().code()).isZero();
  }

  @Test
  void anotherUsersRequestCannotReadCloseOrPayAnOrderNorSeeTheOwnersVip() {
    String outTradeNo = owner.createOrder("m1", "wxpay", "native").get("outTradeNo").asText();
    AppClient mallory = new AppClient(app.url()).signUp("mallory-" + UUID.randomUUID());

    assertError(mallory.get("/api/orders/" + outTradeNo), 403, "FORBIDDEN");
    assertError(mallory.get("/api/orders/" + outTradeNo + "?await=3"), 403, "FORBIDDEN");
    assertError(mallory.post("/api/orders/" + outTradeNo + "/close", "{}"), 403, "FORBIDDEN");
    assertError(mallory.post("/api/sandbox/pay/" + outTradeNo, "{}"), 403, "FORBIDDEN");
    assertError(mallory.get("/api/users/" + AppClient.USER), 403, "FORBIDDEN");
    assertError(
        mallory.post(
            "/api/orders",
            "{\"userId\":\"u1001\",\"packageId\":\"m1\",\"provider\":\"wxpay\",\"payType\":\"native\"}"),
        403,
        "FORBIDDEN");

    assertThat(app.pay.getOrder(outTradeNo).status().code()).isZero();
    JsonNode mine = owner.order(outTradeNo, 0);
    assertThat(mine.get("userId").asText()).isEqualTo(AppClient.USER);
  }

  @Test
  void theOwnerClosesTheirOrderButACrossSiteFormPostIsRefused() {
    String outTradeNo = owner.createOrder("m1", "wxpay", "native").get("outTradeNo").asText();

    AppClient.Answer form =
        owner.post(
            "/api/orders/" + outTradeNo + "/close",
            "",
            Map.of("Content-Type", "application/x-www-form-urlencoded"));
    AppClient.Answer plain =
        owner.post("/api/orders/" + outTradeNo + "/close", "", Map.of("Content-Type", "text/plain"));

    assertError(form, 415, "UNSUPPORTED_MEDIA_TYPE");
    assertError(plain, 415, "UNSUPPORTED_MEDIA_TYPE");
    assertThat(app.pay.getOrder(outTradeNo).status().code()).isZero();
    AppClient.Answer closed = owner.post("/api/orders/" + outTradeNo + "/close", "{}");
    assertThat(closed.status()).as("%s", closed).isEqualTo(200);
    assertThat(closed.json().get("status").asInt()).isEqualTo(-1);
  }

  @Test
  void theSessionCookieIsHttpOnlySameSiteStrictAndANewRandomIdOnEverySignIn() {
    List<String> first = owner.signInCookies(AppClient.USER);
    List<String> second = owner.signInCookies(AppClient.USER);

    assertThat(first).hasSize(1);
    String cookie = first.get(0);
    assertThat(cookie).startsWith("vip_sid=").contains("; HttpOnly").contains("; SameSite=Strict")
        .contains("; Path=/");
    String id = cookie.substring("vip_sid=".length(), cookie.indexOf(';'));
    assertThat(id).matches("[A-Za-z0-9_-]{43}");
    assertThat(second.get(0)).doesNotContain(id);
  }

  @Test
  void signingOutEndsTheSession() {
    AppClient user = new AppClient(app.url()).signIn(AppClient.USER);
    String id = user.sessionCookie();
    assertThat(user.get("/api/me").status()).isEqualTo(200);

    assertThat(
            user.send("DELETE", "/api/session", "{}").status())
        .isEqualTo(200);

    AppClient replay = new AppClient(app.url());
    assertError(replay.get("/api/me", Map.of("Cookie", "vip_sid=" + id)), 401, "UNAUTHORIZED");
  }

  @Test
  void refundsRefundLookupsAndTheOperatorViewAreForTheAdminOnly() {
    JsonNode created = owner.createOrder("m1", "wxpay", "native");
    String outTradeNo = created.get("outTradeNo").asText();
    app.providers.sandbox.pay(io.unipay.core.order.Provider.WXPAY, outTradeNo);
    assertThat(owner.order(outTradeNo, 10).get("status").asInt()).isEqualTo(1);

    assertError(
        owner.post("/api/orders/" + outTradeNo + "/refund", "{\"refundFee\":990}"), 403, "FORBIDDEN");
    assertError(owner.get("/api/admin/orders"), 403, "FORBIDDEN");
    assertError(owner.get("/api/admin/ledger"), 403, "FORBIDDEN");
    assertError(new AppClient(app.url()).get("/api/admin/orders"), 401, "UNAUTHORIZED");
    assertError(
        new AppClient(app.url()).post("/api/session", "{\"adminToken\":\"guess\"}"),
        401,
        "UNAUTHORIZED");
    assertThat(app.pay.getOrder(outTradeNo).refundFee()).isZero();

    AppClient admin = new AppClient(app.url()).signInAdmin(ADMIN_TOKEN);
    AppClient.Answer orders = admin.get("/api/admin/orders");
    assertThat(orders.status()).isEqualTo(200);
    assertThat(orders.body()).contains(created.get("orderNo").asText());
    assertThat(admin.order(outTradeNo, 0).get("status").asInt()).isEqualTo(1);
    AppClient.Answer refund =
        admin.post("/api/orders/" + outTradeNo + "/refund", "{\"refundFee\":100}");
    assertThat(refund.status()).as("%s", refund).isEqualTo(200);
    assertThat(app.pay.getOrder(outTradeNo).refundFee()).isEqualTo(100);
  }

  @Test
  void theClientCannotChooseAlipaysReturnUrlTheServerSetsIt() {
    AppClient.Answer evil =
        owner.post(
            "/api/orders",
            "{\"packageId\":\"m1\",\"provider\":\"alipay\",\"payType\":\"page\","
                + "\"returnUrl\":\"https://evil.example/login\"}");
    assertError(evil, 400, "INVALID_ARGUMENT");
    assertThat(evil.json().get("message").asText()).contains("returnUrl");

    String url = owner.createOrder("m1", "alipay", "page").path("payload").path("url").asText();
    String query = URI.create(url).getRawQuery();
    String returnUrl = null;
    for (String pair : query.split("&")) {
      if (pair.startsWith("return_url=")) {
        returnUrl = URLDecoder.decode(pair.substring("return_url=".length()), StandardCharsets.UTF_8);
      }
    }
    assertThat(returnUrl).isEqualTo(app.url() + "/");
  }

  @Test
  void aStorageFailureIsAnswered500WithACorrelationIdAndNoSql() throws Exception {
    try (VipRechargeApp broken = start(Map.of())) {
      AppClient user = new AppClient(broken.url()).signIn(AppClient.USER);
      try (var connection = broken.dataSource.getConnection();
          var statement = connection.createStatement()) {
        statement.execute("ALTER TABLE uni_pay_orders RENAME TO uni_pay_orders_gone");
      }

      AppClient.Answer answer = user.get("/api/orders/20260101000000000000000000000001");

      assertThat(answer.status()).as("%s", answer).isEqualTo(500);
      assertThat(answer.json().get("error").asText()).isEqualTo("STORAGE_FAILURE");
      String id = answer.json().get("correlationId").asText();
      assertThat(id).matches("[0-9a-f]{12}");
      assertThat(answer.json().get("message").asText()).isEqualTo("internal error (reference " + id + ")");
      assertThat(answer.body().toLowerCase(java.util.Locale.ROOT))
          .doesNotContain("select")
          .doesNotContain("uni_pay_orders")
          .doesNotContain("sql")
          .doesNotContain("42s02")
          .doesNotContain("42102");
    }
  }

  @Test
  void aNotificationIsAnsweredWithinOneSecondWhile64LongPollsWait() throws Exception {
    List<AppClient> users = new ArrayList<>();
    List<String> orders = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      AppClient user = new AppClient(app.url()).signUp("poller-" + i + "-" + UUID.randomUUID());
      users.add(user);
      orders.add(user.createOrder("m1", "wxpay", "native").get("outTradeNo").asText());
    }
    String other = owner.createOrder("m1", "wxpay", "native").get("outTradeNo").asText();
    List<CompletableFuture<AppClient.Answer>> polls = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      for (int j = 0; j < 4; j++) {
        polls.add(users.get(i).getAsync("/api/orders/" + orders.get(i) + "?await=20"));
      }
    }
    // Once all 64 are admitted and waiting, each user's fifth long-poll is refused at once.
    Eventually.await(
        "64 long-polls waiting",
        Duration.ofSeconds(10),
        () -> app.server.longPollsWaiting() == 64);
    for (int i = 0; i < 16; i++) {
      AppClient.Answer fifth = users.get(i).get("/api/orders/" + orders.get(i) + "?await=20");
      assertError(fifth, 429, "TOO_MANY_LONG_POLLS");
    }
    assertThat(polls).noneMatch(CompletableFuture::isDone);

    try (WechatPaySimulator signer = WechatPaySimulator.start()) {
      SignedNotification paid = CheckoutScenarios.paymentNotification(signer, other, M1_PRICE);
      long start = System.nanoTime();
      AppClient.Answer answer =
          owner.postBytes("/pay/notify/wxpay/native", paid.body(), paid.headers());
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(answer.status()).as("%s", answer).isBetween(200, 299);
      assertThat(took).isLessThan(Duration.ofSeconds(1));
      long apiStart = System.nanoTime();
      assertThat(owner.get("/api/packages").status()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - apiStart)).isLessThan(Duration.ofSeconds(1));
      assertThat(owner.order(other, 0).get("status").asInt()).isEqualTo(1);

      // Paying the waited-for orders answers their long-polls with the paid order.
      for (String no : orders) {
        SignedNotification n = CheckoutScenarios.paymentNotification(signer, no, M1_PRICE);
        assertThat(owner.postBytes("/pay/notify/wxpay/native", n.body(), n.headers()).status())
            .isBetween(200, 299);
      }
    }
    for (CompletableFuture<AppClient.Answer> poll : polls) {
      AppClient.Answer answer = poll.get(15, TimeUnit.SECONDS);
      assertThat(answer.status()).as("%s", answer).isEqualTo(200);
      assertThat(answer.json().get("status").asInt()).isEqualTo(1);
    }
  }

  @Test
  void aUserIdOf64CharsCanSignUpAndOrderAnd65AreRefused() {
    String id64 = "u".repeat(54) + UUID.randomUUID().toString().substring(0, 10);
    AppClient user = new AppClient(app.url()).signUp(id64);
    JsonNode created = user.createOrder("m1", "wxpay", "native");
    assertThat(user.order(created.get("outTradeNo").asText(), 0).get("userId").asText())
        .isEqualTo(id64);

    AppClient.Answer tooLong =
        new AppClient(app.url()).post("/api/users", "{\"userId\":\"" + "v".repeat(65) + "\"}");
    assertError(tooLong, 400, "INVALID_ARGUMENT");
    assertThat(tooLong.json().get("message").asText()).contains("64");
    AppClient.Answer again = new AppClient(app.url()).post("/api/users", "{\"userId\":\"" + id64 + "\"}");
    assertError(again, 409, "USER_EXISTS");
  }

  @Test
  void theSweepersFirstCheckDelayComesFromTheConfiguration() throws Exception {
    try (VipRechargeApp configured = start(Map.of("sweeper.first.check.delay", "PT7M"))) {
      AppClient user = new AppClient(configured.url()).signIn(AppClient.USER);
      String outTradeNo = user.createOrder("m1", "wxpay", "native").get("outTradeNo").asText();

      PayOrder order = configured.pay.getOrder(outTradeNo);

      assertThat(Duration.between(order.createDate(), order.nextCheckAt()))
          .isEqualTo(Duration.ofMinutes(7));
    }
    AppClient defaults = new AppClient(app.url()).signIn(AppClient.USER);
    PayOrder order =
        app.pay.getOrder(defaults.createOrder("m1", "wxpay", "native").get("outTradeNo").asText());
    assertThat(Duration.between(order.createDate(), order.nextCheckAt()))
        .isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void theOperatorSeesAnUnmatchedPaymentReplaysItAndAcknowledgesIt() {
    String outTradeNo = owner.createOrder("m1", "wxpay", "native").get("outTradeNo").asText();
    try (WechatPaySimulator signer = WechatPaySimulator.start()) {
      SignedNotification cheaper = CheckoutScenarios.paymentNotification(signer, outTradeNo, 1);
      assertThat(owner.postBytes("/pay/notify/wxpay/native", cheaper.body(), cheaper.headers()).status())
          .isBetween(400, 599);
    }
    AppClient admin = new AppClient(app.url()).signInAdmin(ADMIN_TOKEN);
    JsonNode fact = null;
    for (JsonNode f : admin.get("/api/admin/ledger?limit=500").json()) {
      if (f.get("outTradeNo").asText().equals(outTradeNo)) fact = f;
    }
    assertThat(fact).as("the unmatched payment is listed").isNotNull();
    assertThat(fact.get("outcome").asText()).isEqualTo("UNMATCHED_MISMATCH");
    assertThat(fact.get("amount").asLong()).isEqualTo(1);
    long id = fact.get("id").asLong();

    assertError(owner.post("/api/admin/ledger/" + id + "/replay", "{}"), 403, "FORBIDDEN");
    AppClient.Answer replayed = admin.post("/api/admin/ledger/" + id + "/replay", "{}");

    assertThat(replayed.status()).as("%s", replayed).isEqualTo(200);
    assertThat(replayed.json().get("id").asLong()).isEqualTo(id);
    assertThat(replayed.json().get("resolvedAt").isNull()).as("still 1 fen for a 990 order").isTrue();
    assertThat(app.pay.getOrder(outTradeNo).status().code()).isZero();

    AppClient.Answer acknowledged = admin.post("/api/admin/ledger/" + id + "/acknowledge", "{}");
    assertThat(acknowledged.status()).isEqualTo(200);
    assertThat(acknowledged.json().get("resolvedAt").isNull()).isFalse();
    assertThat(admin.get("/api/admin/ledger?limit=500").body()).doesNotContain(outTradeNo);
    assertThat(admin.get("/admin").body()).contains("Unresolved ledger facts");
  }

  private static void assertError(AppClient.Answer answer, int status, String code) {
    assertThat(answer.status()).as("%s", answer).isEqualTo(status);
    assertThat(answer.json()).as("%s", answer).isNotNull();
    assertThat(answer.json().get("error").asText()).isEqualTo(code);
  }
}
