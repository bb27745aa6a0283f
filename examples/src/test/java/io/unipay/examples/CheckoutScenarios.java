package io.unipay.examples;

import static io.unipay.examples.AppClient.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.unipay.core.order.Provider;
import io.unipay.testkit.alipay.AlipaySimulator;
import io.unipay.testkit.alipay.SignedForm;
import io.unipay.testkit.wechat.SignedNotification;
import io.unipay.testkit.wechat.WechatPaySimulator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;

/**
 * The example app's checkout, end to end over real HTTP: the app in sandbox mode with the WeChat
 * Pay and Alipay simulators in-process, on the database a subclass names. One app per class; the
 * tests share the demo user {@code u1001}, so every VIP check compares against the expiry read just
 * before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CheckoutScenarios {
  private static final AtomicLong TRANSACTION_IDS = new AtomicLong(9_000_000);
  private static final Duration NOTIFY_TIMEOUT = Duration.ofSeconds(20);
  private static final long M1_PRICE = 990;
  private static final int M1_DAYS = 30;
  private static final long Q1_PRICE = 2500;
  private static final int Q1_DAYS = 90;

  VipRechargeApp app;
  AppClient client;
  Sandbox sandbox;

  /**
   * The settings of the app under test (the database to use; sandbox mode and port 0 are added).
   * Throws {@link TestAbortedException} (via {@link Assumptions}) when the database is unavailable
   * and that is allowed: every test of the class is then reported as skipped, with the reason.
   */
  abstract Map<String, String> appSettings();

  /** Why this class's database is not available, or null when it is. */
  private String unavailable;

  @BeforeAll
  void startApp() throws Exception {
    Map<String, String> settings;
    try {
      settings = new HashMap<>(appSettings());
    } catch (TestAbortedException e) {
      unavailable = e.getMessage(); // each test reports the skip, with the reason
      return;
    }
    settings.put("mode", "sandbox");
    settings.put("http.port", "0");
    app = VipRechargeApp.start(AppConfig.of(settings));
    client = new AppClient(app.url()).signIn(AppClient.USER);
    sandbox = app.providers.sandbox;
  }

  @BeforeEach
  void skipWhenTheDatabaseIsUnavailable() {
    Assumptions.assumeTrue(unavailable == null, () -> unavailable);
  }

  @AfterAll
  void stopApp() {
    if (app != null) app.close();
  }

  @Test
  void wechatNativeOrderPaidByQrIsSettledAndExtendsTheVip() {
    Instant before = client.vipExpiry();
    JsonNode created = client.createOrder("m1", "wxpay", "native");
    assertThat(created.get("payloadKind").asText()).isEqualTo("QrCode");
    assertThat(created.path("payload").path("codeUrl").asText()).startsWith("weixin://wxpay/");

    Instant paidFrom = Instant.now();
    JsonNode paid = payAndAwait(Provider.WXPAY, created);

    assertThat(paid.get("provider").asText()).isEqualTo("wxpay");
    assertThat(paid.get("payType").asText()).isEqualTo("native");
    assertThat(paid.get("transactionId").asText()).startsWith("42000");
    assertVipExtended(before, paidFrom, M1_DAYS);
  }

  @Test
  void wechatJsapiOrderOfAPayerSignedInWithTheOfficialAccountReturnsSignedPayParamsAndIsSettled() {
    String openid = "oJsapi" + java.util.UUID.randomUUID().toString().replace("-", "");
    AppClient payer =
        new AppClient(app.url()).signInWithCode("WECHAT_OFFICIAL_ACCOUNT", openid);
    JsonNode created = payer.createOrder("m1", "wxpay", "jsapi");
    JsonNode payload = created.get("payload");
    assertThat(created.get("payloadKind").asText()).isEqualTo("WechatJsapi");
    assertThat(payload.get("appId").asText()).isEqualTo(WechatPaySimulator.DEFAULT_APPID);
    assertThat(payload.get("packageValue").asText()).startsWith("prepay_id=");
    assertThat(payload.get("signType").asText()).isEqualTo("RSA");
    assertThat(payload.get("paySign").asText()).matches("[A-Za-z0-9+/]{300,}={0,2}");
    String outTradeNo = created.get("outTradeNo").asText();

    Instant paidFrom = Instant.now();
    sandbox.pay(Provider.WXPAY, outTradeNo);

    assertThat(payer.order(outTradeNo, 10).get("status").asInt()).isEqualTo(1);
    assertThat(app.pay.getOrder(outTradeNo).openid()).isEqualTo(openid);
    assertThat(payer.vipExpiry()).isAfter(paidFrom.plus(Duration.ofDays(M1_DAYS - 1)));
  }

  @Test
  void wechatJsapiOrderWithoutAWechatSignInIsRejectedWith400() {
    AppClient.Answer answer =
        client.post(
            "/api/orders",
            "{\"userId\":\"u1001\",\"packageId\":\"m1\",\"provider\":\"wxpay\",\"payType\":\"jsapi\"}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().get("error").asText()).isEqualTo("PAYER_LOGIN_REQUIRED");
    assertThat(answer.json().get("message").asText())
        .contains("openid")
        .contains("WECHAT_OFFICIAL_ACCOUNT");
  }

  @Test
  void alipayQrOrderIsSettledAndExtendsTheVip() {
    Instant before = client.vipExpiry();
    JsonNode created = client.createOrder("q1", "alipay", "native");
    assertThat(created.get("payloadKind").asText()).isEqualTo("QrCode");
    assertThat(created.path("payload").path("codeUrl").asText())
        .startsWith("https://qr.alipay.com/");

    Instant paidFrom = Instant.now();
    JsonNode paid = payAndAwait(Provider.ALIPAY, created);

    assertThat(paid.get("totalFee").asLong()).isEqualTo(Q1_PRICE);
    assertVipExtended(before, paidFrom, Q1_DAYS);
  }

  @Test
  void alipayPageOrderRedirectsToTheGatewayAndIsSettledAfterPaying() {
    Instant before = client.vipExpiry();
    JsonNode created = client.createOrder("m1", "alipay", "page");
    assertThat(created.get("payloadKind").asText()).isEqualTo("RedirectUrl");
    String url = created.path("payload").path("url").asText();
    assertThat(url)
        .startsWith("http://")
        .contains("method=alipay.trade.page.pay")
        .contains("sign=");

    // In sandbox mode the app's "opened" hook registered the page trade with the simulator.
    Instant paidFrom = Instant.now();
    JsonNode paid = payAndAwait(Provider.ALIPAY, created);

    assertThat(paid.get("payType").asText()).isEqualTo("page");
    assertVipExtended(before, paidFrom, M1_DAYS);
  }

  @Test
  void twentyConcurrentDuplicateNotificationsExtendTheVipExactlyOnce() throws Exception {
    JsonNode created = client.createOrder("m1", "wxpay", "native");
    String outTradeNo = created.get("outTradeNo").asText();
    Instant before = client.vipExpiry();
    Instant paidFrom = Instant.now();
    payAndAwait(Provider.WXPAY, created);
    Instant afterPayment = assertVipExtended(before, paidFrom, M1_DAYS);
    long acknowledged = sandbox.acknowledgedNotifications(Provider.WXPAY, outTradeNo);

    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> sends = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        sends.add(
            pool.submit(
                () -> {
                  go.await();
                  sandbox.redeliver(Provider.WXPAY, outTradeNo);
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> send : sends) send.get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    Eventually.await(
        "20 duplicate notifications answered",
        NOTIFY_TIMEOUT,
        () -> sandbox.acknowledgedNotifications(Provider.WXPAY, outTradeNo) >= acknowledged + 20);

    assertThat(sandbox.acknowledgedNotifications(Provider.WXPAY, outTradeNo))
        .isEqualTo(acknowledged + 20);
    assertThat(client.vipExpiry()).isEqualTo(afterPayment);
    assertThat(client.order(outTradeNo, 0).get("status").asInt()).isEqualTo(1);
  }

  @Test
  void tamperedNotificationsAreRejectedAndChangeNothing() {
    JsonNode created = client.createOrder("m1", "wxpay", "native");
    String outTradeNo = created.get("outTradeNo").asText();
    String path = "/pay/notify/wxpay/native";
    Instant before = client.vipExpiry();

    // Signed with the simulator's WeChat Pay key (the one the app trusts), then tampered with.
    try (WechatPaySimulator forger = WechatPaySimulator.start()) {
      SignedNotification genuine = paymentNotification(forger, outTradeNo, M1_PRICE);
      SignedNotification cheaper = paymentNotification(forger, outTradeNo, 1);
      List<SignedNotification> tampered =
          List.of(
              genuine.withBody(cheaper.body()),
              cheaper.withHeader("Wechatpay-Signature", genuine.header("Wechatpay-Signature")),
              genuine.withHeader("Wechatpay-Nonce", "tampered-nonce"),
              genuine.withoutHeader("Wechatpay-Signature"),
              genuine.withHeader(
                  "Wechatpay-Serial", "PUB_KEY_ID_0000000000000000000000000000000000"),
              forgedWithAnotherKey(forger, outTradeNo));

      for (SignedNotification notification : tampered) {
        AppClient.Answer answer =
            client.postBytes(path, notification.body(), notification.headers());
        assertThat(answer.status()).as("answer to %s", notification).isBetween(400, 599);
        assertThat(answer.body()).contains("FAIL");
      }
      assertThat(client.order(outTradeNo, 0).get("status").asInt()).isZero();
      assertThat(client.vipExpiry()).isEqualTo(before);

      // The same notification untouched is accepted: the rejections above were the tampering.
      Instant paidFrom = Instant.now();
      AppClient.Answer accepted = client.postBytes(path, genuine.body(), genuine.headers());
      assertThat(accepted.status()).isBetween(200, 299);
      assertThat(client.order(outTradeNo, 0).get("status").asInt()).isEqualTo(1);
      assertVipExtended(before, paidFrom, M1_DAYS);
    }
  }

  @Test
  void tamperedAlipayNotificationsAreRejectedAndChangeNothing() {
    JsonNode created = client.createOrder("q1", "alipay", "native");
    String outTradeNo = created.get("outTradeNo").asText();
    String path = "/pay/notify/alipay/native";
    Instant before = client.vipExpiry();

    // Signed with the simulator's Alipay key (the one the app trusts), then tampered with.
    try (AlipaySimulator forger = AlipaySimulator.start()) {
      SignedForm genuine = forger.paymentNotification(outTradeNo, Q1_PRICE);
      Map<String, String> cheaper = new LinkedHashMap<>(genuine.fields());
      cheaper.put("total_amount", "0.01");
      cheaper.put("receipt_amount", "0.01");
      Map<String, String> unsigned = new LinkedHashMap<>(genuine.fields());
      unsigned.remove("sign");
      Map<String, String> otherSign = new LinkedHashMap<>(genuine.fields());
      otherSign.put(
          "sign", forger.signNotification(Map.of("out_trade_no", outTradeNo)).fields().get("sign"));

      for (Map<String, String> fields : List.of(cheaper, unsigned, otherSign)) {
        AppClient.Answer answer = client.post(path, formEncode(fields), genuine.headers());
        assertThat(answer.body()).as("answer to %s", fields).isNotEqualTo("success");
      }
      assertThat(client.order(outTradeNo, 0).get("status").asInt()).isZero();
      assertThat(client.vipExpiry()).isEqualTo(before);

      // The same notification untouched is accepted: the rejections above were the tampering.
      Instant paidFrom = Instant.now();
      AppClient.Answer accepted = client.postBytes(path, genuine.body(), genuine.headers());
      assertThat(accepted.status()).isEqualTo(200);
      assertThat(accepted.body()).isEqualTo("success");
      assertThat(client.order(outTradeNo, 0).get("status").asInt()).isEqualTo(1);
      assertVipExtended(before, paidFrom, Q1_DAYS);
    }
  }

  @Test
  void concurrentPaymentsOfOneUserEachExtendTheVip() throws Exception {
    int orders = 4;
    List<String> outTradeNos = new ArrayList<>();
    for (int i = 0; i < orders; i++) {
      outTradeNos.add(client.createOrder("m1", "wxpay", "native").get("outTradeNo").asText());
    }
    Instant before = client.vipExpiry();
    Instant paidFrom = Instant.now();

    // Signed notifications for each order, posted at once: the settlements race for the user.
    try (WechatPaySimulator signer = WechatPaySimulator.start()) {
      List<SignedNotification> notifications = new ArrayList<>();
      for (String no : outTradeNos) notifications.add(paymentNotification(signer, no, M1_PRICE));
      ExecutorService pool = Executors.newFixedThreadPool(orders);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<AppClient.Answer>> answers = new ArrayList<>();
        for (SignedNotification n : notifications) {
          answers.add(
              pool.submit(
                  () -> {
                    go.await();
                    return client.postBytes("/pay/notify/wxpay/native", n.body(), n.headers());
                  }));
        }
        go.countDown();
        for (Future<AppClient.Answer> answer : answers) {
          assertThat(answer.get(30, TimeUnit.SECONDS).status()).isBetween(200, 299);
        }
      } finally {
        pool.shutdownNow();
      }
    }

    for (String no : outTradeNos)
      assertThat(client.order(no, 0).get("status").asInt()).isEqualTo(1);
    assertVipExtended(before, paidFrom, orders * M1_DAYS);
  }

  @Test
  void wechatPartialRefundMakesStatus2AndTheRestMakesStatus3AndTakesTheVipDaysBack() {
    JsonNode created = client.createOrder("m1", "wxpay", "native");
    String outTradeNo = created.get("outTradeNo").asText();
    payAndAwait(Provider.WXPAY, created);
    Instant paid = client.vipExpiry();

    AppClient.Answer partial = client.refund(outTradeNo, 100, ADMIN_TOKEN);
    assertThat(partial.status()).isEqualTo(200);
    assertThat(partial.json().get("status").asText()).isEqualTo("PROCESSING");
    assertThat(partial.json().path("order").path("status").asInt()).isEqualTo(2);
    completeRefund(Provider.WXPAY, outTradeNo, partial.json().get("outRefundNo").asText());
    assertThat(client.vipExpiry()).isEqualTo(paid);

    AppClient.Answer rest = client.refund(outTradeNo, M1_PRICE - 100, ADMIN_TOKEN);
    assertThat(rest.status()).isEqualTo(200);
    assertThat(rest.json().path("order").path("status").asInt()).isEqualTo(3);
    assertThat(rest.json().path("order").path("refundFee").asLong()).isEqualTo(M1_PRICE);
    Instant refundedFrom = Instant.now();
    completeRefund(Provider.WXPAY, outTradeNo, rest.json().get("outRefundNo").asText());

    assertThat(client.order(outTradeNo, 0).get("status").asInt()).isEqualTo(3);
    assertVipTakenBack(paid, refundedFrom, M1_DAYS);
    assertThat(client.refund(outTradeNo, 1, ADMIN_TOKEN).status()).isEqualTo(409);
  }

  @Test
  void alipayFullRefundMakesStatus3AndTakesTheVipDaysBack() {
    JsonNode created = client.createOrder("q1", "alipay", "native");
    String outTradeNo = created.get("outTradeNo").asText();
    payAndAwait(Provider.ALIPAY, created);
    Instant paid = client.vipExpiry();

    Instant refundedFrom = Instant.now();
    AppClient.Answer refund = client.refund(outTradeNo, Q1_PRICE, ADMIN_TOKEN);

    assertThat(refund.status()).isEqualTo(200);
    assertThat(refund.json().path("order").path("status").asInt()).isEqualTo(3);
    String outRefundNo = refund.json().get("outRefundNo").asText();
    if (!refund.json().get("status").asText().equals("SUCCESS")) {
      completeRefund(Provider.ALIPAY, outTradeNo, outRefundNo);
    }
    assertVipTakenBack(paid, refundedFrom, Q1_DAYS);
  }

  @Test
  void payingOneOrderByBothProvidersRefundsTheSecondAndKeepsTheVipOfTheFirst() {
    Instant before = client.vipExpiry();
    JsonNode byWechat = client.createOrder("m1", "wxpay", "native");
    String orderNo = byWechat.get("orderNo").asText();
    // The user also opens the Alipay QR code of the same business order and pays both.
    String byAlipay =
        app.pay.createOrder(
                io.unipay.core.CreateOrderRequest.builder()
                    .type("vip").orderNo(orderNo).provider(Provider.ALIPAY)
                    .payType(io.unipay.core.order.PayType.NATIVE).totalFee(M1_PRICE)
                    .description("VIP").userId("u1001").build())
            .outTradeNo();
    Instant paidFrom = Instant.now();
    payAndAwait(Provider.WXPAY, byWechat);
    Instant granted = assertVipExtended(before, paidFrom, M1_DAYS);

    sandbox.pay(Provider.ALIPAY, byAlipay);
    Eventually.await(
        "duplicate refunded", NOTIFY_TIMEOUT,
        () -> client.order(byAlipay, 0).get("status").asInt() == 3);

    assertThat(client.vipExpiry()).as("the first payment's VIP stays").isEqualTo(granted);
    assertThat(client.order(byWechat.get("outTradeNo").asText(), 0).get("status").asInt())
        .isEqualTo(1);
  }

  @Test
  void refundByTheOwnerOrWithAWrongAdminTokenIsRefusedAndChangesNothing() {
    JsonNode created = client.createOrder("m1", "wxpay", "native");
    String outTradeNo = created.get("outTradeNo").asText();
    payAndAwait(Provider.WXPAY, created);

    AppClient.Answer missing = client.refund(outTradeNo, M1_PRICE, null);
    AppClient.Answer wrong = client.refund(outTradeNo, M1_PRICE, "not-the-token");

    assertThat(missing.status()).isEqualTo(403);
    assertThat(missing.json().get("error").asText()).isEqualTo("FORBIDDEN");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.json().get("error").asText()).isEqualTo("UNAUTHORIZED");
    JsonNode order = client.order(outTradeNo, 0);
    assertThat(order.get("status").asInt()).isEqualTo(1);
    assertThat(order.get("refundFee").asLong()).isZero();
  }

  @Test
  void amountComesFromThePackageTableNeverFromTheRequest() {
    JsonNode created = client.createOrder("q1", "wxpay", "native", "totalFee", "1", "price", "1");

    assertThat(created.get("totalFee").asLong()).isEqualTo(Q1_PRICE);
    JsonNode order = client.order(created.get("outTradeNo").asText(), 0);
    assertThat(order.get("totalFee").asLong()).isEqualTo(Q1_PRICE);
    assertThat(order.get("status").asInt()).isZero();
  }

  // ---------------------------------------------------------------- helpers

  /** Pays at the simulated provider and waits (GET ?await=10) for the order to be PAID. */
  JsonNode payAndAwait(Provider provider, JsonNode created) {
    String outTradeNo = created.get("outTradeNo").asText();
    sandbox.pay(provider, outTradeNo);
    JsonNode order = client.order(outTradeNo, 10);
    assertThat(order.get("status").asInt()).as("status of %s", order).isEqualTo(1);
    assertThat(order.get("statusName").asText()).isEqualTo("PAID");
    assertThat(order.get("totalFee").asLong()).isEqualTo(created.get("totalFee").asLong());
    return order;
  }

  /**
   * Checks the VIP grew by {@code days} exactly once: from the previous expiry when it was still
   * running, else from the moment of payment. Returns the new expiry.
   */
  Instant assertVipExtended(Instant before, Instant paidFrom, int days) {
    Instant paidBy = Instant.now();
    Instant after = client.vipExpiry();
    assertThat(after).isNotNull();
    if (before != null && before.isAfter(paidBy)) {
      assertThat(after).isEqualTo(before.plus(Duration.ofDays(days)));
    } else {
      assertThat(after)
          .isBetween(
              paidFrom.plus(Duration.ofDays(days)).truncatedTo(ChronoUnit.MILLIS),
              paidBy.plus(Duration.ofDays(days)));
    }
    return after;
  }

  /** Checks a full refund took {@code days} back, never below "now". */
  void assertVipTakenBack(Instant paid, Instant refundedFrom, int days) {
    Instant reduced = paid.minus(Duration.ofDays(days));
    Eventually.await(
        "VIP days taken back", NOTIFY_TIMEOUT, () -> client.vipExpiry().isBefore(paid));
    Instant after = client.vipExpiry();
    if (reduced.isAfter(Instant.now())) {
      assertThat(after).isEqualTo(reduced);
    } else {
      assertThat(after).isBetween(refundedFrom.truncatedTo(ChronoUnit.MILLIS), Instant.now());
    }
  }

  /** Lets the provider finish a PROCESSING refund and waits until the app recorded SUCCESS. */
  void completeRefund(Provider provider, String outTradeNo, String outRefundNo) {
    sandbox.completeRefund(provider, outTradeNo, outRefundNo);
    Eventually.await(
        "refund " + outRefundNo + " SUCCESS",
        NOTIFY_TIMEOUT,
        () ->
            client
                .get("/api/refunds/" + outRefundNo, Map.of("X-Admin-Token", ADMIN_TOKEN))
                .json()
                .get("status")
                .asText()
                .equals("SUCCESS"));
  }

  private static String formEncode(Map<String, String> fields) {
    StringBuilder form = new StringBuilder();
    fields.forEach(
        (name, value) ->
            form.append(form.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return form.toString();
  }

  static SignedNotification paymentNotification(
      WechatPaySimulator signer, String outTradeNo, long totalFee) {
    return signer
        .notification()
        .eventType("TRANSACTION.SUCCESS")
        .summary("支付成功")
        .resource("transaction", transactionJson(signer, outTradeNo, totalFee))
        .build();
  }

  private static SignedNotification forgedWithAnotherKey(WechatPaySimulator forger, String no) {
    return forger
        .notification()
        .eventType("TRANSACTION.SUCCESS")
        .summary("支付成功")
        .resource("transaction", transactionJson(forger, no, M1_PRICE))
        .signer(forger.publicKeyId(), forger.merchantPrivateKeyPem())
        .build();
  }

  private static String transactionJson(WechatPaySimulator sim, String outTradeNo, long total) {
    String successTime =
        OffsetDateTime.now(ZoneOffset.ofHours(8))
            .truncatedTo(ChronoUnit.SECONDS)
            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    var json =
        AppClient.JSON
            .createObjectNode()
            .put("mchid", sim.mchid())
            .put("appid", sim.appId())
            .put("out_trade_no", outTradeNo)
            .put(
                "transaction_id",
                "42000" + String.format("%023d", TRANSACTION_IDS.incrementAndGet()))
            .put("trade_type", "NATIVE")
            .put("trade_state", "SUCCESS")
            .put("trade_state_desc", "支付成功")
            .put("bank_type", "OTHERS")
            .put("success_time", successTime);
    json.putObject("payer").put("openid", "oForgedPayer000000000000000");
    json.putObject("amount")
        .put("total", total)
        .put("payer_total", total)
        .put("currency", "CNY")
        .put("payer_currency", "CNY");
    return json.toString();
  }
}
