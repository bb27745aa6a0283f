package io.unipay.alipay;

import io.unipay.core.NotifyRejectedException;
import io.unipay.core.NotifyRequest;
import io.unipay.core.NotifyResponse;
import io.unipay.core.spi.ProviderNotification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** A merchant notify endpoint on loopback that hands each POST to {@link AlipayClient}, as a host would. */
final class NotifyReceiver implements AutoCloseable {
  final List<ProviderNotification> accepted = new CopyOnWriteArrayList<>();
  final List<String> rejected = new CopyOnWriteArrayList<>();
  private final MockWebServer server = new MockWebServer();

  NotifyReceiver(AlipayClient client) {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            NotifyRequest notify =
                NotifyRequest.post(
                    request.getUrl().encodedPath(),
                    Map.of("Content-Type", String.valueOf(request.getHeaders().get("Content-Type"))),
                    request.getBody() == null ? new byte[0] : request.getBody().toByteArray());
            NotifyResponse ack;
            try {
              accepted.add(client.parseNotification(notify));
              ack = client.acknowledge(true, "OK");
            } catch (NotifyRejectedException e) {
              rejected.add(e.reason());
              ack = client.acknowledge(false, e.reason());
            }
            return new MockResponse.Builder()
                .code(ack.status())
                .setHeader("Content-Type", ack.contentType())
                .body(ack.body())
                .build();
          }
        });
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url() {
    return server.url("/pay/notify/alipay/native").toString();
  }

  @Override
  public void close() {
    server.close();
  }
}
