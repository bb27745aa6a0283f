package io.unipay.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.unipay.core.CreateOrderRequest;
import io.unipay.core.UniPay;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.spring.VipTestApplication.Failure;
import io.unipay.spring.VipTestApplication.Recorder;
import io.unipay.testkit.wechat.Fault;
import io.unipay.testkit.wechat.SignedNotification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Micrometer meters in a running web application with a {@link SimpleMeterRegistry}: signed
 * notifications over HTTP, a sweeper pass, and a ledger fact that needs an operator.
 */
@SpringBootTest(
    classes = {VipTestApplication.class, MetricsTest.Registry.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "unipay.sweeper.enabled=true",
      "unipay.sweeper.interval=1h",
      "unipay.first-check-delay=0s"
    })
class MetricsTest {
  private static final Set<String> HOP_BY_HOP = Set.of("content-length", "host", "connection");

  @Autowired UniPay pay;
  @Autowired Recorder recorder;
  @Autowired MeterRegistry registry;
  @Autowired UniPaySweeperLifecycle sweeper;
  @Autowired JdbcTemplate jdbc;
  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newHttpClient();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    Simulators.register(registry);
    registry.add(
        "spring.datasource.url",
        () -> "jdbc:h2:mem:metrics-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  /** The application's meter registry. */
  @Configuration(proxyBeanMethods = false)
  static class Registry {
    @Bean
    SimpleMeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }

  @BeforeEach
  void firstBackgroundPassIsOver() throws InterruptedException {
    for (int i = 0; i < 100 && sweeper.lastPassAt().isEmpty(); i++) Thread.sleep(50);
    assertThat(sweeper.lastPassAt()).isPresent();
  }

  @Test
  void acceptedNotificationIsTimedAsSuccessAndItsSettlementCounted() throws Exception {
    double notified = timerCount("wxpay", "success");
    double settled = settlements("settled");

    HttpResponse<String> answer = postWechatNotification(paidWechatOrder());

    assertThat(answer.statusCode()).isIn(200, 204);
    assertThat(timerCount("wxpay", "success")).isEqualTo(notified + 1);
    assertThat(settlements("settled")).isEqualTo(settled + 1);
    assertThat(
            registry.get(NotifyMetrics.NAME).tags("provider", "wxpay").timer().totalTime(
                java.util.concurrent.TimeUnit.NANOSECONDS))
        .isPositive();
  }

  @Test
  void failingHandlerIsCountedAsHandlerFailedAndTheNotificationAsFailure() throws Exception {
    double failures = timerCount("wxpay", "failure");
    double failed = settlements("handler_failed");
    recorder.failNext(Failure.THROW_AFTER_INSERT);

    postWechatNotification(paidWechatOrder());

    assertThat(settlements("handler_failed")).isEqualTo(failed + 1);
    assertThat(timerCount("wxpay", "failure")).isEqualTo(failures + 1);
  }

  @Test
  void handlerWhoseTransactionWasMarkedRollbackOnlyIsCountedAsRolledBack() throws Exception {
    double rolledBack = settlements("rolled_back");
    double settled = settlements("settled");
    recorder.failNext(Failure.SERVICE_THROWS_SWALLOWED);

    postWechatNotification(paidWechatOrder());

    assertThat(settlements("rolled_back")).isEqualTo(rolledBack + 1);
    assertThat(settlements("settled")).isEqualTo(settled);
  }

  @Test
  void notificationOnAPathNamingNoProviderIsTaggedUnknown() throws Exception {
    post("/pay/notify/evil" + UUID.randomUUID() + "/native", new byte[] {1});

    assertThat(timerCount("unknown", "failure")).isPositive();
    assertThat(registry.find(NotifyMetrics.NAME).timers())
        .allSatisfy(t -> assertThat(t.getId().getTag("provider")).isIn("wxpay", "alipay", "unknown"));
  }

  @Test
  void sweeperPassIsCountedWithWhatItSettled() {
    double passes = counter("unipay.sweeper.passes");
    double claimed = counter("unipay.sweeper.claimed");
    double settled = counter("unipay.sweeper.settled");
    paidWechatOrder(); // its notification is lost; the sweeper's query finds the payment

    sweeper.sweeper().runOnce();

    assertThat(counter("unipay.sweeper.passes")).isEqualTo(passes + 1);
    assertThat(counter("unipay.sweeper.claimed")).isGreaterThanOrEqualTo(claimed + 1);
    assertThat(counter("unipay.sweeper.settled")).isGreaterThanOrEqualTo(settled + 1);
    for (String name :
        new String[] {
          "closed", "final.checks", "refunds.reconciled", "duplicates.refunded", "purged",
          "refunds.stuck", "errors"
        }) {
      assertThat(registry.find("unipay.sweeper." + name).counter()).as(name).isNotNull();
    }
  }

  @Test
  void paymentThatDoesNotFitItsOrderIsCountedAndShownByTheUnresolvedGauge() throws Exception {
    String outTradeNo = paidWechatOrder();
    jdbc.update(
        "UPDATE uni_pay_orders SET total_fee = total_fee + 1 WHERE out_trade_no = ?", outTradeNo);

    postWechatNotification(outTradeNo);

    assertThat(
            registry
                .get(LedgerMetrics.NAME)
                .tags("provider", "wxpay", "outcome", "unmatched_mismatch")
                .counter()
                .count())
        .isGreaterThanOrEqualTo(1);
    assertThat(registry.get(UnresolvedLedgerGauge.NAME).gauge().value())
        .isGreaterThanOrEqualTo(1);
  }

  private String paidWechatOrder() {
    String outTradeNo =
        pay.createOrder(
                CreateOrderRequest.builder()
                    .type("vip")
                    .orderNo("vip-" + UUID.randomUUID())
                    .provider(Provider.WXPAY)
                    .payType(PayType.NATIVE)
                    .totalFee(1990)
                    .description("VIP 30 days")
                    .build())
            .outTradeNo();
    Simulators.WECHAT.inject(Fault.DROP_NOTIFICATION, 1);
    Simulators.WECHAT.pay(outTradeNo);
    return outTradeNo;
  }

  private HttpResponse<String> postWechatNotification(String outTradeNo) throws Exception {
    SignedNotification signed = Simulators.WECHAT.paymentNotification(outTradeNo);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/pay/notify/wxpay/native"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
    signed
        .headers()
        .forEach(
            (name, value) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) request.header(name, value);
            });
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void post(String path, byte[] body) throws Exception {
    http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  private double timerCount(String provider, String outcome) {
    Timer timer =
        registry.find(NotifyMetrics.NAME).tags("provider", provider, "outcome", outcome).timer();
    return timer == null ? 0 : timer.count();
  }

  private double settlements(String outcome) {
    var counter =
        registry
            .find(SettlementMetrics.NAME)
            .tags("type", "vip", "provider", "wxpay", "outcome", outcome)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private double counter(String name) {
    var counter = registry.find(name).counter();
    return counter == null ? 0 : counter.count();
  }

}
