package io.unipay.testkit.alipay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URLEncoder;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * Payer logins of an {@link AlipaySimulator} ({@link AlipaySimulator#logins()}, features §B13):
 * {@code alipay.system.oauth.token} on the gateway and the {@code
 * /oauth2/publicAppAuthorize.htm} authorize page on the same server.
 *
 * <p>As Alipay: {@code grant_type} and {@code code} are read from the top-level parameters only
 * (a {@code biz_content} is ignored), and are covered by the request signature; auth codes are
 * single-use and expire ({@link #codeLifetime}, default 5 minutes on the simulator's clock); a
 * used, expired or unknown code is a signed {@code error_response} {@code 40002
 * isv.code-invalid}, a code of another app {@code isv.unmatched-app-id}. A successful answer
 * carries no {@code code}, and the id of the app's standard: {@code open_id} on the openid
 * standard (the default, as for new apps), {@code user_id} for a legacy app ({@link
 * #openidStandard(boolean)}). Gateway faults ({@link AlipaySimulator#faults()}) apply to the
 * method like to any other. Thread-safe.
 */
public final class AlipayLogins {
  /** The gateway method. */
  public static final String METHOD = "alipay.system.oauth.token";
  /** The path of the simulated authorize page. */
  public static final String AUTHORIZE_PATH = "/oauth2/publicAppAuthorize.htm";
  /** The default payer's open_id. */
  public static final String DEFAULT_OPEN_ID = "074sImuLat0rPayerOpenId0000000000000000000000";

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A payer: both ids (which one the answer carries depends on the standard) and union_id. */
  private record User(String userId, String openId, String unionId) {}

  private record Code(String appId, User user, Instant expiresAt) {}

  private final AlipaySimulator sim;
  private final Map<String, Code> codes = new HashMap<>();
  private final Map<String, Boolean> used = new HashMap<>();
  private boolean openidStandard = true;
  private Duration codeLifetime = Duration.ofMinutes(5);
  private User signedIn =
      new User(AlipaySimulator.DEFAULT_BUYER_ID, DEFAULT_OPEN_ID, null);

  AlipayLogins(AlipaySimulator sim) {
    this.sim = sim;
  }

  /**
   * Whether the app is on the openid standard: token answers carry {@code open_id} (true, the
   * default) or, for a legacy app, {@code user_id} (false).
   */
  public AlipayLogins openidStandard(boolean on) {
    synchronized (sim.lock) {
      this.openidStandard = on;
    }
    return this;
  }

  /** How long an auth code works after it is issued; default 5 minutes. */
  public AlipayLogins codeLifetime(Duration lifetime) {
    requireNonNull(lifetime, "lifetime == null");
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("codeLifetime must be > 0: " + lifetime);
    }
    synchronized (sim.lock) {
      this.codeLifetime = lifetime;
    }
    return this;
  }

  /**
   * What {@code my.getAuthCode} gives the client of the simulator's app: a fresh auth code for the
   * payer with these ids ({@code unionId} null for none).
   */
  public String issueCode(String userId, String openId, String unionId) {
    return issueCodeFor(sim.appId, userId, openId, unionId);
  }

  /** {@link #issueCode} for the default payer. */
  public String issueCode() {
    return issueCode(AlipaySimulator.DEFAULT_BUYER_ID, DEFAULT_OPEN_ID, null);
  }

  /** An auth code issued to another app: exchanging it here is {@code isv.unmatched-app-id}. */
  public String issueCodeFor(String appId, String userId, String openId, String unionId) {
    requireNonNull(appId, "appId == null");
    User user = new User(requireNonNull(userId, "userId == null"),
        requireNonNull(openId, "openId == null"), unionId);
    String code = newCode();
    synchronized (sim.lock) {
      codes.put(code, new Code(appId, user, sim.clock.instant().plus(codeLifetime)));
    }
    return code;
  }

  /** The payer the authorize page signs in (default {@link AlipaySimulator#DEFAULT_BUYER_ID}). */
  public AlipayLogins signInAs(String userId, String openId, String unionId) {
    User user = new User(requireNonNull(userId, "userId == null"),
        requireNonNull(openId, "openId == null"), unionId);
    synchronized (sim.lock) {
      signedIn = user;
    }
    return this;
  }

  /** The simulated authorize page, for {@code AlipayLoginConfig.authorizeUrl(...)}. */
  public String authorizeUrl() {
    String gateway = sim.gatewayUrl();
    return gateway.substring(0, gateway.indexOf("/gateway.do")) + AUTHORIZE_PATH;
  }

  /** Whether {@code code} was exchanged successfully. */
  public boolean redeemed(String code) {
    synchronized (sim.lock) {
      return used.containsKey(code);
    }
  }

  // ---------------------------------------------------------------- the gateway method

  /** The answer to a verified {@code alipay.system.oauth.token} call. */
  MockResponse answer(Map<String, String> params, SimAnswers answers, Fault fault) {
    Map<String, Object> result = token(params);
    String root =
        result.containsKey("sub_code") ? "error_response" : "alipay_system_oauth_token_response";
    // A token answer names no trade: "about another order" does not apply to it.
    return answers.after(root, result, fault == Fault.ANOTHER_ORDER ? null : fault);
  }

  private Map<String, Object> token(Map<String, String> params) {
    if (!"authorization_code".equals(params.get("grant_type"))) {
      return SimGateway.error("40002", "Invalid Arguments", "isv.grant-type-invalid", "grant_type参数不正确");
    }
    String code = params.get("code");
    Map<String, Object> r = new LinkedHashMap<>();
    synchronized (sim.lock) {
      Code issued = code == null ? null : codes.get(code);
      if (issued == null || used.containsKey(code)
          || !sim.clock.instant().isBefore(issued.expiresAt())) {
        return SimGateway.error("40002", "Invalid Arguments", "isv.code-invalid", "授权码code无效");
      }
      if (!issued.appId().equals(params.get("app_id"))) {
        return SimGateway.error("40002", "Invalid Arguments", "isv.unmatched-app-id",
            "调用接口的应用标识与令牌授权的应用不相符");
      }
      used.put(code, Boolean.TRUE);
      r.put("access_token", "authusrB" + newCode());
      r.put("auth_start", AlipaySimulator.TIME.format(sim.clock.instant()));
      r.put("expires_in", 1296000);
      r.put("re_expires_in", 2592000);
      r.put("refresh_token", "authusrB" + newCode());
      if (openidStandard) {
        r.put("open_id", issued.user().openId());
      } else {
        r.put("user_id", issued.user().userId());
      }
      if (issued.user().unionId() != null) r.put("union_id", issued.user().unionId());
    }
    return r;
  }

  // ---------------------------------------------------------------- the authorize page

  /**
   * The authorize page, as a browser in the Alipay app sees it when the user agrees: a 302 to
   * {@code redirect_uri} with {@code app_id}, {@code source}, {@code scope}, {@code auth_code} and
   * {@code state} added to its query.
   */
  MockResponse authorizePage(RecordedRequest request) {
    HttpUrl url = request.getUrl();
    String appId = url.queryParameter("app_id");
    String scope = url.queryParameter("scope");
    String redirectUri = url.queryParameter("redirect_uri");
    String state = url.queryParameter("state");
    if (!sim.appId.equals(appId)) return page("应用不存在或app_id错误");
    if (!"auth_base".equals(scope) && !"auth_user".equals(scope)) return page("scope参数错误");
    if (redirectUri == null || !absoluteHttp(redirectUri)) return page("redirect_uri参数错误");
    User user;
    synchronized (sim.lock) {
      user = signedIn;
    }
    String code = issueCode(user.userId(), user.openId(), user.unionId());
    String location = redirectUri + (redirectUri.contains("?") ? "&" : "?")
        + "app_id=" + appId + "&source=alipay_wallet&scope=" + scope + "&auth_code=" + code
        + (state == null ? "" : "&state=" + URLEncoder.encode(state, UTF_8));
    return new MockResponse.Builder().code(302).setHeader("Location", location).build();
  }

  private static MockResponse page(String error) {
    return new MockResponse.Builder().code(200)
        .setHeader("Content-Type", "text/html;charset=utf-8")
        .body("<html><body>" + error + "</body></html>").build();
  }

  private static boolean absoluteHttp(String uri) {
    try {
      URI parsed = new URI(uri);
      return ("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme()))
          && parsed.getHost() != null && parsed.getRawFragment() == null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static String newCode() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    StringBuilder hex = new StringBuilder(32);
    for (byte b : bytes) hex.append(String.format("%02x", b));
    return hex.toString();
  }
}
