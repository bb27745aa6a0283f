package io.unipay.testkit.wechat;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockWebServer;

/**
 * WeChat's login endpoints ("getOpenid", features §B14) on loopback HTTP, for tests: {@code GET
 * /sns/jscode2session} (mini programs), {@code GET /sns/oauth2/access_token} and the {@code GET
 * /connect/oauth2/authorize} page (official accounts), on one server for both WeChat hosts.
 *
 * <pre>{@code
 * try (WechatLoginSimulator wx = WechatLoginSimulator.start()) {
 *   IssuedLoginCode code = wx.issueMiniProgramCode(WechatLoginSimulator.DEFAULT_MINI_PROGRAM_APPID,
 *       "oPayer123", null);              // what wx.login() would give the client
 *   // the server exchanges code.code() at wx.baseUrl() with the app id and secret
 * }
 * }</pre>
 *
 * <p>As WeChat: codes are single-use ({@code 40163} the second time) and expire ({@link
 * Builder#codeLifetime}, default 5 min on the {@link Builder#clock}; then {@code 40029}, as for
 * unknown codes or codes of another app or API); a wrong secret gives {@code 40125}, an unknown
 * app id {@code 40013}, a missing code {@code 41008}; errors are HTTP 200 with {@code
 * errcode}/{@code errmsg} (with a {@code rid}); a successful {@code jscode2session} carries no
 * {@code errcode} unless {@link Builder#errcodeOnSuccess(boolean)}. {@link #inject} queues
 * rate-limit, busy, risky-user and transport faults. Thread-safe.
 */
public final class WechatLoginSimulator implements AutoCloseable {
  /** The default mini program. */
  public static final String DEFAULT_MINI_PROGRAM_APPID = "wx5imm1n1pr0gram0";
  /** The default mini program's app secret. */
  public static final String DEFAULT_MINI_PROGRAM_SECRET = "3f9a1c07d2b84e6f95a0c3d7e1b2f4a6";
  /** The default official account. */
  public static final String DEFAULT_OFFICIAL_ACCOUNT_APPID = "wx5imoff1c1a1acct";
  /** The default official account's app secret. */
  public static final String DEFAULT_OFFICIAL_ACCOUNT_SECRET = "a81e5d30c94f2b67e0d1f8a3b5c7e9d2";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  /** An app the simulator knows: which API it may use and its secret. */
  record App(IssuedLoginCode.Kind kind, String secret) {}

  /** A code and whether it was exchanged. */
  static final class CodeState {
    final IssuedLoginCode issued;
    boolean used;

    CodeState(IssuedLoginCode issued) {
      this.issued = issued;
    }
  }

  final Object lock = new Object();
  final Map<String, App> apps;
  final Map<String, CodeState> codes = new HashMap<>();
  final Clock clock;
  final boolean errcodeOnSuccess;
  final AtomicInteger apiCalls = new AtomicInteger();
  private final Duration codeLifetime;
  private final Deque<WechatLoginFault> faults = new ArrayDeque<>();
  private final Map<String, String[]> signedIn = new HashMap<>();
  private final MockWebServer server = new MockWebServer();

