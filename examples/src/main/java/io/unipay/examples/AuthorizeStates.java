package io.unipay.examples;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The authorize-redirect logins under way (the WeChat official account's OAuth2 page), each
 * bound to the browser that started it against login CSRF: starting one draws a random {@code
 * state} for the authorize URL and hands the browser a random id in the {@code vip_login} cookie
 * that names it on the server; the callback is accepted only from that browser, with that state,
 * once, within {@link #LIFETIME}. A callback URL taken from someone else's login (their code, their
 * state) therefore signs nobody in, and its code is not even exchanged.
 *
 * <p>The cookie is {@code SameSite=Lax}, not {@code Strict} like the session's: the callback is a
 * top-level navigation coming from WeChat's site, on which browsers send no {@code Strict}
 * cookie. It is {@code HttpOnly}, scoped to {@code /api/login/} and lives 10 minutes.
 */
final class AuthorizeStates {
  static final String COOKIE = "vip_login";
  static final Duration LIFETIME = Duration.ofMinutes(10);
  private static final int MAX_PENDING = 10_000;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHANUMERIC =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  /** A login under way: the state sent to the provider, the app, and until when it may return. */
  record Pending(String state, String appId, Instant expiresAt) {}

  private final Map<String, Pending> byCookie = new ConcurrentHashMap<>();
  private final Clock clock;
  private final boolean secureCookie;

  AuthorizeStates(Clock clock, boolean secureCookie) {
    this.clock = clock;
    this.secureCookie = secureCookie;
  }

  /**
   * Starts a login of app {@code appId} in this browser (ending one it had under way): the state
   * to put in the authorize URL — 32 letters and digits, which both WeChat's and Alipay's rules
   * allow — with the cookie added to the answer.
   */
  String begin(HttpExchange ex, String appId) {
    String previous = Sessions.cookie(ex, COOKIE);
    if (previous != null) byCookie.remove(previous);
    if (byCookie.size() >= MAX_PENDING) {
      Instant now = clock.instant();
      byCookie.values().removeIf(p -> !p.expiresAt().isAfter(now));
    }
    if (byCookie.size() >= MAX_PENDING) {
      throw new BadRequest(429, "TOO_MANY_LOGINS", "too many logins under way; try again later");
    }
    StringBuilder state = new StringBuilder(32);
    for (int i = 0; i < 32; i++) state.append(ALPHANUMERIC.charAt(RANDOM.nextInt(62)));
    String id = Sessions.randomId();
    byCookie.put(id, new Pending(state.toString(), appId, clock.instant().plus(LIFETIME)));
    ex.getResponseHeaders().add("Set-Cookie",
        COOKIE + "=" + id + attributes() + "; Max-Age=" + LIFETIME.toSeconds());
    return state.toString();
  }

  /**
   * Ends the login this browser has under way, whatever the outcome (single use; the cookie is
   * removed): its app when {@code state} is the one it was started with and it has not expired.
   *
   * @throws BadRequest 400 {@code LOGIN_STATE_MISMATCH} otherwise: no login under way in this
   *     browser, another state, or too late
   */
  Pending finish(HttpExchange ex, String state) {
    String id = Sessions.cookie(ex, COOKIE);
    Pending pending = id == null ? null : byCookie.remove(id);
    ex.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + attributes() + "; Max-Age=0");
    boolean matches = pending != null && state != null
        && MessageDigest.isEqual(
            pending.state().getBytes(StandardCharsets.UTF_8),
            state.getBytes(StandardCharsets.UTF_8))
        && pending.expiresAt().isAfter(clock.instant());
    if (!matches) {
      throw new BadRequest(400, "LOGIN_STATE_MISMATCH",
          "this sign-in was not started in this browser, or it expired, or it was used already;"
              + " start it again");
    }
    return pending;
  }

  private String attributes() {
    return "; Path=/api/login/; HttpOnly; SameSite=Lax" + (secureCookie ? "; Secure" : "");
  }
}
