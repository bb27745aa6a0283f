package io.unipay.alipay;

import io.unipay.alipay.internal.KeyMaterial;
import io.unipay.alipay.internal.Rsa2;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A loopback gateway that answers every call with the inner object a test sets, validly signed
 * with the test Alipay key: for answers the simulator would never give (odd amounts, dates, ids).
 */
final class SignedAnswerServer implements AutoCloseable {
  private final MockWebServer server = new MockWebServer();
  private final AtomicReference<String> inner = new AtomicReference<>("{\"code\":\"10000\"}");
  private final PrivateKey key = KeyMaterial.privateKey(TestKeys.alipayPrivateKeyPem(), "alipayPrivateKey");
  private final Rsa2 rsa = new Rsa2(null);

  SignedAnswerServer() {
    server.setServerSocketFactory(io.unipay.testkit.NoDelayServerSocketFactory.INSTANCE);
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String method = request.getUrl().queryParameter("method");
            String content = inner.get();
            String body =
                "{\"" + method.replace('.', '_') + "_response\":" + content
                    + ",\"sign\":\"" + rsa.sign(key, content) + "\"}";
            return new MockResponse.Builder().code(200).body(body).build();
          }
        });
    try {
      server.start(InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The inner {@code <method>_response} object of every following answer (signed as is). */
  void answer(String innerJson) {
    inner.set(innerJson);
  }

  AlipayClient client() {
    return new AlipayClient(
        AlipayConfig.builder()
            .appId("2014072300007148")
            .appPrivateKey(TestKeys.appKeyPem())
            .alipayPublicKey(TestKeys.alipayPublicKeyPem())
            .sellerId("2088102119685838")
            .gatewayUrl(server.url("/gateway.do").toString())
            .readTimeout(Duration.ofSeconds(5))
            .build());
  }

  @Override
  public void close() {
    server.close();
  }
}
