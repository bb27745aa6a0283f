package io.unipay.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.unipay.core.UniPay;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example app's HTTP surface: the checkout page, a small JSON API, and the notify endpoints
 * that hand method, path, headers and the raw body to {@link UniPay#handleNotify} and write its
 * answer back verbatim. The routes live in groups ({@link StaticRoutes}, {@link AuthRoutes},
 * {@link CheckoutRoutes}, {@link ConsoleRoutes}, {@link ReconciliationRoutes}, {@link AdminRoutes},
 * {@link NotifyRoute}); this class binds the server, runs each request on the pool for its kind,
 * and asks the groups in turn.
 *
 * <p>Security model: a user signs in ({@code POST /api/session}; in sandbox mode by name; or as a
 * payer with a WeChat/Alipay login code, {@link LoginRoutes}) and gets
 * a random server-side session in an {@code HttpOnly}, {@code SameSite=Strict} cookie ({@link
 * Sessions}). A payer's openid comes from its session, never from a request. Orders belong to the
 * user who created them: only that user (or the admin) reads,
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
  static final String NOTIFY_PREFIX = NotifyRoute.PREFIX;

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

  private final VipStore store;
  private final Sandbox sandbox; // null in live mode
  private final Options options;
  private final Access access;
  private final LongPolls longPolls;
  private final HttpServer server;
  private final ExecutorService intake;
  private final ThreadPoolExecutor apiPool;
  private final ThreadPoolExecutor notifyPool;
  private final ThreadPoolExecutor pollPool;
  private volatile NotifyRoute notifyRoute;
  private volatile List<Routes> routes = List.of();

  /** Binds the server (port 0 picks a free port); {@link #start} begins serving. */
  public ApiServer(VipStore store, Sandbox sandbox, Options options, String host, int port)
      throws IOException {
    this.store = store;
    this.sandbox = sandbox;
    this.options = options;
    this.access =
        new Access(new Sessions(Clock.systemUTC(), options.secureCookie()), options.adminToken());
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
   * Starts serving with the engine (built after binding, since its notify URL needs the port),
   * the Alipay {@code return_url} the server sets for page and wap payments, what the operator
   * console reads, the payer logins and the app's public base URL (for their redirects).
   */
  ApiServer start(
      UniPay pay, String returnUrl, ConsoleSources console, PayerLoginSetup logins,
      String publicBase) {
    this.notifyRoute = new NotifyRoute(pay);
    AuthRoutes auth = new AuthRoutes(store, access, options.nameSignIn());
    this.routes =
        List.of(
            new StaticRoutes(),
            auth,
            new LoginRoutes(
                auth, store, logins, publicBase, Clock.systemUTC(), options.secureCookie()),
            new CheckoutRoutes(pay, returnUrl, store, sandbox, options.nameSignIn()),
            new ConsoleRoutes(pay, store, console),
            new ReconciliationRoutes(pay, console.clock()),
            new AdminRoutes(pay, store));
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
      String name, int core, int max, BlockingQueue<Runnable> queue) {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(core, max, 30, TimeUnit.SECONDS, queue, r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Routes a request to the pool that serves its kind; runs on an intake thread. */
  private void dispatch(HttpExchange ex) {
    String path = ex.getRequestURI().getPath();
    try {
      if (NotifyRoute.matches(path)) {
        notifyPool.execute(() -> handle(ex));
        return;
      }
      if (ex.getRequestMethod().equals("GET") && path.startsWith("/api/orders/") && awaits(ex)) {
        Caller caller = access.callerOrNull(ex);
        if (caller != null && caller.signedIn()) {
          String key = caller.pollKey();
          if (!longPolls.tryAcquire(key)) {
            apiPool.execute(() -> Responses.respond(ex, () -> {
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
        Http.error(ex, 503, "OVERLOADED", "the server is busy; try again");
      } catch (IOException ignored) {
        // the client is gone
      } finally {
        ex.close();
      }
    }
  }

  private static boolean awaits(HttpExchange ex) {
    String await = Http.query(ex).get("await");
    if (await == null) return false;
    try {
      return Long.parseLong(await) > 0;
    } catch (NumberFormatException e) {
      return false; // answered 400 on the API pool
    }
  }

  private void handle(HttpExchange ex) {
    Responses.respond(ex, () -> route(ex));
  }

  private void route(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    if (NotifyRoute.matches(path) && method.equals("POST")) {
      notifyRoute.serve(ex, path); // authenticated by the provider's signature, not a session
      return;
    }
    if (path.startsWith("/api/") && !method.equals("GET") && !method.equals("HEAD")) {
      Http.requireJson(ex);
    }
    Caller caller = access.caller(ex);
    for (Routes group : routes) {
      if (group.serve(ex, caller, path, method)) return;
    }
    throw BadRequest.noRoute(method, path);
  }
}