  private WechatLoginSimulator(Builder b) {
    this.apps = Map.copyOf(b.apps.isEmpty() ? Builder.defaults() : b.apps);
    this.clock = b.clock;
    this.codeLifetime = b.codeLifetime;
    this.errcodeOnSuccess = b.errcodeOnSuccess;
    server.setServerSocketFactory(io.unipay.testkit.NoDelayServerSocketFactory.INSTANCE);
    server.setDispatcher(new WechatLoginEndpoints(this));
    try {
      server.start(InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the WeChat login simulator", e);
    }
  }

  /** A simulator with the default mini program and official account, already listening. */
  public static WechatLoginSimulator start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The base URL of both WeChat hosts ({@code api.weixin.qq.com} and {@code open.weixin.qq.com}),
   * e.g. {@code http://127.0.0.1:41234}, without a trailing slash.
   */
  public String baseUrl() {
    String url = server.url("/").toString();
    return url.substring(0, url.length() - 1);
  }

  /** The app secret of a configured app. */
  public String secret(String appId) {
    App app = apps.get(appId);
    if (app == null) throw new IllegalArgumentException("unknown app " + appId);
    return app.secret();
  }

  // ---------------------------------------------------------------- codes

  /**
   * What {@code wx.login()} gives the client of mini program {@code appId}: a fresh code for
   * {@code openid} (and {@code unionid}, null for none) with a fresh random session key.
   */
  public IssuedLoginCode issueMiniProgramCode(String appId, String openid, String unionid) {
    requireApp(appId, IssuedLoginCode.Kind.MINI_PROGRAM);
    byte[] key = new byte[16];
    RANDOM.nextBytes(key);
    return register(
        new IssuedLoginCode(random(32), IssuedLoginCode.Kind.MINI_PROGRAM, appId,
            requireNonNull(openid, "openid == null"), unionid,
            Base64.getEncoder().encodeToString(key), null, false, expiry()));
  }

  /**
   * What the authorize redirect of official account {@code appId} brings: a fresh code for {@code
   * openid}. The {@code unionid} is returned only with {@code snsapi_userinfo}, as WeChat does.
   */
  public IssuedLoginCode issueOfficialAccountCode(
      String appId, String scope, String openid, String unionid) {
    requireApp(appId, IssuedLoginCode.Kind.OFFICIAL_ACCOUNT);
    if (!"snsapi_base".equals(scope) && !"snsapi_userinfo".equals(scope)) {
      throw new IllegalArgumentException("scope must be snsapi_base or snsapi_userinfo: " + scope);
    }
    return register(
        new IssuedLoginCode(random(32), IssuedLoginCode.Kind.OFFICIAL_ACCOUNT, appId,
            requireNonNull(openid, "openid == null"),
            "snsapi_userinfo".equals(scope) ? unionid : null, null, scope, false, expiry()));
  }

  /**
   * A code of a snapshot-page virtual user of official account {@code appId} ({@code
   * is_snapshotuser=1}, a virtual openid, {@code snsapi_base}).
   */
  public IssuedLoginCode issueSnapshotUserCode(String appId) {
    requireApp(appId, IssuedLoginCode.Kind.OFFICIAL_ACCOUNT);
    return register(
        new IssuedLoginCode(random(32), IssuedLoginCode.Kind.OFFICIAL_ACCOUNT, appId,
            "o" + random(27), null, null, "snsapi_base", true, expiry()));
  }

  /**
   * Who is "using WeChat" when the browser opens official account {@code appId}'s authorize page:
   * the page redirects with a code for this user. Default: a random openid per app, no unionid.
   */
  public void signInAs(String appId, String openid, String unionid) {
    requireApp(appId, IssuedLoginCode.Kind.OFFICIAL_ACCOUNT);
    synchronized (lock) {
      signedIn.put(appId, new String[] {requireNonNull(openid, "openid == null"), unionid});
    }
  }

  /** Whether {@code code} was exchanged successfully. */
  public boolean redeemed(String code) {
    synchronized (lock) {
      CodeState state = codes.get(code);
      return state != null && state.used;
    }
  }

  /** How many calls reached the two exchange APIs (not the authorize page). */
  public int apiCalls() {
    return apiCalls.get();
  }

  // ---------------------------------------------------------------- faults

  /** The next {@code times} exchange calls (either API) fail with {@code fault}, in order. */
  public WechatLoginSimulator inject(WechatLoginFault fault, int times) {
    requireNonNull(fault, "fault == null");
    if (times < 0) throw new IllegalArgumentException("times < 0: " + times);
    synchronized (lock) {
      for (int i = 0; i < times; i++) faults.addLast(fault);
    }
    return this;
  }

  /** Forgets every injected fault not yet used. */
  public WechatLoginSimulator clearFaults() {
    synchronized (lock) {
      faults.clear();
    }
    return this;
  }

  // ---------------------------------------------------------------- internals

  WechatLoginFault nextFault() {
    synchronized (lock) {
      return faults.pollFirst();
    }
  }

  /** The authorize page's code for {@code appId}'s signed-in user. */
  IssuedLoginCode authorizeCode(String appId, String scope) {
    String[] user;
    synchronized (lock) {
      user = signedIn.computeIfAbsent(appId, a -> new String[] {"o" + random(27), null});
    }
    return issueOfficialAccountCode(appId, scope, user[0], user[1]);
  }

  private IssuedLoginCode register(IssuedLoginCode issued) {
    synchronized (lock) {
      codes.put(issued.code(), new CodeState(issued));
    }
    return issued;
  }

  private void requireApp(String appId, IssuedLoginCode.Kind kind) {
    App app = apps.get(appId);
    if (app == null || app.kind() != kind) {
      throw new IllegalArgumentException("no " + kind + " app " + appId + " in the simulator");
    }
  }

  private Instant expiry() {
    return clock.instant().plus(codeLifetime);
  }

  static String random(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    return sb.toString();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (RuntimeException e) {
      // already closed
    }
  }

  @Override
  public String toString() {
    return "WechatLoginSimulator{" + baseUrl() + ", apps=" + apps.keySet() + "}";
  }

  /** Settings of a {@link WechatLoginSimulator}; every one has a default. Not thread-safe. */
  public static final class Builder {
    private final Map<String, App> apps = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();
    private Duration codeLifetime = Duration.ofMinutes(5);
    private boolean errcodeOnSuccess;

    private Builder() {}

    static Map<String, App> defaults() {
      return Map.of(
          DEFAULT_MINI_PROGRAM_APPID,
          new App(IssuedLoginCode.Kind.MINI_PROGRAM, DEFAULT_MINI_PROGRAM_SECRET),
          DEFAULT_OFFICIAL_ACCOUNT_APPID,
          new App(IssuedLoginCode.Kind.OFFICIAL_ACCOUNT, DEFAULT_OFFICIAL_ACCOUNT_SECRET));
    }

    /** A mini program; once any app is added, the default apps are not created. */
    public Builder miniProgram(String appId, String secret) {
      return app(appId, IssuedLoginCode.Kind.MINI_PROGRAM, secret);
    }

    /** An official account; once any app is added, the default apps are not created. */
    public Builder officialAccount(String appId, String secret) {
      return app(appId, IssuedLoginCode.Kind.OFFICIAL_ACCOUNT, secret);
    }

    private Builder app(String appId, IssuedLoginCode.Kind kind, String secret) {
      requireNonNull(appId, "appId == null");
      requireNonNull(secret, "secret == null");
      if (apps.putIfAbsent(appId, new App(kind, secret)) != null) {
        throw new IllegalArgumentException("app " + appId + " added twice");
      }
      return this;
    }

    /** The clock codes expire by (tests pass one they move). */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock == null");
      return this;
    }

    /** How long a code works after it is issued; default 5 minutes. */
    public Builder codeLifetime(Duration lifetime) {
      requireNonNull(lifetime, "lifetime == null");
      if (lifetime.isNegative() || lifetime.isZero()) {
        throw new IllegalArgumentException("codeLifetime must be > 0: " + lifetime);
      }
      this.codeLifetime = lifetime;
      return this;
    }

    /**
     * Whether a successful {@code jscode2session} answer carries {@code "errcode":0,"errmsg":"ok"};
     * default false (WeChat usually omits it).
     */
    public Builder errcodeOnSuccess(boolean include) {
      this.errcodeOnSuccess = include;
      return this;
    }

    public WechatLoginSimulator start() {
      return new WechatLoginSimulator(this);
    }
  }
}
