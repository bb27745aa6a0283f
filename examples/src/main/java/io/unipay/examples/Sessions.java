package io.unipay.examples;

import com.sun.net.httpserver.HttpExchange;
import io.unipay.core.login.PayerIdentity;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The example app's server-side sessions: a random 256-bit id in an {@code HttpOnly}, {@code
 * SameSite=Strict} cookie (plus {@code Secure} when the app is served over HTTPS) names a session
 * kept in memory, which holds who signed in. Sign-in always issues a new id (no fixation); sessions
 * end after {@link #IDLE} without use or on sign-out. Ids are secrets: never logged or printed.
 */
final class Sessions {
  static final String COOKIE = "vip_sid";
  static final Duration IDLE = Duration.ofHours(8);
  private static final int MAX_SESSIONS = 100_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * One signed-in browser: a user (may be null for an operator session), whether it may use the
   * admin routes, and the payer it signed in as with a login code (null otherwise) — the only
   * source of the openid of its JSAPI and mini-program payments. The session stays on the server;
   * the browser never sees the openid.
   */
  static final class Session {
    final String id;
    final String userId;
    final boolean admin;
    final PayerIdentity payer;
    volatile Instant lastUsed;

    Session(String id, String userId, boolean admin, PayerIdentity payer, Instant now) {
      this.id = id;
      this.userId = userId;
      this.admin = admin;
      this.payer = payer;
      this.lastUsed = now;
    }

    @Override
    public String toString() { // never the id, nor the openid
      return "Session{userId=" + userId + ", admin=" + admin
          + (payer == null ? "" : ", payer=" + payer.flow()) + "}";
    }
  }

  private final Map<String, Session> byId = new ConcurrentHashMap<>();
  private final Clock clock;
  private final boolean secureCookie;

  Sessions(Clock clock, boolean secureCookie) {
    this.clock = clock;
    this.secureCookie = secureCookie;
  }

  /**
   * Starts a session, ending {@code previous} (the browser's old one) if given; {@code payer} is
   * the payer who signed in with a login code, else null.
   */
  Session create(
      String userId, boolean admin, PayerIdentity payer, Optional<Session> previous) {
    previous.ifPresent(p -> byId.remove(p.id));
    if (byId.size() >= MAX_SESSIONS) evictIdle();
    if (byId.size() >= MAX_SESSIONS) throw new IllegalStateException("too many sessions");
    String id = randomId();
    Session session = new Session(id, userId, admin, payer, clock.instant());
    byId.put(id, session);
    return session;
  }

  /** The live session the request's cookie names, refreshing its idle timer. */
  Optional<Session> find(HttpExchange ex) {
    String id = cookie(ex, COOKIE);
    if (id == null) return Optional.empty();
    Session session = byId.get(id);
    if (session == null) return Optional.empty();
    Instant now = clock.instant();
    if (session.lastUsed.plus(IDLE).isBefore(now)) {
      byId.remove(id);
      return Optional.empty();
    }
    session.lastUsed = now;
    return Optional.of(session);
  }

  void end(Session session) {
    byId.remove(session.id);
  }

  /**
   * The {@code Set-Cookie} value that hands {@code session} to the browser: a browser-session
   * cookie (no Max-Age; the server ends idle sessions itself).
   */
  String setCookie(Session session) {
    return COOKIE + "=" + session.id + attributes();
  }

  /** The {@code Set-Cookie} value that removes the cookie. */
  String clearCookie() {
    return COOKIE + "=" + attributes() + "; Max-Age=0";
  }

  private String attributes() {
    return "; Path=/; HttpOnly; SameSite=Strict" + (secureCookie ? "; Secure" : "");
  }

  private void evictIdle() {
    Instant cutoff = clock.instant().minus(IDLE);
    byId.values().removeIf(s -> s.lastUsed.isBefore(cutoff));
  }

  /** The value of the request's cookie {@code name}, or null. */
  static String cookie(HttpExchange ex, String name) {
    List<String> headers = ex.getRequestHeaders().get("Cookie");
    if (headers == null) return null;
    for (String header : headers) {
      for (String part : header.split(";")) {
        String p = part.trim();
        if (!p.startsWith(name + "=")) continue;
        String value = p.substring(name.length() + 1);
        // RFC 6265 allows a quoted value (Java's CookieManager quotes those with Max-Age).
        boolean quoted = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"");
        return quoted ? value.substring(1, value.length() - 1) : value;
      }
    }
    return null;
  }

  /** A random 256-bit id, URL-safe Base64 (43 characters). */
  static String randomId() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }
}
