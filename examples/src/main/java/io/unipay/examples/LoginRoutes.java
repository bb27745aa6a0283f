package io.unipay.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.login.LoginFlow;
import io.unipay.core.login.LoginRejectedException;
import io.unipay.core.login.PayerIdentity;
import io.unipay.core.login.PayerLogin;
import io.unipay.core.login.PayerLogins;
import io.unipay.wechat.login.OAuthScope;
import io.unipay.wechat.login.OfficialAccountLogin;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;

/**
 * Signing a payer in with a provider's login code ("getOpenid"):
 *
 * <ul>
 *   <li>{@code GET /api/login/flows}: the configured flows (for the page's buttons);
 *   <li>{@code POST /api/login/code} {@code {flow, appId?, code}}: the code the client got ({@code
 *       wx.login()}, the official account's redirect, {@code my.getAuthCode()}) exchanged on the
 *       server for the payer's id, mapped to a user of the store (created at the first sign-in,
 *       {@link PayerAccounts}), and a session for that user which keeps the payer — the only
 *       source of the openid of its JSAPI and mini-program payments;
 *   <li>{@code POST /api/login/wechat-oa/authorize} and {@code GET /api/login/wechat-oa/callback}:
 *       the official account's redirect flow, its {@code state} bound to the browser ({@link
 *       AuthorizeStates});
 *   <li>{@code POST /api/sandbox/login-code} {@code {flow, openid?}} (sandbox only, 404 in live
 *       mode): the phone's part, a fresh code from the simulators ({@link SimulatedPhone}).
 * </ul>
 *
 * <p>A refused code is 400 with its reason ({@code INVALID_CODE}, {@code CODE_USED}, {@code
 * SNAPSHOT_USER}) and starts no session; a provider that cannot be reached is 503 with the generic
 * body and a correlation id. Codes, app secrets and session keys are never answered or logged.
 */
final class LoginRoutes implements Routes {
  static final String FLOWS = "/api/login/flows";
  static final String CODE = "/api/login/code";
  static final String OA_AUTHORIZE = "/api/login/wechat-oa/authorize";
  static final String OA_CALLBACK = "/api/login/wechat-oa/callback";
  static final String SANDBOX_CODE = "/api/sandbox/login-code";

  private final AuthRoutes auth;
  private final VipStore store;
  private final PayerLogins logins;
  private final SimulatedPhone phone; // null in live mode
  private final AuthorizeStates states;
  private final String callbackUrl;

  /**
   * @param publicBase the app's public base URL; the official account redirects back to {@code
   *     publicBase + }{@value #OA_CALLBACK}, which must be on its authorised callback domain
   */
  LoginRoutes(
      AuthRoutes auth, VipStore store, PayerLoginSetup setup, String publicBase, Clock clock,
      boolean secureCookie) {
    this.auth = auth;
    this.store = store;
    this.logins = setup.logins;
    this.phone = setup.phone;
    this.states = new AuthorizeStates(clock, secureCookie);
    this.callbackUrl = publicBase + OA_CALLBACK;
  }

  @Override
  public boolean serve(HttpExchange ex, Caller caller, String path, String method)
      throws IOException {
    if (path.equals(FLOWS) && method.equals("GET")) {
      flows(ex);
    } else if (path.equals(CODE) && method.equals("POST")) {
      JsonNode body = Http.jsonBody(ex);
      PayerLogin login =
          login(flow(Http.text(body, "flow", true)), Http.text(body, "appId", false));
      PayerIdentity payer = identify(login, Http.text(body, "code", true));
      auth.startSession(ex, caller, account(payer), false, payer, 200);
    } else if (path.equals(OA_AUTHORIZE) && method.equals("POST")) {
      OfficialAccountLogin oa = officialAccount(Http.text(Http.jsonBody(ex), "appId", false));
      String state = states.begin(ex, oa.appId());
      Http.json(ex, 200, Map.of(
          "authorizeUrl", oa.authorizeUrl(callbackUrl, OAuthScope.SNSAPI_BASE, state)));
    } else if (path.equals(OA_CALLBACK) && method.equals("GET")) {
      Map<String, String> query = Http.query(ex);
      AuthorizeStates.Pending pending = states.finish(ex, query.get("state"));
      String code = query.get("code");
      if (code == null || code.isBlank()) {
        throw new BadRequest(400, "LOGIN_CANCELLED",
            "WeChat sent no code: the user did not authorise the sign-in");
      }
      PayerIdentity payer =
          identify(login(LoginFlow.WECHAT_OFFICIAL_ACCOUNT, pending.appId()), code);
      auth.startSessionAndRedirect(ex, caller, account(payer), payer, "/");
    } else if (path.equals(SANDBOX_CODE) && method.equals("POST")) {
      sandboxCode(ex);
    } else {
      return false;
    }
    return true;
  }

