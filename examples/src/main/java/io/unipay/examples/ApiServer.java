package io.unipay.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.unipay.core.CreateOrderRequest;
import io.unipay.core.CreateOrderResult;
import io.unipay.core.NotifyRequest;
import io.unipay.core.NotifyResponse;
import io.unipay.core.OrderQuery;
import io.unipay.core.RefundRequest;
import io.unipay.core.UniPay;
import io.unipay.core.UniPayException;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.core.order.Refund;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example app's HTTP surface: the checkout page, a small JSON API, and the notify endpoints
 * that hand method, path, headers and the raw body to {@link UniPay#handleNotify} and write its
 * answer back verbatim.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  static final String NOTIFY_PREFIX = "/pay/notify";
  private static final int MAX_API_BODY = 16 * 1024;
  private static final int MAX_NOTIFY_BODY = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // The JDK server leaves Nagle on by default, which delays small answers by the client's
    // delayed ACK (~40 ms on Linux). Must be set before the first HttpServer is created.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private volatile UniPay pay;
  private final VipStore store;
  private final Sandbox sandbox; // null in live mode
  private final String adminToken;
  private final HttpServer server;
  private final ExecutorService executor;

  /** Binds the server (port 0 picks a free port); {@link #start} begins serving. */
  public ApiServer(VipStore store, Sandbox sandbox, String adminToken, String host, int port)
      throws IOException {
    this.store = store;
    this.sandbox = sandbox;
    this.adminToken = adminToken;
    this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
    this.executor = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "vip-app-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /** Starts serving with the engine (built after binding, since its notify URL needs the port). */
  public ApiServer start(UniPay pay) {
    this.pay = pay;
    server.start();
    return this;
  }

  public String host() {
    return server.getAddress().getHostString();
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    try {
      if (path.startsWith(NOTIFY_PREFIX + "/") && method.equals("POST")) {
        notify(ex, path);
      } else if (path.equals("/") || path.equals("/index.html")) {
        resource(ex, "web/index.html", "text/html; charset=utf-8");
      } else if (path.equals("/app.js")) {
        resource(ex, "web/app.js", "text/javascript; charset=utf-8");
      } else if (path.equals("/style.css")) {
        resource(ex, "web/style.css", "text/css; charset=utf-8");
      } else if (path.equals("/api/config") && method.equals("GET")) {
        ObjectNode config = JSON.createObjectNode();
        config.put("sandbox", sandbox != null);
        json(ex, 200, config);
      } else if (path.equals("/api/packages") && method.equals("GET")) {
        json(ex, 200, store.packages());
      } else if (path.equals("/api/orders") && method.equals("POST")) {
        createOrder(ex);
      } else if (path.startsWith("/api/orders/")) {
        orderAction(ex, path.substring("/api/orders/".length()), method);
      } else if (path.startsWith("/api/refunds/") && method.equals("GET")) {
        String outRefundNo = path.substring("/api/refunds/".length());
        json(ex, 200, refundView(pay.getRefund(outRefundNo, "true".equals(query(ex).get("sync")))));
      } else if (path.startsWith("/api/users/") && method.equals("GET")) {
        user(ex, path.substring("/api/users/".length()));
      } else if (path.equals("/api/qr.png") && method.equals("GET")) {
        qr(ex, query(ex).get("text"));
      } else if (path.startsWith("/api/sandbox/pay/") && method.equals("POST")) {
        sandboxPay(ex, path.substring("/api/sandbox/pay/".length()));
      } else {
        error(ex, 404, "NOT_FOUND", "no route " + method + " " + path);
      }
    } catch (UniPayException e) {
      int status = switch (e.code()) {
        case ORDER_NOT_FOUND, REFUND_NOT_FOUND -> 404;
        case ORDER_ALREADY_PAID, ORDER_AMOUNT_CONFLICT, ORDER_NOT_REFUNDABLE, REFUND_EXCEEDS_PAID,
            ORDER_CLOSED -> 409;
        case PROVIDER_UNAVAILABLE, OUTCOME_UNKNOWN, PROVIDER_REJECTED -> 502;
        case STORAGE_FAILURE, HANDLER_FAILED, CONFIGURATION_INVALID -> 500;
        default -> 400;
      };
      error(ex, status, e.code().name(), e.getMessage());
    } catch (BadRequest e) {
      error(ex, e.status, e.code, e.getMessage());
    } catch (RuntimeException e) {
      log.error("{} {} failed", method, path, e);
      error(ex, 500, "INTERNAL", "internal error");
    } finally {
      ex.close();
    }
  }

  private void notify(HttpExchange ex, String path) throws IOException {
    byte[] body = readBody(ex, MAX_NOTIFY_BODY);
    NotifyResponse answer =
        pay.handleNotify(new NotifyRequest("POST", path, ex.getRequestHeaders(), body));
    byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
    if (!answer.contentType().isEmpty()) ex.getResponseHeaders().set("Content-Type", answer.contentType());
    ex.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
    if (out.length > 0) {
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    }
  }

  private void createOrder(HttpExchange ex) throws IOException {
    JsonNode body = jsonBody(ex);
    String userId = text(body, "userId", true);
    String packageId = text(body, "packageId", true);
    Provider provider = Provider.ofCode(text(body, "provider", true));
    PayType payType = PayType.ofCode(text(body, "payType", true));
    if (!store.userExists(userId)) throw new BadRequest(404, "UNKNOWN_USER", "unknown user '" + userId + "'");
    VipPackage pkg = store.findPackage(packageId).orElseThrow(
        () -> new BadRequest(404, "UNKNOWN_PACKAGE", "unknown package '" + packageId + "'"));
    // The amount comes from the package table, never from the request.
    String orderNo = store.openOrder(userId, pkg);
    CreateOrderResult result =
        pay.createOrder(
            CreateOrderRequest.builder()
                .type("vip")
                .orderNo(orderNo)
                .provider(provider)
                .payType(payType)
                .totalFee(pkg.price())
                .description(pkg.label())
                .userId(userId)
                .openid(text(body, "openid", false))
                .clientIp(ex.getRemoteAddress().getAddress().getHostAddress())
                .returnUrl(text(body, "returnUrl", false))
                .custom(JSON.createObjectNode().put("packageId", pkg.id()).toString())
                .build());
    if (sandbox != null) sandbox.opened(provider, result.payload());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("outTradeNo", result.outTradeNo());
    out.put("orderNo", result.orderNo());
    out.put("totalFee", result.totalFee());
    out.put("expireDate", result.expireDate().toString());
    out.put("payloadKind", result.payload().getClass().getSimpleName());
    out.put("payload", result.payload());
    json(ex, 201, out);
  }

  private void orderAction(HttpExchange ex, String rest, String method) throws IOException {
    String[] parts = rest.split("/");
    String outTradeNo = parts[0];
    if (parts.length == 1 && method.equals("GET")) {
      Map<String, String> q = query(ex);
      long awaitSeconds = parseLong(q.getOrDefault("await", "0"), "await");
      OrderQuery query =
          OrderQuery.byOutTradeNo(outTradeNo).awaitNotify(Duration.ofSeconds(Math.min(awaitSeconds, 20)));
      if ("true".equals(q.get("sync"))) query = query.withProviderSync();
      json(ex, 200, view(pay.getOrder(query)));
    } else if (parts.length == 2 && parts[1].equals("close") && method.equals("POST")) {
      json(ex, 200, view(pay.closeOrder(outTradeNo)));
    } else if (parts.length == 2 && parts[1].equals("refund") && method.equals("POST")) {
      requireAdmin(ex);
      JsonNode body = jsonBody(ex);
      long fee = body.path("refundFee").asLong(-1);
      if (fee <= 0) throw new BadRequest(400, "INVALID_ARGUMENT", "refundFee must be a positive number of fen");
      Refund refund = pay.refund(RefundRequest.of(outTradeNo, fee, text(body, "reason", false)));
      Map<String, Object> out = refundView(refund);
      out.put("order", view(pay.getOrder(outTradeNo)));
      json(ex, 200, out);
    } else {
      throw new BadRequest(404, "NOT_FOUND", "no route " + method + " /api/orders/" + rest);
    }
  }

  private static Map<String, Object> view(PayOrder o) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("outTradeNo", o.outTradeNo());
    out.put("orderNo", o.orderNo());
    out.put("provider", o.provider().code());
    out.put("payType", o.payType().code());
    out.put("status", o.status().code());
    out.put("statusName", o.status().name());
    out.put("totalFee", o.totalFee());
    out.put("refundFee", o.refundFee());
    out.put("transactionId", o.transactionId());
    out.put("payDate", o.payDate() == null ? null : o.payDate().toString());
    out.put("userId", o.userId());
    return out; // never the raw provider data, openid or IP: getOrder is often reachable by users
  }

  private static Map<String, Object> refundView(Refund refund) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("outRefundNo", refund.outRefundNo());
    out.put("outTradeNo", refund.outTradeNo());
    out.put("status", refund.status());
    out.put("refundFee", refund.refundFee());
    return out;
  }

  private void user(HttpExchange ex, String userId) throws IOException {
    if (!store.userExists(userId)) throw new BadRequest(404, "UNKNOWN_USER", "unknown user '" + userId + "'");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("userId", userId);
    out.put("vipExpireDate", store.vipExpiry(userId).map(Object::toString).orElse(null));
    json(ex, 200, out);
  }

  private void sandboxPay(HttpExchange ex, String outTradeNo) throws IOException {
    if (sandbox == null) throw new BadRequest(404, "NOT_FOUND", "the sandbox is off in live mode");
    PayOrder order = pay.getOrder(outTradeNo);
    try {
      sandbox.pay(order.provider(), outTradeNo);
    } catch (IllegalStateException e) { // the simulator's "already paid", "closed", ...
      throw new BadRequest(409, "NOT_PAYABLE", e.getMessage());
    }
    json(ex, 202, Map.of("outTradeNo", outTradeNo, "paid", true));
  }

  private void qr(HttpExchange ex, String text) throws IOException {
    if (text == null || text.isEmpty() || text.length() > 1024) {
      throw new BadRequest(400, "INVALID_ARGUMENT", "text must be 1..1024 chars");
    }
    BitMatrix matrix;
    try {
      matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 240, 240);
    } catch (WriterException e) {
      throw new BadRequest(400, "INVALID_ARGUMENT", "cannot encode QR: " + e.getMessage());
    }
    BufferedImage image = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < matrix.getWidth(); x++) {
      for (int y = 0; y < matrix.getHeight(); y++) {
        image.setRGB(x, y, matrix.get(x, y) ? 0x000000 : 0xFFFFFF);
      }
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);
    ex.getResponseHeaders().set("Content-Type", "image/png");
    ex.sendResponseHeaders(200, png.size());
    try (OutputStream os = ex.getResponseBody()) {
      png.writeTo(os);
    }
  }

  private void requireAdmin(HttpExchange ex) {
    String given = ex.getRequestHeaders().getFirst("X-Admin-Token");
    if (given == null
        || !MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), adminToken.getBytes(StandardCharsets.UTF_8))) {
      throw new BadRequest(401, "UNAUTHORIZED", "refunds need the X-Admin-Token header");
    }
  }

  private void resource(HttpExchange ex, String name, String type) throws IOException {
    try (InputStream in = ApiServer.class.getResourceAsStream(name)) {
      if (in == null) throw new BadRequest(404, "NOT_FOUND", name);
      byte[] bytes = in.readAllBytes();
      ex.getResponseHeaders().set("Content-Type", type);
      ex.sendResponseHeaders(200, bytes.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(bytes);
      }
    }
  }

  private static JsonNode jsonBody(HttpExchange ex) throws IOException {
    byte[] body = readBody(ex, MAX_API_BODY);
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || !node.isObject()) throw new BadRequest(400, "MALFORMED_JSON", "body must be a JSON object");
      return node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new BadRequest(400, "MALFORMED_JSON", "body is not valid JSON");
    }
  }

  private static byte[] readBody(HttpExchange ex, int limit) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      byte[] body = in.readNBytes(limit + 1);
      if (body.length > limit) {
        throw new BadRequest(413, "BODY_TOO_LARGE", "body larger than " + limit + " bytes");
      }
      return body;
    }
  }

  private static String text(JsonNode body, String field, boolean required) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull() || node.asText().isBlank()) {
      if (required) throw new BadRequest(400, "INVALID_ARGUMENT", field + " is required");
      return null;
    }
    if (!node.isTextual()) throw new BadRequest(400, "INVALID_ARGUMENT", field + " must be a string");
    return node.asText();
  }

  private static long parseLong(String value, String name) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new BadRequest(400, "INVALID_ARGUMENT", name + " must be a number, was '" + value + "'");
    }
  }

  private static Map<String, String> query(HttpExchange ex) {
    Map<String, String> out = new LinkedHashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw == null) return out;
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  private static void json(HttpExchange ex, int status, Object value) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(value);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
  }

  private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
    json(ex, status, Map.of("error", code, "message", message == null ? "" : message));
  }

  /** A 4xx answer with a stable code. */
  static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;

    BadRequest(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }
}
