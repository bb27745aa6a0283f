package io.unipay.wechat;

import io.unipay.core.NotifyRejectedException;
import io.unipay.core.NotifyRequest;
import io.unipay.core.NotifyResponse;
import io.unipay.core.order.PayType;
import io.unipay.core.spi.PrepayRequest;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.testkit.wechat.WechatPaySimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A simulator, a client configured for it, and a merchant notification endpoint (a loopback HTTP
 * server that hands what it receives to {@link WechatPayClient#parseNotification} and answers with
 * {@link WechatPayClient#acknowledge}).
 */
final class Harness implements AutoCloseable {
  final WechatPaySimulator sim;
  final WechatPayClient client;
  final MockWebServer merchant = new MockWebServer();
  final List<ProviderNotification> received = new CopyOnWriteArrayList<>();
  final List<String> rejections = new CopyOnWriteArrayList<>();

  Harness(String mode) {
    this(mode, b -> b, b -> b);
  }

  Harness(
      String mode,
      UnaryOperator<WechatPaySimulator.Builder> simulator,
      UnaryOperator<WechatPayConfig.Builder> config) {
    WechatPaySimulator.SigningMode signing =
        switch (mode) {
          case "public-key" -> WechatPaySimulator.SigningMode.PUBLIC_KEY;
          case "certificate" -> WechatPaySimulator.SigningMode.CERTIFICATE;
          default -> WechatPaySimulator.SigningMode.MIXED;
        };
    sim = simulator.apply(WechatPaySimulator.builder().signingMode(signing)).start();
    client = new WechatPayClient(config.apply(Fixtures.forSimulator(sim, mode)).build());
    merchant.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest r) {
            NotifyRequest request =
                new NotifyRequest(
                    r.getMethod(),
                    r.getUrl().encodedPath(),
                    r.getHeaders().toMultimap(),
                    r.getBody().toByteArray());
            NotifyResponse ack;
            try {
              received.add(client.parseNotification(request));
              ack = client.acknowledge(true, "OK");
            } catch (NotifyRejectedException e) {
              rejections.add(e.reason());
              ack = client.acknowledge(false, e.reason());
            }
            MockResponse.Builder response = new MockResponse.Builder().code(ack.status());
            if (!ack.body().isEmpty()) {
              response.setHeader("Content-Type", ack.contentType()).body(ack.body());
            }
            return response.build();
          }
        });
    try {
      merchant.start(InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String notifyUrl(String path) {
    return merchant.url(path).toString();
  }

  PrepayRequest order(String outTradeNo, PayType type, long fen) {
    return new PrepayRequest(
        outTradeNo,
        type,
        fen,
        "CNY",
        "测试商品 test item",
        notifyUrl("/notify/wxpay/" + type.code()),
        Instant.now().plus(Duration.ofMinutes(30)),
        type.needsPayerId() ? "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" : null,
        type == PayType.H5 ? "203.0.113.7" : null,
        null);
  }

  @Override
  public void close() {
    client.close();
    sim.close();
    merchant.close();
  }
}
