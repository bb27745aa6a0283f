package io.unipay.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unipay.core.CreateOrderRequest;
import io.unipay.core.ErrorCode;
import io.unipay.core.RefundRequest;
import io.unipay.core.UniPay;
import io.unipay.core.UniPayException;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.testkit.alipay.SignedForm;
import io.unipay.testkit.wechat.Endpoint;
import io.unipay.testkit.wechat.Fault;
import io.unipay.testkit.wechat.SignedNotification;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The meters as an operator sees them: read from {@code /actuator/metrics/...} over real HTTP, in
 * an application whose only meter registry is the one Actuator configures, after real calls to the
 * simulators and real notifications posted to the notify endpoint.
 */
@SpringBootTest(
    classes = VipTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "management.endpoints.web.exposure.include=health,metrics")
class ActuatorMetricsEndpointTest {
  private static final Set<String> HOP_BY_HOP = Set.of("content-length", "host", "connection");

  @Autowired UniPay pay;
  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    Simulators.register(registry);
    registry.add(
        "spring.datasource.url",
        () -> "jdbc:h2:mem:actuator-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  @Test
  void providerCallsAreTimedByProviderOperationAndResultAtTheMetricsEndpoint() throws Exception {
    double prepays = count("unipay.provider.calls", "provider:wxpay", "operation:prepay",
        "result:success");
    create(Provider.WXPAY);
    assertThat(count("unipay.provider.calls", "provider:wxpay", "operation:prepay",
        "result:success")).isEqualTo(prepays + 1);

    double unknown = count("unipay.provider.calls", "provider:wxpay", "operation:prepay",
        "result:outcome_unknown");
    double unavailable = count("unipay.provider.calls", "provider:wxpay", "operation:prepay",
        "result:provider_unavailable");
    Simulators.WECHAT.inject(Fault.SERVER_ERROR, Endpoint.PREPAY, 1);
    Simulators.WECHAT.inject(Fault.RATE_LIMITED, Endpoint.PREPAY, 1);

    assertThatThrownBy(() -> create(Provider.WXPAY)).isInstanceOf(UniPayException.class);
    assertThatThrownBy(() -> create(Provider.WXPAY)).isInstanceOf(UniPayException.class);

    assertThat(count("unipay.provider.calls", "provider:wxpay", "operation:prepay",
        "result:outcome_unknown")).isEqualTo(unknown + 1);
    assertThat(count("unipay.provider.calls", "provider:wxpay", "operation:prepay",
        "result:provider_unavailable")).isEqualTo(unavailable + 1);
    JsonNode all = metric("unipay.provider.calls", "provider:wxpay");
    assertThat(tagValues(all, "result"))
        .allMatch(r -> r.equals("success") || r.equals("error") || isErrorCode(r));
    assertThat(tagValues(all, "operation")).contains("prepay");
  }

  @Test
  void notificationAndItsSettlementAreCountedAtTheMetricsEndpoint() throws Exception {
    double notified = count("unipay.notifications", "provider:wxpay", "outcome:success");
    double settled = count("unipay.settlements", "type:vip", "provider:wxpay", "outcome:settled");
    String outTradeNo = create(Provider.WXPAY);
    Simulators.WECHAT.inject(Fault.DROP_NOTIFICATION, 1);
    Simulators.WECHAT.pay(outTradeNo);
    SignedNotification signed = Simulators.WECHAT.paymentNotification(outTradeNo);

    HttpResponse<String> answer = post("/pay/notify/wxpay/native", signed.headers(), signed.body());

    assertThat(answer.statusCode()).isIn(200, 204);
    assertThat(count("unipay.notifications", "provider:wxpay", "outcome:success"))
        .isEqualTo(notified + 1);
    assertThat(count("unipay.settlements", "type:vip", "provider:wxpay", "outcome:settled"))
        .isEqualTo(settled + 1);
  }

  @Test
  void aDuplicateNotificationIsCountedAsAlreadySettledThoughNoHandlerRuns() throws Exception {
    String outTradeNo = create(Provider.WXPAY);
    Simulators.WECHAT.inject(Fault.DROP_NOTIFICATION, 1);
    Simulators.WECHAT.pay(outTradeNo);
    SignedNotification signed = Simulators.WECHAT.paymentNotification(outTradeNo);
    post("/pay/notify/wxpay/native", signed.headers(), signed.body());
    double settled = count("unipay.settlements", "type:vip", "provider:wxpay", "outcome:settled");
    double already =
        count(
            "unipay.settlement.outcomes",
            "provider:wxpay",
            "outcome:already_settled",
            "source:notify");

    HttpResponse<String> again = post("/pay/notify/wxpay/native", signed.headers(), signed.body());

    assertThat(again.statusCode()).isIn(200, 204);
    assertThat(
            count(
                "unipay.settlement.outcomes",
                "provider:wxpay",
                "outcome:already_settled",
                "source:notify"))
        .isEqualTo(already + 1);
    assertThat(count("unipay.settlements", "type:vip", "provider:wxpay", "outcome:settled"))
        .isEqualTo(settled);
  }

  @Test
  void refundThatReachedSuccessIsCountedWithItsAmountAtTheMetricsEndpoint() throws Exception {
    double refunds = count("unipay.refunds", "type:vip", "provider:alipay", "outcome:refunded");
    double amount = count("unipay.refunds.amount", "type:vip", "provider:alipay");
    double refundCalls =
        count("unipay.provider.calls", "provider:alipay", "operation:refund", "result:success");
    String outTradeNo = create(Provider.ALIPAY);
    Simulators.ALIPAY.faults().dropNextNotifications(1);
    Simulators.ALIPAY.pay(outTradeNo);
    SignedForm form = Simulators.ALIPAY.paymentNotification(outTradeNo);
    assertThat(post("/pay/notify/alipay/native", Map.of("Content-Type", form.contentType()),
        form.body()).body()).isEqualTo("success");

    Refund refund = pay.refund(RefundRequest.of(outTradeNo, 700, "test refund"));

    assertThat(refund.status()).isEqualTo(RefundStatus.SUCCESS);
    assertThat(count("unipay.refunds", "type:vip", "provider:alipay", "outcome:refunded"))
        .isEqualTo(refunds + 1);
    assertThat(count("unipay.refunds.amount", "type:vip", "provider:alipay"))
        .isEqualTo(amount + 700);
    assertThat(
            count("unipay.provider.calls", "provider:alipay", "operation:refund", "result:success"))
        .isEqualTo(refundCalls + 1);
  }

  @Test
  void metricsEndpointListsEveryUniPayMeterNamedInMicrometerConvention() throws Exception {
    create(Provider.WXPAY);
    HttpResponse<String> response = get("/actuator/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode names = json.readTree(response.body()).path("names");
    java.util.List<String> uniPay = new java.util.ArrayList<>();
    names.forEach(n -> {
      if (n.asText().startsWith("unipay.")) uniPay.add(n.asText());
    });
    assertThat(uniPay)
        .contains("unipay.provider.calls", "unipay.ledger.unresolved")
        .allMatch(name -> name.matches("[a-z]+(\\.[a-z]+)+"), "lower-case, dot-separated");
  }

  private static boolean isErrorCode(String tag) {
    for (ErrorCode code : ErrorCode.values()) {
      if (code.name().toLowerCase(Locale.ROOT).equals(tag)) return true;
    }
    return false;
  }

  private String create(Provider provider) {
    return pay.createOrder(
            CreateOrderRequest.builder()
                .type("vip")
                .orderNo("vip-" + UUID.randomUUID())
                .provider(provider)
                .payType(PayType.NATIVE)
                .totalFee(1990)
                .description("VIP 30 days")
                .build())
        .outTradeNo();
  }

  /** The COUNT statistic of a meter with these tags, 0 when no such meter exists yet. */
  private double count(String name, String... tags) throws Exception {
    return statistic(name, "COUNT", tags);
  }

  private double statistic(String name, String statistic, String... tags) throws Exception {
    JsonNode metric = metric(name, tags);
    if (metric == null) return 0;
    for (JsonNode m : metric.path("measurements")) {
      if (m.path("statistic").asText().equals(statistic)) return m.path("value").asDouble();
    }
    throw new AssertionError(name + " has no " + statistic + ": " + metric);
  }

  private JsonNode metric(String name, String... tags) throws Exception {
    StringBuilder query = new StringBuilder();
    for (String tag : tags) {
      query.append(query.length() == 0 ? '?' : '&')
          .append("tag=")
          .append(URLEncoder.encode(tag, StandardCharsets.UTF_8));
    }
    HttpResponse<String> response = get("/actuator/metrics/" + name + query);
    if (response.statusCode() == 404) return null;
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  private static java.util.List<String> tagValues(JsonNode metric, String tag) {
    java.util.List<String> values = new java.util.ArrayList<>();
    for (JsonNode available : metric.path("availableTags")) {
      if (available.path("tag").asText().equals(tag)) {
        available.path("values").forEach(v -> values.add(v.asText()));
      }
    }
    return values;
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, Map<String, String> headers, byte[] body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(
        (name, value) -> {
          if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) request.header(name, value);
        });
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
