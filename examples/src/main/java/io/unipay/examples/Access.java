package io.unipay.examples;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who a request comes from and what it may do: the session its cookie names, the admin token
 * (compared in constant time), and the checks the routes call before doing anything.
 */
final class Access {
  private final Sessions sessions;
  private final String adminToken;

  Access(Sessions sessions, String adminToken) {
    this.sessions = sessions;
    this.adminToken = adminToken;
  }

  Sessions sessions() {
    return sessions;
  }

  /** The caller; a wrong {@code X-Admin-Token} is answered 401 (never ignored). */
  Caller caller(HttpExchange ex) {
    String given = ex.getRequestHeaders().getFirst("X-Admin-Token");
    if (given != null && !isAdminToken(given)) {
      throw new BadRequest(401, "UNAUTHORIZED", "wrong X-Admin-Token");
    }
    return new Caller(sessions.find(ex), given != null);
  }

  /** The caller, or null when the request's credentials are wrong (answered 401 later). */
  Caller callerOrNull(HttpExchange ex) {
    try {
      return caller(ex);
    } catch (BadRequest e) {
      return null;
    }
  }

  boolean isAdminToken(String given) {
    return MessageDigest.isEqual(
        given.getBytes(StandardCharsets.UTF_8), adminToken.getBytes(StandardCharsets.UTF_8));
  }

  static void requireSignedIn(Caller caller) {
    if (!caller.signedIn()) throw new BadRequest(401, "UNAUTHORIZED", "sign in first");
  }

  static String requireUser(Caller caller) {
    if (caller.userId() == null) {
      throw new BadRequest(401, "UNAUTHORIZED", "sign in as a user first");
    }
    return caller.userId();
  }

  /** 401 without credentials, 403 for a signed-in non-admin; {@code what} names the routes. */
  static void requireAdmin(Caller caller, String what) {
    if (caller.admin()) return;
    if (!caller.signedIn()) {
      throw new BadRequest(401, "UNAUTHORIZED",
          what + " need an admin session or the X-Admin-Token header");
    }
    throw new BadRequest(403, "FORBIDDEN", what + " are for the admin only");
  }
}
