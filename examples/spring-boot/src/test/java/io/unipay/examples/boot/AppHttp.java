package io.unipay.examples.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** A JSON client for the running example over real HTTP on loopback. */
final class AppHttp {
  private static final Set<String> HOP_BY_HOP = Set.of("content-length", "host", "connection");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  AppHttp(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** An answer: status and the body as JSON (a missing node for a non-JSON body). */
  record Answer(int status, String text, JsonNode json) {}

  Answer get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
  }

  Answer postJson(String path, Map<String, ?> body) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
            .build());
  }

  Answer post(String path) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build());
  }

  /** POSTs raw bytes with the given headers, as a provider posts a notification. */
  Answer postRaw(String path, Map<String, String> headers, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(
        (name, value) -> {
          if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) request.header(name, value);
        });
    return send(request.build());
  }

  /** GETs {@code path} until the answer matches, or fails after {@code timeout}. */
  Answer await(String path, Predicate<Answer> until, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Answer last = get(path);
    while (!until.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no matching answer from " + path + " within " + timeout + ": "
            + last.text());
      }
      Thread.sleep(20);
      last = get(path);
    }
    return last;
  }

  private Answer send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode json;
    try {
      json = JSON.readTree(response.body());
    } catch (IOException notJson) {
      json = JSON.missingNode();
    }
    if (json == null) json = JSON.missingNode(); // an empty body
    return new Answer(response.statusCode(), response.body(), json);
  }
}
