package io.unipay.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unipay.alipay.AlipayClient;
import io.unipay.testkit.alipay.AlipaySimulator;
import io.unipay.testkit.wechat.WechatPaySimulator;
import io.unipay.wechat.WechatPayClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code /actuator/health} over real HTTP shows the {@code uniPay} component: the database and its
 * tables, the Alipay certificates and the WeChat Pay platform certificates (certificate mode,
 * against certificate-mode simulators) and the sweeper.
 */
@SpringBootTest(
    classes = VipTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoint.health.show-details=always",
      "unipay.sweeper.enabled=true",
      "unipay.sweeper.interval=1s"
    })
class HealthEndpointTest {
  static final AlipaySimulator CERT_ALIPAY =
      AlipaySimulator.builder().certificateMode(true).start();
  static final WechatPaySimulator CERT_WECHAT =
      WechatPaySimulator.builder().signingMode(WechatPaySimulator.SigningMode.CERTIFICATE).start();

  @Autowired DataSource dataSource;
  @Autowired AlipayClient alipay;
  @Autowired WechatPayClient wechat;
  @Autowired UniPaySweeperLifecycle sweeper;
  @LocalServerPort int port;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    Simulators.register(registry);
    registry.add(
        "spring.datasource.url",
        () -> "jdbc:h2:mem:health-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    registry.add("unipay.alipay.app-id", CERT_ALIPAY::appId);
    registry.add("unipay.alipay.app-private-key", CERT_ALIPAY::appPrivateKeyPem);
    registry.add("unipay.alipay.seller-id", CERT_ALIPAY::sellerId);
    registry.add("unipay.alipay.gateway-url", CERT_ALIPAY::gatewayUrl);
    registry.add("unipay.alipay.alipay-public-key", () -> "");
    registry.add("unipay.alipay.app-cert", () -> CERT_ALIPAY.certificates().appCertPem());
    registry.add(
        "unipay.alipay.alipay-public-cert", () -> CERT_ALIPAY.certificates().alipayCertPem());
    registry.add(
        "unipay.alipay.alipay-root-cert", () -> CERT_ALIPAY.certificates().alipayRootCertPem());
    registry.add("unipay.wechat.mchid", CERT_WECHAT::mchid);
    registry.add("unipay.wechat.merchant-private-key", CERT_WECHAT::merchantPrivateKeyPem);
    registry.add("unipay.wechat.merchant-serial-number", CERT_WECHAT::merchantSerialNumber);
    registry.add("unipay.wechat.api-v3-key", CERT_WECHAT::apiV3Key);
    registry.add("unipay.wechat.app-id", CERT_WECHAT::appId);
    registry.add("unipay.wechat.base-url", CERT_WECHAT::baseUrl);
    registry.add("unipay.wechat.public-key", () -> "");
    registry.add("unipay.wechat.public-key-id", () -> "");
    registry.add("unipay.wechat.download-platform-certificates", () -> "true");
  }

  @Test
  void healthEndpointShowsTheUniPayComponentWithItsDetails() throws Exception {
    for (int i = 0; i < 100 && sweeper.lastPassAt().isEmpty(); i++) Thread.sleep(50);
    for (int i = 0; i < 100 && wechat.platformCertificates().isEmpty(); i++) Thread.sleep(50);
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode component = new ObjectMapper().readTree(response.body()).at("/components/uniPay");
    assertThat(component.path("status").asText()).isEqualTo("UP");
    JsonNode details = component.path("details");
    assertThat(details.at("/database/reachable").asBoolean()).isTrue();
    assertThat(details.at("/database/tables").asText()).isEqualTo("present");
    assertThat(details.at("/alipay/mode").asText()).isEqualTo("certificate");
    JsonNode certificates = details.at("/alipay/certificates");
    assertThat(certificates).hasSize(2);
    assertThat(certificates.get(0).path("kind").asText()).isEqualTo("APP");
    assertThat(certificates.get(0).path("sn").asText())
        .isEqualTo(CERT_ALIPAY.certificates().appCertSn());
    assertThat(certificates.get(1).path("state").asText()).isEqualTo("valid");
    assertThat(certificates.get(1).path("daysLeft").asLong()).isGreaterThan(30);
    assertThat(details.at("/wechat/mchid").asText()).isEqualTo(CERT_WECHAT.mchid());
    assertThat(details.at("/wechat/mode").asText()).isEqualTo("certificate");
    JsonNode platform = details.at("/wechat/platformCertificates");
    assertThat(platform).hasSize(1);
    assertThat(platform.get(0).path("serial").asText())
        .isEqualTo(CERT_WECHAT.platformCertificateSerial());
    assertThat(platform.get(0).path("state").asText()).isEqualTo("valid");
    assertThat(platform.get(0).path("daysLeft").asLong()).isGreaterThan(30);
    assertThat(details.at("/sweeper/state").asText()).isEqualTo("running");
    assertThat(details.at("/sweeper/lastPass").asText()).isNotEmpty();
    assertThat(details.has("warnings")).isFalse();
    assertThat(response.body())
        .doesNotContain(CERT_ALIPAY.appPrivateKeyPem().lines().skip(1).findFirst().orElseThrow())
        .doesNotContain(CERT_WECHAT.apiV3Key());
  }

  @Test
  void certificateWithinTheWarningPeriodIsListedAsWarningWhileTheStatusStaysUp() {
    Health health = indicator(dataSource, Duration.ofDays(365L * 50), Clock.systemUTC()).health();

    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails().get("warnings").toString())
        .contains("the app certificate " + CERT_ALIPAY.certificates().appCertSn() + " expires at")
        .contains("the latest Alipay certificate")
        .contains("the latest WeChat Pay platform certificate "
            + CERT_WECHAT.platformCertificateSerial());
  }

  @Test
  void wechatMerchantWithoutThePublicKeyWhosePlatformCertificatesExpiredIsDown() {
    Clock muchLater = Clock.offset(Clock.systemUTC(), Duration.ofDays(365L * 40));

    Health health = indicator(dataSource, Duration.ofDays(30), muchLater).health();

    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.getDetails().get("wechat").toString()).contains("state=expired");
    assertThat(health.getDetails().get("warnings").toString())
        .contains("WeChat Pay merchant " + CERT_WECHAT.mchid()
            + " has no valid platform certificate");
  }

  @Test
  void sweeperWithoutAPassForThreeIntervalsIsDown() {
    Clock later = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(10));

    Health health = indicator(dataSource, Duration.ofDays(30), later).health();

    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.getDetails().get("sweeper").toString()).contains("state=stale");
  }

  @Test
  void databaseWithoutTheUniPayTablesIsDownNamingTheMissingTables() {
    DataSource empty =
        new DriverManagerDataSource("jdbc:h2:mem:empty-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

    Health health = indicator(empty, Duration.ofDays(30), Clock.systemUTC()).health();

    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.getDetails().get("database").toString())
        .contains("uni_pay_orders", "uni_pay_refunds", "uni_pay_events");
  }

  private UniPayHealthIndicator indicator(DataSource db, Duration warning, Clock clock) {
    return new UniPayHealthIndicator(
        db, List.of(alipay), List.of(wechat), sweeper, warning, clock);
  }
}