  private void flows(HttpExchange ex) throws IOException {
    ObjectNode out = Http.JSON.createObjectNode();
    ArrayNode flows = out.putArray("flows");
    for (PayerLogin login : logins.all()) {
      flows.addObject()
          .put("flow", login.flow().name())
          .put("appId", login.appId())
          .put("provider", login.flow().provider().code())
          .put("payType", login.flow().payType().code());
    }
    out.put("officialAccountRedirect",
        logins.all().stream().anyMatch(OfficialAccountLogin.class::isInstance));
    out.put("simulated", phone != null);
    Http.json(ex, 200, out);
  }

  /** Sandbox: what the phone would hand the client — a fresh code for the demo (or a named) payer. */
  private void sandboxCode(HttpExchange ex) throws IOException {
    if (phone == null) throw new BadRequest(404, "NOT_FOUND", "the sandbox is off in live mode");
    JsonNode body = Http.jsonBody(ex);
    PayerLogin login = login(flow(Http.text(body, "flow", true)), null);
    String code = phone.code(login.flow(), login.appId(), Http.text(body, "openid", false));
    Http.json(ex, 200, Map.of("flow", login.flow().name(), "appId", login.appId(), "code", code));
  }

  /** The user of {@code payer}, created at its first sign-in. */
  private String account(PayerIdentity payer) {
    String userId = PayerAccounts.userId(payer);
    store.createUserIfMissing(userId, PayerAccounts.nickname(payer.flow()));
    return userId;
  }

  /**
   * The payer of {@code code}: a refusal is 400 with its reason, a provider that cannot be reached
   * 503, an answer that does not verify 502 (the last two with the generic 5xx body).
   */
  private static PayerIdentity identify(PayerLogin login, String code) {
    try {
      return login.identify(code);
    } catch (LoginRejectedException e) {
      throw new BadRequest(400, e.reason().name(), e.getMessage());
    } catch (UniPayException e) {
      if (e.code() == ErrorCode.PROVIDER_UNAVAILABLE) {
        throw new ProviderFailure(503, e.code().name(), e);
      }
      if (e.code() == ErrorCode.SIGNATURE_INVALID) {
        throw new ProviderFailure(502, e.code().name(), e);
      }
      throw e; // PROVIDER_REJECTED (e.g. a wrong app secret) 502, CONFIGURATION_INVALID 500
    }
  }

  /** The login of {@code flow} for {@code appId}, or the flow's only one when no app is named. */
  private PayerLogin login(LoginFlow flow, String appId) {
    PayerLogin found = null;
    for (PayerLogin login : logins.all()) {
      if (login.flow() != flow || appId != null && !appId.equals(login.appId())) continue;
      if (found != null) {
        throw new BadRequest(400, "INVALID_ARGUMENT",
            "several " + flow + " apps are configured: name the appId");
      }
      found = login;
    }
    if (found == null) {
      throw new BadRequest(400, "LOGIN_NOT_CONFIGURED",
          "no " + flow + " login is configured" + (appId == null ? "" : " for this appId"));
    }
    return found;
  }

  /** The official account's login, whose authorize URL starts the redirect flow. */
  private OfficialAccountLogin officialAccount(String appId) {
    return (OfficialAccountLogin) login(LoginFlow.WECHAT_OFFICIAL_ACCOUNT, appId);
  }

  private static LoginFlow flow(String name) {
    try {
      return LoginFlow.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new BadRequest(400, "INVALID_ARGUMENT",
          "flow must be WECHAT_MINI_PROGRAM, WECHAT_OFFICIAL_ACCOUNT or ALIPAY");
    }
  }
}
