package io.unipay.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unipay.core.order.Provider;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The headless demo: starts the sandbox app on a free port with an in-memory H2 database and walks
 * the whole flow over real HTTP, printing each step. Returns whether every check held.
 */
final class Demo {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5))
      .cookieHandler(new java.net.CookieManager()) // the session cookie of the sign-in
      .build();
  private final PrintStream out;
  private final String base;
  private final String adminToken;
  private int step;

  private Demo(PrintStream out, String base, String adminToken) {
    this.out = out;
    this.base = base;
    this.adminToken = adminToken;
  }

  static boolean run(AppConfig config, PrintStream out) throws Exception {
    Map<String, String> values = new HashMap<>();
    values.put("mode", "sandbox");
    values.put("http.port", "0");
    values.put("db.url", config.get("db.url", "jdbc:h2:mem:unipay-demo;DB_CLOSE_DELAY=-1"));
    values.put("db.user", config.get("db.user", "sa"));
    values.put("db.password", config.get("db.password", ""));
    try (VipRechargeApp app = VipRechargeApp.start(AppConfig.of(values))) {
      Demo demo = new Demo(out, app.url(), app.adminToken);
      try {
        demo.script(app.providers.sandbox);
        out.println("DEMO OK: every step behaved as expected");
        return true;
      } catch (AssertionError e) {
        out.println("DEMO FAILED: " + e.getMessage());
        return false;
      }
    }
  }

  private void script(Sandbox sandbox) throws Exception {
    check(!call("GET", "/api/me", null, 401).isEmpty(), "reading a user needs a session");
    JsonNode me = call("POST", "/api/session", "{\"userId\":\"u1001\"}", 200);
    say("signed in as " + me.get("userId").asText() + " (sandbox: by name; HttpOnly session cookie)");
    JsonNode packages = call("GET", "/api/packages", null, 200);
    say("packages: " + packages.size() + " on sale");
    for (JsonNode p : packages) {
      out.printf("      %-4s %-6s ¥%s  %s%n", p.get("id").asText(), p.get("label").asText(),
          java.math.BigDecimal.valueOf(p.get("price").asLong(), 2), p.get("dec").asText());
    }
    String before = call("GET", "/api/me", null, 200).path("vipExpireDate").asText(null);
    say("user u1001 VIP until: " + (before == null ? "not a VIP" : before));

    JsonNode wechat = createOrder("m1", "wxpay", "native");
    String wechatNo = wechat.get("outTradeNo").asText();
    say("WeChat Native order " + wechatNo + " created for ¥9.90, QR: "
        + wechat.path("payload").path("codeUrl").asText());

    sandbox.pay(Provider.WXPAY, wechatNo);
    JsonNode paid = call("GET", "/api/orders/" + wechatNo + "?await=10", null, 200);
    check(paid.get("status").asInt() == 1, "WeChat order should be paid, is " + paid.get("statusName"));
    say("payer paid in the simulator; notification verified and settled: status "
        + paid.get("status").asInt() + " (" + paid.get("statusName").asText() + "), transaction "
        + paid.get("transactionId").asText());

    String afterFirst = call("GET", "/api/me", null, 200).path("vipExpireDate").asText(null);
    check(afterFirst != null && !afterFirst.equals(before), "VIP should be extended");
    say("VIP extended by the vip handler (inside the settlement transaction): until " + afterFirst);

    long acknowledged = sandbox.acknowledgedNotifications(Provider.WXPAY, wechatNo);
    for (int i = 0; i < 3; i++) sandbox.redeliver(Provider.WXPAY, wechatNo);
    for (int i = 0; i < 100
        && sandbox.acknowledgedNotifications(Provider.WXPAY, wechatNo) < acknowledged + 3; i++) {
      Thread.sleep(50);
    }
    check(sandbox.acknowledgedNotifications(Provider.WXPAY, wechatNo) == acknowledged + 3,
        "the 3 duplicate notifications should be answered success");
    String afterDuplicates = call("GET", "/api/me", null, 200).path("vipExpireDate").asText(null);
    check(afterFirst.equals(afterDuplicates), "duplicate notifications must not extend VIP again");
    say("3 duplicate notifications answered success and ignored: VIP still until " + afterDuplicates);

    JsonNode alipay = createOrder("q1", "alipay", "native");
    String alipayNo = alipay.get("outTradeNo").asText();
    say("Alipay QR order " + alipayNo + " created for ¥25.00, QR: "
        + alipay.path("payload").path("codeUrl").asText());
    sandbox.pay(Provider.ALIPAY, alipayNo);
    JsonNode alipayPaid = call("GET", "/api/orders/" + alipayNo + "?await=10", null, 200);
    check(alipayPaid.get("status").asInt() == 1, "Alipay order should be paid");
    String afterAlipay = call("GET", "/api/me", null, 200).path("vipExpireDate").asText(null);
    say("Alipay payment settled; VIP now until " + afterAlipay);

    JsonNode refund = call("POST", "/api/orders/" + wechatNo + "/refund",
        "{\"refundFee\":990,\"reason\":\"demo refund\"}", 200);
    check(refund.path("order").path("status").asInt() == 3, "full refund should make status 3");
    say("refund " + refund.get("outRefundNo").asText() + " " + refund.get("status").asText()
        + ": order status " + refund.path("order").path("status").asInt() + " (FULLY_REFUNDED)");
    String outRefundNo = refund.get("outRefundNo").asText();
    if (!refund.get("status").asText().equals("SUCCESS")) {
      sandbox.completeRefund(Provider.WXPAY, wechatNo, outRefundNo);
      String status = "PROCESSING";
      for (int i = 0; i < 50 && !status.equals("SUCCESS"); i++) {
        Thread.sleep(100);
        status = call("GET", "/api/refunds/" + outRefundNo, null, 200).get("status").asText();
      }
      check(status.equals("SUCCESS"), "refund should succeed after the provider's notification");
      say("refund notification received: refund " + outRefundNo + " SUCCESS");
    }
    String afterRefund = call("GET", "/api/me", null, 200).path("vipExpireDate").asText(null);
    check(!afterRefund.equals(afterAlipay), "a full refund should take the VIP days back");
    say("VIP days of the refunded package taken back: until " + afterRefund);

    JsonNode bad = call("POST", "/api/orders", "{\"userId\":\"u1001\",\"packageId\":\"nope\","
        + "\"provider\":\"wxpay\",\"payType\":\"native\"}", 404);
    say("unknown package rejected: " + bad.get("error").asText());
  }

  private JsonNode createOrder(String pkg, String provider, String payType) throws Exception {
    return call("POST", "/api/orders", "{\"userId\":\"u1001\",\"packageId\":\"" + pkg
        + "\",\"provider\":\"" + provider + "\",\"payType\":\"" + payType + "\"}", 201);
  }

  private JsonNode call(String method, String path, String body, int expected) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("X-Admin-Token", adminToken)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    check(response.statusCode() == expected,
        method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    return JSON.readTree(response.body());
  }

  private void say(String line) {
    out.printf("[%2d] %s%n", ++step, line);
  }

  private static void check(boolean condition, String message) {
    if (!condition) throw new AssertionError(message);
  }
}
