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

  private final java.net.CookieManager cookies = new java.net.CookieManager();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).cookieHandler(cookies).build();
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

  /** Signs in as {@code userId} (sandbox: by name) and keeps the session cookie; returns this. */
  AppClient signIn(String userId) {
    Answer answer = post("/api/session", "{\"userId\":\"" + userId + "\"}");
    if (answer.status() != 200) throw new AssertionError("signing in as " + userId + ": " + answer);
    return this;
  }

  /** Creates the user {@code userId} and is then signed in as them; returns this. */
  AppClient signUp(String userId) {
    Answer answer = post("/api/users", "{\"userId\":\"" + userId + "\"}");
    if (answer.status() != 201) throw new AssertionError("signing up " + userId + ": " + answer);
    return this;
  }

  /** Signs in as the admin with the admin token; returns this. */
  AppClient signInAdmin(String token) {
    Answer answer = post("/api/session", "{\"adminToken\":\"" + token + "\"}");
    if (answer.status() != 200) throw new AssertionError("signing in as admin: " + answer);
    return this;
  }

  /**
   * Sandbox: gets a fresh login code of {@code flow} for the payer {@code openid} (null: the demo
   * payer) from the simulated phone and signs in with it; returns this.
   */
  AppClient signInWithCode(String flow, String openid) {
    Answer answer = loginWithCode(flow, sandboxCode(flow, openid));
    if (answer.status() != 200) throw new AssertionError("signing in with " + flow + ": " + answer);
    return this;
  }

  /** Sandbox: a fresh login code of {@code flow} from the simulated phone. */
  String sandboxCode(String flow, String openid) {
    String body = "{\"flow\":\"" + flow + "\""
        + (openid == null ? "" : ",\"openid\":\"" + openid + "\"") + "}";
    Answer answer = post("/api/sandbox/login-code", body);
    if (answer.status() != 200) throw new AssertionError("a " + flow + " code: " + answer);
    return answer.json().get("code").asText();
  }

  /** {@code POST /api/login/code} with {@code code}. */
  Answer loginWithCode(String flow, String code) {
    return post("/api/login/code", "{\"flow\":\"" + flow + "\",\"code\":\"" + code + "\"}");
  }

  /**
   * A GET of an absolute URL with this client's cookies, redirects not followed (the answer's
   * {@code Location} and {@code Set-Cookie} are the caller's to read).
   */
  HttpResponse<String> getRaw(String url) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(url)).GET().timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** {@code getRaw} parsed like every answer. */
  static Answer parsed(HttpResponse<String> response) {
    return answer(response);
  }

  /** The value of the session cookie this client holds, or null. */
  String sessionCookie() {
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals("vip_sid"))
        .map(java.net.HttpCookie::getValue)
        .findFirst()
        .orElse(null);
  }

  Answer get(String path) {
    return get(path, Map.of());
  }

  Answer get(String path, Map<String, String> headers) {
    return send(HttpRequest.newBuilder(uri(path)).GET(), headers);
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

  /** Creates an order for the signed-in user and checks it was created (201). */
  JsonNode createOrder(String packageId, String provider, String payType, String... extra) {
    StringBuilder body =
        new StringBuilder("{\"packageId\":\"")
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

  /** The signed-in user's VIP expiry, or null when they never were a VIP. */
  Instant vipExpiry() {
    Answer answer = get("/api/me");
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

  /** Any method with a JSON body. */
  Answer send(String method, String path, String body) {
    return send(
        HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.ofString(body)),
        Map.of("Content-Type", "application/json"));
  }

  /** A GET sent without waiting for its answer (long-polls). */
  java.util.concurrent.CompletableFuture<Answer> getAsync(String path) {
    return http.sendAsync(
            HttpRequest.newBuilder(uri(path)).GET().timeout(Duration.ofSeconds(40)).build(),
            HttpResponse.BodyHandlers.ofString())
        .thenApply(AppClient::answer);
  }

  /** The {@code Set-Cookie} headers of a sign-in as {@code userId}, sent without this client's cookies. */
  java.util.List<String> signInCookies(String userId) {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(uri("/api/session"))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"" + userId + "\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return response.headers().allValues("Set-Cookie");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static Answer answer(HttpResponse<String> response) {
    try {
      JsonNode json = null;
      String type = response.headers().firstValue("Content-Type").orElse("");
      if (type.startsWith("application/json")) json = JSON.readTree(response.body());
      return new Answer(response.statusCode(), response.body(), json);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Answer send(HttpRequest.Builder request, Map<String, String> headers) {
    headers.forEach(request::header);
    try {
      return answer(
          http.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
