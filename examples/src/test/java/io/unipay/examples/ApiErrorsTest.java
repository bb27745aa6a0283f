package io.unipay.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Bad input gets a clear 4xx JSON answer ({@code error} code and {@code message}), not a 500. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiErrorsTest {
  private VipRechargeApp app;
  private AppClient client;

  @BeforeAll
  void startApp() throws Exception {
    app =
        VipRechargeApp.start(
            AppConfig.of(
                Map.of(
                    "mode", "sandbox",
                    "http.port", "0",
                    "db.url", "jdbc:h2:mem:errors-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")));
    client = new AppClient(app.url()).signIn(AppClient.USER);
  }

  @AfterAll
  void stopApp() {
    if (app != null) app.close();
  }

  @Test
  void unknownPackageIs404UnknownPackage() {
    AppClient.Answer answer =
        client.post(
            "/api/orders",
            "{\"userId\":\"u1001\",\"packageId\":\"nope\",\"provider\":\"wxpay\",\"payType\":\"native\"}");

    assertError(answer, 404, "UNKNOWN_PACKAGE");
    assertThat(answer.json().get("message").asText()).contains("nope");
  }

  @Test
  void unknownProviderIs400() {
    AppClient.Answer answer =
        client.post(
            "/api/orders",
            "{\"userId\":\"u1001\",\"packageId\":\"m1\",\"provider\":\"paypal\",\"payType\":\"native\"}");

    assertError(answer, 400, "INVALID_ARGUMENT");
    assertThat(answer.json().get("message").asText()).contains("paypal");
  }

  @Test
  void unknownPayTypeIs400() {
    AppClient.Answer answer =
        client.post(
            "/api/orders",
            "{\"userId\":\"u1001\",\"packageId\":\"m1\",\"provider\":\"wxpay\",\"payType\":\"card\"}");

    assertError(answer, 400, "INVALID_ARGUMENT");
  }

  @Test
  void unknownUserIs404() {
    AppClient anonymous = new AppClient(app.url());

    assertError(anonymous.post("/api/session", "{\"userId\":\"u9\"}"), 404, "UNKNOWN_USER");
    assertError(
        client.get("/api/users/u9", Map.of("X-Admin-Token", AppClient.ADMIN_TOKEN)),
        404,
        "UNKNOWN_USER");
  }

  @Test
  void missingFieldIs400NamingTheField() {
    AppClient.Answer answer =
        client.post(
            "/api/orders", "{\"userId\":\"u1001\",\"provider\":\"wxpay\",\"payType\":\"native\"}");

    assertError(answer, 400, "INVALID_ARGUMENT");
    assertThat(answer.json().get("message").asText()).contains("packageId");
  }

  @Test
  void malformedJsonIs400MalformedJson() {
    assertError(client.post("/api/orders", "{\"userId\": \"u1001\","), 400, "MALFORMED_JSON");
    assertError(client.post("/api/orders", "[1, 2]"), 400, "MALFORMED_JSON");
    assertError(client.post("/api/orders", ""), 400, "MALFORMED_JSON");
  }

  @Test
  void oversizedBodyIs413() {
    String padding = "x".repeat(20 * 1024);
    AppClient.Answer answer =
        client.post(
            "/api/orders",
            "{\"userId\":\"u1001\",\"packageId\":\"m1\",\"provider\":\"wxpay\",\"payType\":\"native\","
                + "\"padding\":\""
                + padding
                + "\"}");

    assertError(answer, 413, "BODY_TOO_LARGE");
  }

  @Test
  void unknownOrderIs404() {
    assertError(client.get("/api/orders/20260101000000nosuchorder000000"), 404, "ORDER_NOT_FOUND");
  }

  @Test
  void simulatingAPaymentTwiceIs409NotPayable() {
    String outTradeNo = client.createOrder("m1", "wxpay", "native").get("outTradeNo").asText();

    AppClient.Answer first = client.post("/api/sandbox/pay/" + outTradeNo, "");
    AppClient.Answer second = client.post("/api/sandbox/pay/" + outTradeNo, "");

    assertThat(first.status()).isEqualTo(202);
    assertError(second, 409, "NOT_PAYABLE");
    assertThat(client.order(outTradeNo, 10).get("status").asInt()).isEqualTo(1);
  }

  @Test
  void unknownRouteIs404() {
    assertError(client.get("/api/nothing-here"), 404, "NOT_FOUND");
  }

  @Test
  void notANumberForAwaitIs400() {
    assertError(client.get("/api/orders/x?await=soon"), 400, "INVALID_ARGUMENT");
  }

  private static void assertError(AppClient.Answer answer, int status, String code) {
    assertThat(answer.status()).as("%s", answer).isEqualTo(status);
    assertThat(answer.json()).as("%s", answer).isNotNull();
    assertThat(answer.json().get("error").asText()).isEqualTo(code);
    assertThat(answer.json().get("message").asText()).isNotBlank();
  }
}
