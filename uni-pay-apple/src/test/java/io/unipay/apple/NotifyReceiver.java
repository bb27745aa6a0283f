package io.unipay.apple;

import com.sun.net.httpserver.HttpServer;
import io.unipay.core.NotifyRequest;
import io.unipay.core.NotifyResponse;
import io.unipay.core.UniPay;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The host's notify endpoint for tests: a loopback HTTP server that hands every POST to
 * {@link UniPay#handleNotify} and writes the answer back verbatim, as a web layer would.
 */
final class NotifyReceiver implements AutoCloseable {
  private final HttpServer server;
  private volatile UniPay pay;

  static {
    System.setProperty("sun.net.httpserver.nodelay", "true"); // no 40 ms delayed-ACK stalls
  }

  NotifyReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 32);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", exchange -> {
      try (exchange; InputStream in = exchange.getRequestBody()) {
        byte[] body = in.readAllBytes();
        UniPay engine = pay;
        if (engine == null) {
          exchange.sendResponseHeaders(503, -1);
          return;
        }
        NotifyResponse answer = engine.handleNotify(new NotifyRequest(
            exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders(), body));
        byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
        if (!answer.contentType().isEmpty()) {
          exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        }
        exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
          try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
          }
        }
      }
    });
    server.start();
  }

  /** The notify base URL to give {@code UniPay.builder().notifyBaseUrl}. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/notify";
  }

  /** Starts forwarding to {@code engine}. */
  void forwardTo(UniPay engine) {
    this.pay = engine;
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
