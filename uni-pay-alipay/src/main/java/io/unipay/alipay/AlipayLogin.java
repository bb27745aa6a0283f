package io.unipay.alipay;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.unipay.alipay.internal.Answer;
import io.unipay.alipay.internal.OauthTokenAnswers;
import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.internal.LogSafe;
import io.unipay.core.login.LoginCodes;
import io.unipay.core.login.LoginFlow;
import io.unipay.core.login.PayerIdentity;
import io.unipay.core.login.PayerLogin;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Alipay "getOpenid" for one app: {@code alipay.system.oauth.token} exchanges the {@code
 * auth_code} of {@code my.getAuthCode} (mini programs) or of the authorize redirect ({@link
 * #authorizeUrl}) for the payer's id. The call goes through the app's {@link AlipayClient}: signed
 * RSA2 with the app key, {@code grant_type} and {@code code} as top-level parameters (not in
 * {@code biz_content}), the answer verified with the Alipay key or certificate before anything in
 * it is used. The access and refresh tokens in the answer are not kept. Thread-safe.
 *
 * <pre>{@code
 * AlipayLogin login = new AlipayLogin(alipayClient,
 *     AlipayLoginConfig.builder().payerId(AlipayLoginConfig.PayerId.OPEN_ID).build());
 * PayerIdentity payer = login.identify(authCode);   // payer.openid(): open_id, or user_id (legacy)
 * }</pre>
 *
 * <p>The id is the one {@link AlipayLoginConfig#payerId()} names; it is what {@code createOrder}
 * takes as {@code openid} for Alipay {@code mp} payments ({@code buyer_open_id} or {@code
 * buyer_id}). An answer without that id is refused ({@code CONFIGURATION_INVALID} when it carries
 * the other id, which means the setting does not match the app), never returned empty.
 */
public final class AlipayLogin implements PayerLogin {
  /** Alipay's rule for {@code state}: Base64 characters, at most 100. */
  private static final Pattern STATE = Pattern.compile("[A-Za-z0-9+/=]{1,100}");

  /** The scope of the authorize page. */
  public enum Scope {
    /** Silent: only the payer's id. Enough to take a payment. */
    AUTH_BASE("auth_base"),
    /** With the user's consent to share profile data. */
    AUTH_USER("auth_user");

    private final String value;

    Scope(String value) {
      this.value = value;
    }

    /** The wire value, e.g. {@code auth_base}. */
    public String value() {
      return value;
    }
  }

  private final AlipayClient client;
  private final AlipayLoginConfig config;
  private final String appId;
  private final String where;

  /**
   * A login for the app of {@code client} (its keys, gateway and connection pool are used; closing
   * the client closes this login's transport).
   */
  public AlipayLogin(AlipayClient client, AlipayLoginConfig config) {
    if (client == null || config == null) {
      throw new UniPayException(
          ErrorCode.CONFIGURATION_INVALID, "AlipayLogin: client and config are required");
    }
    this.client = client;
    this.config = config;
    this.appId = client.config().appId();
    this.where = OauthTokenAnswers.METHOD + " (payer login, app " + appId + ")";
  }

  @Override
  public LoginFlow flow() {
    return LoginFlow.ALIPAY;
  }

  @Override
  public String appId() {
    return appId;
  }

  /** The configuration this login was built with. */
  public AlipayLoginConfig config() {
    return config;
  }

  /** The payer of an {@code auth_code}; see {@link PayerLogin#identify(String)}. */
  @Override
  public PayerIdentity identify(String code) {
    LoginCodes.requireWellFormed(LoginFlow.ALIPAY, appId, code);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("grant_type", "authorization_code");
    params.put("code", code);
    Answer answer = client.gateway().callWithTextParams(OauthTokenAnswers.METHOD, params, where);
    return OauthTokenAnswers.identity(
        answer, appId, config.payerId() == AlipayLoginConfig.PayerId.OPEN_ID);
  }

  /** {@link #authorizeUrl(String, Scope, String)} with {@link Scope#AUTH_BASE}. */
  public String authorizeUrl(String redirectUri, String state) {
    return authorizeUrl(redirectUri, Scope.AUTH_BASE, state);
  }

  /**
   * The authorize page that starts a web login in the Alipay app: {@code
   * publicAppAuthorize.htm?app_id=..&scope=..&redirect_uri=..&state=..}, each value
   * percent-encoded (UTF-8). Alipay sends the browser back to {@code redirect_uri} with {@code
   * auth_code}, {@code app_id}, {@code scope} and {@code state}.
   *
   * @param redirectUri an absolute http(s) URL without a fragment, on the app's authorised
   *     callback domain
   * @param state the value that comes back: bind it to the browser's session and check it on
   *     return (CSRF); 1..100 Base64 characters, as Alipay requires
   * @throws UniPayException {@code INVALID_ARGUMENT} naming the bad parameter
   */
  public String authorizeUrl(String redirectUri, Scope scope, String state) {
    String what = "Alipay authorize URL (app " + appId + "): ";
    requireRedirectUri(redirectUri, what);
    if (scope == null) throw UniPayException.invalid(what + "scope is required");
    if (state == null || !STATE.matcher(state).matches()) {
      throw UniPayException.invalid(
          what + "state must be 1..100 Base64 characters (Alipay's rule), got "
              + LogSafe.quote(state));
    }
    return config.authorizeUrl() + "?app_id=" + encode(appId) + "&scope=" + scope.value()
        + "&redirect_uri=" + encode(redirectUri) + "&state=" + encode(state);
  }

  private static void requireRedirectUri(String redirectUri, String what) {
    if (redirectUri == null || redirectUri.isEmpty()) {
      throw UniPayException.invalid(what + "redirectUri is required");
    }
    try {
      URI uri = new URI(redirectUri);
      boolean http = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
      if (!http || uri.getHost() == null || uri.getRawFragment() != null) {
        throw UniPayException.invalid(
            what + "redirectUri must be an absolute http(s) URL without a fragment, got "
                + LogSafe.quote(redirectUri));
      }
    } catch (URISyntaxException e) {
      throw UniPayException.invalid(what + "redirectUri is not a URL: " + LogSafe.quote(redirectUri));
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return "AlipayLogin{appId=" + appId + ", " + config + "}";
  }
}
