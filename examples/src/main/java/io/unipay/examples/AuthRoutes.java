package io.unipay.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.unipay.core.login.PayerIdentity;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Sign-in, sign-out and the signed-in user's account: {@code /api/session}, {@code /api/users},
 * {@code /api/me}, {@code /api/users/{id}}.
 *
 * <p>Every way of signing in ends in {@link #startSession}: it issues a fresh session id (ending
 * the browser's previous session) and sets the cookie. There are three: by name (sandbox, or live
 * with {@code auth.name.signin=true}), as the admin with the admin token, and as a payer with a
 * WeChat or Alipay login code ({@link LoginRoutes}: the code exchanged with the provider for the
 * payer's openid, mapped to a user of the store, the payer kept in the session). Payer accounts
 * ({@link PayerAccounts#reserved}) sign in only that way: never by name, and nobody signs up by
 * name as one.
 */
final class AuthRoutes implements Routes {
  private final VipStore store;
  private final Access access;
  private final boolean nameSignIn;

  AuthRoutes(VipStore store, Access access, boolean nameSignIn) {
    this.store = store;
    this.access = access;
    this.nameSignIn = nameSignIn;
  }

  @Override
  public boolean serve(HttpExchange ex, Caller caller, String path, String method)
      throws IOException {
    if (path.equals("/api/session")) {
      session(ex, caller, method);
    } else if (path.equals("/api/users") && method.equals("POST")) {
      signUp(ex, caller);
    } else if (path.equals("/api/me") && method.equals("GET")) {
      user(ex, Access.requireUser(caller));
    } else if (path.startsWith("/api/users/") && method.equals("GET")) {
      String userId = path.substring("/api/users/".length());
      Access.requireSignedIn(caller);
      if (!caller.admin() && !userId.equals(caller.userId())) {
        throw new BadRequest(403, "FORBIDDEN", "you can only see your own account");
      }
      user(ex, userId);
    } else {
      return false;
    }
    return true;
  }

  private void session(HttpExchange ex, Caller caller, String method) throws IOException {
    switch (method) {
      case "GET" -> {
        if (caller.session().isEmpty()) {
          throw new BadRequest(401, "UNAUTHORIZED", "not signed in");
        }
        Http.json(ex, 200, sessionView(caller.session().get()));
      }
      case "POST" -> {
        JsonNode body = Http.jsonBody(ex);
        String token = Http.text(body, "adminToken", false);
        if (token != null) {
          if (!access.isAdminToken(token)) {
            throw new BadRequest(401, "UNAUTHORIZED", "wrong admin token");
          }
          startSession(ex, caller, null, true, null, 200);
        } else {
          if (!nameSignIn) {
            throw new BadRequest(403, "FORBIDDEN",
                "sign-in by name is off in live mode; plug in your own authentication");
          }
          String userId = Http.text(body, "userId", true);
          if (PayerAccounts.reserved(userId)) {
            throw new BadRequest(403, "PAYER_ACCOUNT",
                "this account signs in with its WeChat or Alipay login (POST /api/login/code)");
          }
          if (!store.userExists(userId)) {
            throw new BadRequest(404, "UNKNOWN_USER", "unknown user '" + userId + "'");
          }
          startSession(ex, caller, userId, false, null, 200);
        }
      }
      case "DELETE" -> {
        caller.session().ifPresent(access.sessions()::end);
        ex.getResponseHeaders().add("Set-Cookie", access.sessions().clearCookie());
        Http.json(ex, 200, Map.of("signedOut", true));
      }
      default -> throw BadRequest.noRoute(method, "/api/session");
    }
  }

  /** Sandbox sign-up: creates a user by name and signs them in. */
  private void signUp(HttpExchange ex, Caller caller) throws IOException {
    if (!nameSignIn) {
      throw new BadRequest(403, "FORBIDDEN", "sign-up by name is off in live mode");
    }
    JsonNode body = Http.jsonBody(ex);
    String userId = Http.text(body, "userId", true);
    String nickname = Optional.ofNullable(Http.text(body, "nickname", false)).orElse(userId);
    if (PayerAccounts.reserved(userId)) {
      throw new BadRequest(400, "INVALID_ARGUMENT",
          "user ids starting with wxmp-, wxoa- or alipay- are reserved for payers who sign in"
              + " with WeChat or Alipay");
    }
    boolean created;
    try {
      created = store.createUser(userId, nickname);
    } catch (IllegalArgumentException e) {
      throw new BadRequest(400, "INVALID_ARGUMENT", e.getMessage());
    }
    if (!created) {
      throw new BadRequest(409, "USER_EXISTS", "user '" + userId + "' exists already");
    }
    startSession(ex, caller, userId, false, null, 201);
  }

  /**
   * Signs the browser in as {@code userId} (null for an operator session; {@code payer} when it
   * signed in with a login code): a new session id, the previous session of this browser ended,
   * the cookie set, and the session answered with {@code status}.
   */
  void startSession(
      HttpExchange ex, Caller caller, String userId, boolean admin, PayerIdentity payer,
      int status) throws IOException {
    Http.json(ex, status, sessionView(newSession(ex, caller, userId, admin, payer)));
  }

  /**
   * {@link #startSession} for a sign-in that ends in a browser navigation (an authorize
   * redirect's callback): the session started, then {@code 303 See Other} to {@code location}.
   */
  void startSessionAndRedirect(
      HttpExchange ex, Caller caller, String userId, PayerIdentity payer, String location)
      throws IOException {
    newSession(ex, caller, userId, false, payer);
    ex.getResponseHeaders().set("Location", location);
    ex.sendResponseHeaders(303, -1);
  }

  private Sessions.Session newSession(
      HttpExchange ex, Caller caller, String userId, boolean admin, PayerIdentity payer) {
    Sessions.Session session = access.sessions().create(userId, admin, payer, caller.session());
    ex.getResponseHeaders().add("Set-Cookie", access.sessions().setCookie(session));
    return session;
  }

  /** What the browser learns of its session: never the id, nor the payer's openid. */
  private Map<String, Object> sessionView(Sessions.Session session) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("userId", session.userId);
    out.put(
        "nickname", session.userId == null ? null : store.nickname(session.userId).orElse(null));
    out.put("admin", session.admin);
    out.put("signedInWith", session.payer == null ? null : session.payer.flow().name());
    return out;
  }

  private void user(HttpExchange ex, String userId) throws IOException {
    if (!store.userExists(userId)) {
      throw new BadRequest(404, "UNKNOWN_USER", "unknown user '" + userId + "'");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("userId", userId);
    out.put("vipExpireDate", store.vipExpiry(userId).map(Object::toString).orElse(null));
    Http.json(ex, 200, out);
  }
}
