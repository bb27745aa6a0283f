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
import io.unipay.core.ledger.ProviderEvent;
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
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example app's HTTP surface: the checkout page, a small JSON API, and the notify endpoints
 * that hand method, path, headers and the raw body to {@link UniPay#handleNotify} and write its
 * answer back verbatim.
 *
 * <p>Security model: a user signs in ({@code POST /api/session}; in sandbox mode by name) and gets
 * a random server-side session in an {@code HttpOnly}, {@code SameSite=Strict} cookie ({@link
 * Sessions}). Orders belong to the user who created them: only that user (or the admin) reads,
 * closes or pays them. Refunds, refund lookups and the operator routes ({@code /api/admin/..})
 * need the admin: an admin session (signed in with the admin token) or the {@code X-Admin-Token}
 * header for scripts. Every state-changing {@code /api} request must be {@code application/json}
 * (a cross-site form cannot send that without a CORS preflight, which this server never grants).
 * 5xx answers carry a generic message and a correlation id; the details go to the log only.
 *
 * <p>Threads: the provider notifications run on their own pool, ordinary API calls on another, and
 * long-polls ({@code ?await=}) on a third, admitted by {@link LongPolls} (a total and a
 * per-caller cap, 429 beyond), so no amount of waiting browsers can delay a notification.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  static final String NOTIFY_PREFIX = "/pay/notify";
  private static final int MAX_API_BODY = 16 * 1024;
  private static final int MAX_NOTIFY_BODY = 64 * 1024;
  private static final int MAX_AWAIT_SECONDS = 20;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  static {
    // The JDK server leaves Nagle on by default, which delays small answers by the client's
    // delayed ACK (~40 ms on Linux). Must be set before the first HttpServer is created.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /**
   * How the server authenticates and how much it lets wait.
   *
   * @param adminToken the admin's secret (admin sign-in and the {@code X-Admin-Token} header)
   * @param nameSignIn whether users may sign in (and sign up) by name alone — the sandbox's
   *     stand-in for a real login; off in live mode unless {@code auth.name.signin=true}
   * @param secureCookie whether the session cookie is {@code Secure} (the app is served over HTTPS)
   * @param maxLongPolls long-polls waiting at once, in total
   * @param maxLongPollsPerCaller long-polls waiting at once per signed-in caller
   */
  public record Options(
      String adminToken,
      boolean nameSignIn,
      boolean secureCookie,
      int maxLongPolls,
      int maxLongPollsPerCaller) {
    @Override
    public String toString() {
      return "Options{adminToken=██, nameSignIn=" + nameSignIn + ", secureCookie=" + secureCookie
          + ", maxLongPolls=" + maxLongPolls + ", maxLongPollsPerCaller="
          + maxLongPollsPerCaller + "}";
    }
  }

  /** Who is calling: a session (maybe none) and whether the request carries the admin token. */
  private record Caller(Optional<Sessions.Session> session, boolean adminByToken) {
    String userId() {
      return session.map(s -> s.userId).orElse(null);
    }

    boolean admin() {
      return adminByToken || session.map(s -> s.admin).orElse(false);
    }

    boolean signedIn() {
      return admin() || userId() != null;
    }

    /** The key long-polls are counted by. */
    String pollKey() {
      return userId() != null ? "user:" + userId() : "admin";
    }
  }

  private volatile UniPay pay;
  private volatile String returnUrl;
  private final VipStore store;
  private final Sandbox sandbox; // null in live mode
  private final AppleRoutes apple;
  private final Options options;
  private final Sessions sessions;
  private final LongPolls longPolls;
  private final HttpServer server;
  private final ExecutorService intake;
  private final ThreadPoolExecutor apiPool;
  private final ThreadPoolExecutor notifyPool;
  private final ThreadPoolExecutor pollPool;

  /** Binds the server (port 0 picks a free port); {@link #start} begins serving. */
  public ApiServer(VipStore store, Sandbox sandbox, Options options, String host, int port)
      throws IOException {
    this.store = store;
    this.sandbox = sandbox;
    this.apple = new AppleRoutes(sandbox);
    this.options = options;
    this.sessions = new Sessions(Clock.systemUTC(), options.secureCookie());
    this.longPolls = new LongPolls(options.maxLongPolls(), options.maxLongPollsPerCaller());
    this.server = HttpServer.create(new InetSocketAddress(host, port), 256);
    // The intake threads parse request headers and route; nothing slow runs on them.
    this.intake = pool("vip-app-intake", 4, 4, new ArrayBlockingQueue<>(1024));
    this.apiPool = pool("vip-app-api", 8, 8, new ArrayBlockingQueue<>(512));
    this.notifyPool = pool("vip-app-notify", 4, 4, new ArrayBlockingQueue<>(512));
    this.pollPool = pool("vip-app-poll", 0, options.maxLongPolls(), new SynchronousQueue<>());
    server.setExecutor(intake);
    server.createContext("/", this::dispatch);
  }

  /**
   * Starts serving with the engine (built after binding, since its notify URL needs the port) and
   * the Alipay {@code return_url} the server sets for page and wap payments.
   */
  public ApiServer start(UniPay pay, String returnUrl) {
    this.pay = pay;
    this.returnUrl = returnUrl;
    server.start();
    return this;
  }

  public String host() {
    return server.getAddress().getHostString();
  }

  /** How many long-polls are waiting now (tests, monitoring). */
  int longPollsWaiting() {
    return longPolls.waiting();
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    intake.shutdownNow();
    apiPool.shutdownNow();
    notifyPool.shutdownNow();
    pollPool.shutdownNow();
  }

  private static ThreadPoolExecutor pool(
      String name, int core, int max, java.util.concurrent.BlockingQueue<Runnable> queue) {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(core, max, 30, TimeUnit.SECONDS, queue, r -> {
          Thread t = new Thread(r, name + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    return pool;
  }

  /** Routes a request to the pool that serves its kind; runs on an intake thread. */
  private void dispatch(HttpExchange ex) {
    String path = ex.getRequestURI().getPath();
    try {
      if (path.startsWith(NOTIFY_PREFIX + "/")) {
        notifyPool.execute(() -> handle(ex));
        return;
      }
      if (ex.getRequestMethod().equals("GET") && path.startsWith("/api/orders/") && awaits(ex)) {
        Caller caller = callerOrNull(ex);
        if (caller != null && caller.signedIn()) {
          String key = caller.pollKey();
          if (!longPolls.tryAcquire(key)) {
            apiPool.execute(() -> respond(ex, () -> {
              ex.getResponseHeaders().set("Retry-After", "2");
              throw new BadRequest(429, "TOO_MANY_LONG_POLLS",
                  "too many long-polls waiting; retry without await or later");
            }));
            return;
          }
          try {
            pollPool.execute(() -> {
              try {
                handle(ex);
              } finally {
                longPolls.release(key);
              }
            });
          } catch (RejectedExecutionException e) {
            longPolls.release(key);
            throw e;
          }
          return;
        }
      }
      apiPool.execute(() -> handle(ex));
    } catch (RejectedExecutionException e) {
      log.warn("overloaded: refused {} {}", ex.getRequestMethod(), path);
      try {
        ex.getResponseHeaders().set("Retry-After", "1");
        error(ex, 503, "OVERLOADED", "the server is busy; try again");
      } catch (IOException ignored) {
        // the client is gone
      } finally {
        ex.close();
      }
    }
  }

  private static boolean awaits(HttpExchange ex) {
    String await = query(ex).get("await");
    if (await == null) return false;
    try {
      return Long.parseLong(await) > 0;
    } catch (NumberFormatException e) {
      return false; // answered 400 on the API pool
    }
  }

  private interface Action {
    void run() throws IOException;
  }

  private void handle(HttpExchange ex) {
    respond(ex, () -> route(ex));
  }

  /** Runs {@code action}, turning its failures into JSON answers; always closes the exchange. */
  private void respond(HttpExchange ex, Action action) {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    try {
      action.run();
    } catch (UniPayException e) {
      int status = switch (e.code()) {
        case ORDER_NOT_FOUND, REFUND_NOT_FOUND -> 404;
        case ORDER_ALREADY_PAID, ORDER_AMOUNT_CONFLICT, ORDER_NOT_REFUNDABLE, REFUND_EXCEEDS_PAID,
            ORDER_CLOSED -> 409;
        case PROVIDER_UNAVAILABLE, OUTCOME_UNKNOWN, PROVIDER_REJECTED -> 502;
        case STORAGE_FAILURE, HANDLER_FAILED, CONFIGURATION_INVALID -> 500;
        default -> 400;
      };
      if (status >= 500) serverError(ex, status, e.code().name(), e);
      else quietly(ex, status, e.code().name(), e.getMessage());
    } catch (BadRequest e) {
      quietly(ex, e.status, e.code, e.getMessage());
    } catch (RuntimeException e) {
      serverError(ex, 500, "INTERNAL", e);
    } catch (IOException e) {
      log.debug("{} {}: connection failed: {}", method, path, e.toString());
    } finally {
      ex.close();
    }
  }

  /**
   * A 5xx answer: the code, a generic message and a correlation id for the client; what failed
   * (messages, SQL, stack) only in the log, under the same id.
   */
  private static void serverError(HttpExchange ex, int status, String code, Exception e) {
    String id = correlationId();
    log.error("[ref {}] {} {} answered {} {}", id, ex.getRequestMethod(),
        ex.getRequestURI().getPath(), status, code, e);
    String message = status == 502
        ? "the payment provider could not be reached or refused; try again later (reference " + id
            + ")"
        : "internal error (reference " + id + ")";
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("error", code);
    out.put("message", message);
    out.put("correlationId", id);
    try {
      ex.getResponseHeaders().set("X-Correlation-Id", id);
      json(ex, status, out);
    } catch (IOException ignored) {
      // the client is gone; the log has it
    }
  }

  private static String correlationId() {
    byte[] raw = new byte[6];
    RANDOM.nextBytes(raw);
    return HexFormat.of().formatHex(raw);
  }

  private static void quietly(HttpExchange ex, int status, String code, String message) {
    try {
      error(ex, status, code, message);
    } catch (IOException ignored) {
      // the client is gone
    }
  }

  private void route(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    if (path.startsWith(NOTIFY_PREFIX + "/") && method.equals("POST")) {
      notify(ex, path); // authenticated by the provider's signature, not a session
      return;
    }
    if (path.startsWith("/api/") && !method.equals("GET") && !method.equals("HEAD")) {
      requireJson(ex);
    }
    Caller caller = caller(ex);
    if (path.equals("/") || path.equals("/index.html")) {
      resource(ex, "web/index.html", "text/html; charset=utf-8");
    } else if (path.equals("/app.js")) {
      resource(ex, "web/app.js", "text/javascript; charset=utf-8");
    } else if (path.equals("/style.css")) {
      resource(ex, "web/style.css", "text/css; charset=utf-8");
    } else if (path.equals("/admin") || path.equals("/admin.html")) {
      resource(ex, "web/admin.html", "text/html; charset=utf-8");
    } else if (path.equals("/admin.js")) {
      resource(ex, "web/admin.js", "text/javascript; charset=utf-8");
    } else if (path.equals("/api/config") && method.equals("GET")) {
      ObjectNode config = JSON.createObjectNode();
      config.put("sandbox", sandbox != null);
      config.put("nameSignIn", options.nameSignIn());
      json(ex, 200, config);
    } else if (path.equals("/api/packages") && method.equals("GET")) {
      json(ex, 200, store.packages());
    } else if (path.equals("/api/session")) {
      session(ex, caller, method);
    } else if (path.equals("/api/users") && method.equals("POST")) {
      signUp(ex, caller);
    } else if (path.equals("/api/me") && method.equals("GET")) {
      user(ex, requireUser(caller));
    } else if (path.startsWith("/api/users/") && method.equals("GET")) {
      String userId = path.substring("/api/users/".length());
      requireSignedIn(caller);
      if (!caller.admin() && !userId.equals(caller.userId())) {
        throw new BadRequest(403, "FORBIDDEN", "you can only see your own account");
      }
      user(ex, userId);
    } else if (path.equals("/api/orders") && method.equals("POST")) {
      createOrder(ex, requireUser(caller));
    } else if (path.startsWith("/api/orders/")) {
      orderAction(ex, caller, path.substring("/api/orders/".length()), method);
    } else if (path.startsWith("/api/refunds/") && method.equals("GET")) {
      requireAdmin(caller, "refunds");
      String outRefundNo = path.substring("/api/refunds/".length());
      json(ex, 200, refundView(pay.getRefund(outRefundNo, "true".equals(query(ex).get("sync")))));
    } else if (path.equals("/api/qr.png") && method.equals("GET")) {
      requireSignedIn(caller);
      qr(ex, query(ex).get("text"));
    } else if (path.startsWith(AppleRoutes.PREFIX) && method.equals("POST")) {
      json(ex, 200, apple.handle(pay, path, no -> ownedOrder(caller, no), jsonBody(ex)));
    } else if (path.startsWith("/api/sandbox/pay/") && method.equals("POST")) {
      sandboxPay(ex, caller, path.substring("/api/sandbox/pay/".length()));
    } else if (path.startsWith("/api/admin/")) {
      requireAdmin(caller, "the operator routes");
      admin(ex, path.substring("/api/admin/".length()), method);
    } else {
      throw new BadRequest(404, "NOT_FOUND", "no route " + method + " " + path);
    }
  }

  private Caller caller(HttpExchange ex) {
    String given = ex.getRequestHeaders().getFirst("X-Admin-Token");
    if (given != null && !isAdminToken(given)) {
      throw new BadRequest(401, "UNAUTHORIZED", "wrong X-Admin-Token");
    }
    return new Caller(sessions.find(ex), given != null);
  }

  /** The caller, or null when the request's credentials are wrong (answered 401 later). */
  private Caller callerOrNull(HttpExchange ex) {
    try {
      return caller(ex);
    } catch (BadRequest e) {
      return null;
    }
  }

  private boolean isAdminToken(String given) {
    return MessageDigest.isEqual(
        given.getBytes(StandardCharsets.UTF_8),
        options.adminToken().getBytes(StandardCharsets.UTF_8));
  }

  private static void requireSignedIn(Caller caller) {
    if (!caller.signedIn()) throw new BadRequest(401, "UNAUTHORIZED", "sign in first");
  }

  private static String requireUser(Caller caller) {
    if (caller.userId() == null) throw new BadRequest(401, "UNAUTHORIZED", "sign in as a user first");
    return caller.userId();
  }

  private static void requireAdmin(Caller caller, String what) {
    if (caller.admin()) return;
    if (!caller.signedIn()) {
      throw new BadRequest(401, "UNAUTHORIZED",
          what + " need an admin session or the X-Admin-Token header");
    }
    throw new BadRequest(403, "FORBIDDEN", what + " are for the admin only");
  }

  /** The order, if the caller may see it: its owner or the admin (checked before any waiting). */
  private PayOrder ownedOrder(Caller caller, String outTradeNo) {
    requireSignedIn(caller);
    PayOrder order = pay.getOrder(outTradeNo);
    if (!caller.admin() && !Objects.equals(order.userId(), caller.userId())) {
      throw new BadRequest(403, "FORBIDDEN", "this order belongs to another user");
    }
    return order;
  }

  private static void requireJson(HttpExchange ex) {
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new BadRequest(415, "UNSUPPORTED_MEDIA_TYPE",
          "state-changing requests must be sent as application/json");
    }
  }

  private void session(HttpExchange ex, Caller caller, String method) throws IOException {
    switch (method) {
      case "GET" -> {
        if (!caller.session().isPresent()) throw new BadRequest(401, "UNAUTHORIZED", "not signed in");
        json(ex, 200, sessionView(caller.session().get()));
      }
      case "POST" -> {
        JsonNode body = jsonBody(ex);
        String token = text(body, "adminToken", false);
        Sessions.Session session;
        if (token != null) {
          if (!isAdminToken(token)) throw new BadRequest(401, "UNAUTHORIZED", "wrong admin token");
          session = sessions.create(null, true, caller.session());
        } else {
          if (!options.nameSignIn()) {
            throw new BadRequest(403, "FORBIDDEN",
                "sign-in by name is off in live mode; plug in your own authentication");
          }
          String userId = text(body, "userId", true);
          if (!store.userExists(userId)) {
            throw new BadRequest(404, "UNKNOWN_USER", "unknown user '" + userId + "'");
          }
          session = sessions.create(userId, false, caller.session());
        }
        ex.getResponseHeaders().add("Set-Cookie", sessions.setCookie(session));
        json(ex, 200, sessionView(session));
      }
      case "DELETE" -> {
        caller.session().ifPresent(sessions::end);
        ex.getResponseHeaders().add("Set-Cookie", sessions.clearCookie());
        json(ex, 200, Map.of("signedOut", true));
      }
      default -> throw new BadRequest(404, "NOT_FOUND", "no route " + method + " /api/session");
    }
  }

  private Map<String, Object> sessionView(Sessions.Session session) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("userId", session.userId);
    out.put("nickname", session.userId == null ? null : store.nickname(session.userId).orElse(null));
    out.put("admin", session.admin);
    return out;
  }

  /** Sandbox sign-up: creates a user by name and signs them in. */
  private void signUp(HttpExchange ex, Caller caller) throws IOException {
    if (!options.nameSignIn()) {
      throw new BadRequest(403, "FORBIDDEN", "sign-up by name is off in live mode");
    }
    JsonNode body = jsonBody(ex);
    String userId = text(body, "userId", true);
    String nickname = Optional.ofNullable(text(body, "nickname", false)).orElse(userId);
    boolean created;
    try {
      created = store.createUser(userId, nickname);
    } catch (IllegalArgumentException e) {
      throw new BadRequest(400, "INVALID_ARGUMENT", e.getMessage());
    }
    if (!created) throw new BadRequest(409, "USER_EXISTS", "user '" + userId + "' exists already");
    Sessions.Session session = sessions.create(userId, false, caller.session());
    ex.getResponseHeaders().add("Set-Cookie", sessions.setCookie(session));
    json(ex, 201, sessionView(session));
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

  private void createOrder(HttpExchange ex, String userId) throws IOException {
    JsonNode body = jsonBody(ex);
    String packageId = text(body, "packageId", true);
    Provider provider = Provider.ofCode(text(body, "provider", true));
    PayType payType = PayType.ofCode(text(body, "payType", true));
    if (body.has("returnUrl")) {
      throw new BadRequest(400, "INVALID_ARGUMENT",
          "returnUrl is not accepted: the server sets where Alipay sends the payer back");
    }
    String requested = text(body, "userId", false);
    if (requested != null && !requested.equals(userId)) {
      throw new BadRequest(403, "FORBIDDEN", "orders are created for the signed-in user only");
    }
    if (!store.userExists(userId)) throw new BadRequest(404, "UNKNOWN_USER", "unknown user '" + userId + "'");
    VipPackage pkg = store.findPackage(packageId).orElseThrow(
        () -> new BadRequest(404, "UNKNOWN_PACKAGE", "unknown package '" + packageId + "'"));
    // The amount comes from the package table, never from the request.
    String orderNo = store.openOrder(userId, pkg);
    boolean redirects = payType == PayType.PAGE || payType == PayType.WAP;
    CreateOrderResult result =
        pay.createOrder(
            CreateOrderRequest.builder()
                .type(provider == Provider.APPLEIAP ? AppleRoutes.type(pkg.id()) : "vip")
                .orderNo(orderNo)
                .provider(provider)
                .payType(payType)
                .totalFee(pkg.price())
                .description(pkg.label())
                .userId(userId)
                .openid(text(body, "openid", false))
                .clientIp(ex.getRemoteAddress().getAddress().getHostAddress())
                .returnUrl(redirects ? returnUrl : null)
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

  private void orderAction(HttpExchange ex, Caller caller, String rest, String method)
      throws IOException {
    String[] parts = rest.split("/");
    String outTradeNo = parts[0];
    if (parts.length == 1 && method.equals("GET")) {
      Map<String, String> q = query(ex);
      long awaitSeconds = parseLong(q.getOrDefault("await", "0"), "await");
      PayOrder order = ownedOrder(caller, outTradeNo);
      boolean sync = "true".equals(q.get("sync"));
      if (awaitSeconds > 0 || sync) {
        OrderQuery query =
            OrderQuery.byOutTradeNo(outTradeNo)
                .awaitNotify(Duration.ofSeconds(Math.min(Math.max(awaitSeconds, 0), MAX_AWAIT_SECONDS)));
        if (sync) query = query.withProviderSync();
        order = pay.getOrder(query);
      }
      json(ex, 200, view(order));
    } else if (parts.length == 2 && parts[1].equals("close") && method.equals("POST")) {
      ownedOrder(caller, outTradeNo);
      json(ex, 200, view(pay.closeOrder(outTradeNo)));
    } else if (parts.length == 2 && parts[1].equals("refund") && method.equals("POST")) {
      requireAdmin(caller, "refunds");
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

  /** The operator routes: recent orders, the unresolved ledger facts, replay and acknowledge. */
  private void admin(HttpExchange ex, String rest, String method) throws IOException {
    Map<String, String> q = query(ex);
    int limit = (int) Math.min(Math.max(parseLong(q.getOrDefault("limit", "50"), "limit"), 1), 500);
    if (rest.equals("orders") && method.equals("GET")) {
      List<Map<String, Object>> out = new ArrayList<>();
      for (Map<String, Object> row : store.recentOrders(limit)) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("orderNo", row.get("order_no"));
        o.put("userId", row.get("user_id"));
        o.put("packageId", row.get("package_id"));
        o.put("price", row.get("price"));
        o.put("status", row.get("status"));
        o.put("paidOutTradeNo", row.get("paid_out_trade_no"));
        o.put("createdAt", java.time.Instant.ofEpochMilli(((Number) row.get("created_at")).longValue()).toString());
        out.add(o);
      }
      json(ex, 200, out);
    } else if (rest.equals("ledger") && method.equals("GET")) {
      List<Map<String, Object>> out = new ArrayList<>();
      for (ProviderEvent e : pay.ledger().unresolved(parseLong(q.getOrDefault("after", "0"), "after"), limit)) {
        out.add(eventView(e));
      }
      json(ex, 200, out);
    } else if (rest.startsWith("ledger/") && method.equals("POST")) {
      String[] parts = rest.split("/");
      if (parts.length != 3) throw new BadRequest(404, "NOT_FOUND", "no route " + method + " /api/admin/" + rest);
      long id = parseLong(parts[1], "ledger id");
      ProviderEvent after = switch (parts[2]) {
        case "replay" -> pay.ledger().replay(id);
        case "acknowledge" -> pay.ledger().acknowledge(id);
        default -> throw new BadRequest(404, "NOT_FOUND", "no route " + method + " /api/admin/" + rest);
      };
      log.info("operator {} ledger fact {}: now {}", parts[2], id,
          after.resolvedAt() == null ? "still unresolved" : "resolved as " + after.resolution());
      json(ex, 200, eventView(after));
    } else {
      throw new BadRequest(404, "NOT_FOUND", "no route " + method + " /api/admin/" + rest);
    }
  }

  /** A ledger fact for the operator: what happened, never the raw provider data or payer id. */
  private static Map<String, Object> eventView(ProviderEvent e) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", e.id());
    out.put("provider", e.provider() == null ? null : e.provider().code());
    out.put("kind", String.valueOf(e.kind()));
    out.put("source", e.source());
    out.put("outTradeNo", e.outTradeNo());
    out.put("outRefundNo", e.outRefundNo());
    out.put("providerId", e.providerId());
    out.put("amount", e.amount());
    out.put("outcome", String.valueOf(e.outcome()));
    out.put("detail", e.detail());
    out.put("receivedAt", e.receivedAt() == null ? null : e.receivedAt().toString());
    out.put("resolvedAt", e.resolvedAt() == null ? null : e.resolvedAt().toString());
    out.put("resolution", e.resolution() == null ? null : e.resolution().toString());
    return out;
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

  private void sandboxPay(HttpExchange ex, Caller caller, String outTradeNo) throws IOException {
    if (sandbox == null) throw new BadRequest(404, "NOT_FOUND", "the sandbox is off in live mode");
    PayOrder order = ownedOrder(caller, outTradeNo);
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
