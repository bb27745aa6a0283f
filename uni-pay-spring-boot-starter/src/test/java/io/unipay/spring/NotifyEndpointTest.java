package io.unipay.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.CreateOrderRequest;
import io.unipay.core.UniPay;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.spring.VipTestApplication.Recorder;
import io.unipay.testkit.alipay.SignedForm;
import io.unipay.testkit.wechat.Fault;
import io.unipay.testkit.wechat.SignedNotification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Real provider notifications, signed by the testkit simulators, POSTed over HTTP on loopback to
 * the Spring MVC endpoint and to {@link UniPayNotifyServlet}, and answered verbatim.
 */
@SpringBootTest(
    classes = {VipTestApplication.class, NotifyEndpointTest.ServletConfig.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NotifyEndpointTest {
  private static final Set<String> HOP_BY_HOP = Set.of("content-length", "host", "connection");

  @Autowired UniPay pay;
  @Autowired Recorder recorder;
  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newHttpClient();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    Simulators.register(registry);
    registry.add(
        "spring.datasource.url",
        () -> "jdbc:h2:mem:notify-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  /** The plain servlet, mapped beside the MVC endpoint. */
  @Configuration(proxyBeanMethods = false)
  static class ServletConfig {
    @Bean
    ServletRegistrationBean<UniPayNotifyServlet> notifyServlet(UniPay pay) {
      return new ServletRegistrationBean<>(
          new UniPayNotifyServlet(pay, 64 * 1024), "/servlet-notify/*");
    }
  }

  @Test
  void wechatNotificationThroughTheMvcEndpointSettlesTheOrderAndIsAnsweredSuccess()
      throws Exception {
    wechatNotificationSettles("/pay/notify/wxpay/native");
  }

  @Test
  void wechatNotificationThroughTheServletSettlesTheOrderAndIsAnsweredSuccess() throws Exception {
    wechatNotificationSettles("/servlet-notify/wxpay/native");
  }

  @Test
  void alipayNotificationThroughTheMvcEndpointIsAnsweredWithThePlainWordSuccess()
      throws Exception {
    alipayNotificationSettles("/pay/notify/alipay/native");
  }

  @Test
  void alipayNotificationThroughTheServletIsAnsweredWithThePlainWordSuccess() throws Exception {
    alipayNotificationSettles("/servlet-notify/alipay/native");
  }

  @Test
  void tamperedWechatNotificationIsAnsweredFailureAndChangesNothing() throws Exception {
    String outTradeNo = create(Provider.WXPAY);
    Simulators.WECHAT.inject(Fault.DROP_NOTIFICATION, 1);
    Simulators.WECHAT.pay(outTradeNo);
    SignedNotification signed = Simulators.WECHAT.paymentNotification(outTradeNo);
    byte[] tampered = signed.body().clone();
    tampered[tampered.length - 3] ^= 1;

    HttpResponse<String> answer = post("/pay/notify/wxpay/native", signed.headers(), tampered);

    assertThat(answer.statusCode()).isBetween(400, 599);
    assertThat(answer.body()).contains("\"code\":\"FAIL\"");
    assertThat(pay.getOrder(outTradeNo).status()).isEqualTo(OrderStatus.UNPAID);
    assertThat(recorder.runs(outTradeNo)).isZero();
  }

  private void wechatNotificationSettles(String path) throws Exception {
    String outTradeNo = create(Provider.WXPAY);
    Simulators.WECHAT.inject(Fault.DROP_NOTIFICATION, 1);
    Simulators.WECHAT.pay(outTradeNo);
    SignedNotification signed = Simulators.WECHAT.paymentNotification(outTradeNo);

    HttpResponse<String> answer = post(path, signed.headers(), signed.body());

    assertThat(answer.statusCode()).isIn(200, 204);
    assertThat(pay.getOrder(outTradeNo).status()).isEqualTo(OrderStatus.PAID);
    assertThat(recorder.runs(outTradeNo)).isEqualTo(1);

    HttpResponse<String> again = post(path, signed.headers(), signed.body());

    assertThat(again.statusCode()).isIn(200, 204);
    assertThat(recorder.runs(outTradeNo)).isEqualTo(1);
  }

  private void alipayNotificationSettles(String path) throws Exception {
    String outTradeNo = create(Provider.ALIPAY);
    Simulators.ALIPAY.faults().dropNextNotifications(1);
    Simulators.ALIPAY.pay(outTradeNo);
    SignedForm form = Simulators.ALIPAY.paymentNotification(outTradeNo);

    HttpResponse<String> answer =
        post(path, Map.of("Content-Type", form.contentType()), form.body());

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("success");
    assertThat(pay.getOrder(outTradeNo).status()).isEqualTo(OrderStatus.PAID);
    assertThat(recorder.runs(outTradeNo)).isEqualTo(1);
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

  private HttpResponse<String> post(String path, Map<String, String> headers, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(
        (name, value) -> {
          if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            request.header(name, value);
          }
        });
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
