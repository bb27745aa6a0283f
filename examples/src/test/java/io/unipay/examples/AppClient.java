package io.unipay.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Talks to a running {@link VipRechargeApp} over real HTTP, as a browser or a provider would. */
final class AppClient {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String USER = "u1001";
  static final String ADMIN_TOKEN = "sandbox-admin";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  AppClient(String base) {
    this.base = base;
  }

  /** One HTTP answer: status, raw body and (when the body is JSON) the parsed tree. */
  record Answer(int status, String body, JsonNode json) {
    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  Answer get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET(), Map.of());
  }

  Answer post(String path, String body) {
    return post(path, body, Map.of("Content-Type", "application/json"));
  }

  Answer post(String path, String body, Map<String, String> headers) {
    return postBytes(path, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers);
  }

  Answer postBytes(String path, byte[] body, Map<String, String> headers) {
    return send(
        HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body)),
        headers);
  }

  /** Creates an order for the demo user and checks it was created (201). */
  JsonNode createOrder(String packageId, String provider, String payType, String... extra) {
    StringBuilder body =
        new StringBuilder("{\"userId\":\"" + USER + "\",\"packageId\":\"")
            .append(packageId)
            .append("\",\"provider\":\"")
            .append(provider)
            .append("\",\"payType\":\"")
            .append(payType)
            .append('"');
    for (int i = 0; i + 1 < extra.length; i += 2) {
      body.append(",\"").append(extra[i]).append("\":").append(extra[i + 1]);
    }
    Answer answer = post("/api/orders", body.append('}').toString());
    if (answer.status() != 201) {
      throw new AssertionError("creating a " + provider + " " + payType + " order: " + answer);
    }
    return answer.json();
  }

  /** The order as the API shows it, waiting up to {@code awaitSeconds} for its payment. */
  JsonNode order(String outTradeNo, int awaitSeconds) {
    Answer answer = get("/api/orders/" + outTradeNo + "?await=" + awaitSeconds);
    if (answer.status() != 200) throw new AssertionError("GET order " + outTradeNo + ": " + answer);
    return answer.json();
  }

  /** The demo user's VIP expiry, or null when they never were a VIP. */
  Instant vipExpiry() {
    Answer answer = get("/api/users/" + USER);
    if (answer.status() != 200) throw new AssertionError("GET user: " + answer);
    JsonNode expiry = answer.json().get("vipExpireDate");
    return expiry == null || expiry.isNull() ? null : Instant.parse(expiry.asText());
  }

  Answer refund(String outTradeNo, long refundFee, String adminToken) {
    Map<String, String> headers =
        adminToken == null
            ? Map.of("Content-Type", "application/json")
            : Map.of("Content-Type", "application/json", "X-Admin-Token", adminToken);
    return post(
        "/api/orders/" + outTradeNo + "/refund",
        "{\"refundFee\":" + refundFee + ",\"reason\":\"test refund\"}",
        headers);
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private Answer send(HttpRequest.Builder request, Map<String, String> headers) {
    headers.forEach(request::header);
    try {
      HttpResponse<String> response =
          http.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      String type = response.headers().firstValue("Content-Type").orElse("");
      if (type.startsWith("application/json")) json = JSON.readTree(response.body());
      return new Answer(response.statusCode(), response.body(), json);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
