package io.unipay.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.unipay.examples.boot.AppHttp.Answer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * What an operator of the example sees at {@code /actuator}: the {@code uniPay} health component
 * and the uni-pay meters after a real payment in the sandbox.
 */
@SpringBootTest(
    classes = VipBootApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "unipay.first-check-delay=1h")
class ActuatorEndpointsTest {
  @Value("${local.server.port}")
  int port;

  @Test
  void healthShowsTheUniPayComponentUpWithDatabaseProvidersAndSweeper() throws Exception {
    AppHttp app = new AppHttp(port);

    Answer health = app.get("/actuator/health");

    assertThat(health.status()).as(health.text()).isEqualTo(200);
    assertThat(health.json().path("status").asText()).isEqualTo("UP");
    JsonNode uniPay = health.json().at("/components/uniPay");
    assertThat(uniPay.path("status").asText()).isEqualTo("UP");
    assertThat(uniPay.at("/details/database/tables").asText()).isEqualTo("present");
    assertThat(uniPay.at("/details/wechat/mode").asText()).isEqualTo("public-key");
    assertThat(uniPay.at("/details/alipay/mode").asText()).isEqualTo("public-key");
    assertThat(uniPay.at("/details/sweeper/state").asText()).isEqualTo("running");
  }

  @Test
  void metricsShowNotificationsSettlementsAndProviderCallsAfterAPayment() throws Exception {
    AppHttp app = new AppHttp(port);
    Answer created =
        app.postJson(
            "/api/orders",
            Map.of(
                "userId", "oscar-" + UUID.randomUUID(), "packageId", "month", "provider", "wxpay"));
    String outTradeNo = created.json().path("outTradeNo").asText();
    app.post("/api/sandbox/orders/" + outTradeNo + "/pay");
    app.await(
        "/api/orders/" + outTradeNo,
        a -> a.json().path("status").asText().equals("PAID"),
        Duration.ofSeconds(20));

    assertThat(count(app, "unipay.notifications?tag=provider:wxpay&tag=outcome:success"))
        .isGreaterThanOrEqualTo(1);
    assertThat(count(app, "unipay.settlements?tag=type:vip&tag=outcome:settled"))
        .isGreaterThanOrEqualTo(1);
    assertThat(count(app, "unipay.provider.calls?tag=operation:prepay&tag=result:success"))
        .isGreaterThanOrEqualTo(1);
    assertThat(app.get("/actuator/metrics/unipay.ledger.unresolved").status()).isEqualTo(200);
  }

  private static double count(AppHttp app, String meter) throws Exception {
    Answer answer = app.get("/actuator/metrics/" + meter);
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    for (JsonNode m : answer.json().path("measurements")) {
      if (m.path("statistic").asText().equals("COUNT")) return m.path("value").asDouble();
    }
    throw new AssertionError("no COUNT in " + answer.text());
  }
}
