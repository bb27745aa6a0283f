package io.unipay.wechat.login;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import io.unipay.core.UniPayException;
import io.unipay.core.internal.LogSafe;
import io.unipay.core.login.LoginCodes;
import io.unipay.core.login.LoginFlow;
import io.unipay.core.login.LoginRejectedException;
import io.unipay.core.login.PayerIdentity;
import io.unipay.core.login.PayerLogin;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The login of one official account (web pages opened in WeChat): the host sends the browser to
 * {@link #authorizeUrl}, WeChat redirects it back to {@code redirect_uri?code=...&state=...}, and
 * {@link #identify(String)} exchanges that code ({@code GET /sns/oauth2/access_token}) for the
 * payer's openid (and unionid when WeChat sends one, with {@code snsapi_userinfo}). The access
 * and refresh tokens in the answer are not kept. Thread-safe; obtained from {@link
 * WechatLogin#officialAccount(String)}.
 *
 * <p><b>Snapshot users.</b> A page shown in WeChat's "snapshot" mode (opened from Moments before
 * the user chose "使用完整服务") authorises a virtual user: the answer carries {@code
 * is_snapshotuser=1} and its openid belongs to no real payer. {@link #identify(String)} refuses
 * it with {@link LoginRejectedException.Reason#SNAPSHOT_USER} (a payment for it cannot succeed,
 * and an order bound to it would be bound to nobody), unless {@link
 * WechatLoginConfig.Builder#acceptSnapshotUsers(boolean)} is on; then the identity is returned
 * flagged {@link PayerIdentity#snapshotUser()}.
 */
public final class OfficialAccountLogin implements PayerLogin {
  /** WeChat's rule for {@code state}: letters and digits, at most 128. */
  private static final Pattern STATE = Pattern.compile("[A-Za-z0-9]{1,128}");

  private final LoginCaller caller;
  private final WechatLoginConfig.App app;
  private final String authorizeBaseUrl;
  private final boolean acceptSnapshotUsers;
  private final String what;

  OfficialAccountLogin(
      LoginCaller caller, WechatLoginConfig.App app, String authorizeBaseUrl,
      boolean acceptSnapshotUsers) {
    this.caller = caller;
    this.app = app;
    this.authorizeBaseUrl = authorizeBaseUrl;
    this.acceptSnapshotUsers = acceptSnapshotUsers;
    this.what = "WeChat official account login (appid " + app.appId() + ")";
  }

  @Override
  public LoginFlow flow() {
    return LoginFlow.WECHAT_OFFICIAL_ACCOUNT;
  }

  @Override
  public String appId() {
    return app.appId();
  }

  /**
   * The authorize page that starts the login: {@code
   * https://open.weixin.qq.com/connect/oauth2/authorize?appid=..&redirect_uri=..&response_type=code&scope=..&state=..&connect_redirect=1#wechat_redirect},
   * parameters in WeChat's order, each percent-encoded (UTF-8).
   *
   * @param redirectUri where WeChat sends the browser back with {@code code} and {@code state};
   *     an absolute http(s) URL without a fragment, on the account's authorised callback domain
   * @param scope {@link OAuthScope#SNSAPI_BASE} (silent, openid only) or {@code SNSAPI_USERINFO}
   * @param state the value that comes back with the code: bind it to the browser's session and
   *     check it on return (CSRF); 1..128 letters and digits, as WeChat requires
   * @throws UniPayException {@code INVALID_ARGUMENT} naming the bad parameter
   */
  public String authorizeUrl(String redirectUri, OAuthScope scope, String state) {
    String where = what + " authorize URL: ";
    requireRedirectUri(redirectUri, where);
    if (scope == null) throw UniPayException.invalid(where + "scope is required");
    if (state == null || !STATE.matcher(state).matches()) {
      throw UniPayException.invalid(
          where + "state must be 1..128 letters and digits (WeChat's rule), got "
              + LogSafe.quote(state));
    }
    return authorizeBaseUrl + "/connect/oauth2/authorize?appid=" + encode(app.appId())
        + "&redirect_uri=" + encode(redirectUri)
        + "&response_type=code&scope=" + scope.value()
        + "&state=" + encode(state)
        + "&connect_redirect=1#wechat_redirect";
  }

  /** The payer of the code the authorize redirect brought; see {@link PayerLogin#identify}. */
  @Override
  public PayerIdentity identify(String code) {
    LoginCodes.requireWellFormed(flow(), app.appId(), code);
    Map<String, String> query = new LinkedHashMap<>();
    query.put("appid", app.appId());
    query.put("secret", app.secret());
    query.put("code", code);
    query.put("grant_type", "authorization_code");
    JsonNode answer = caller.get(flow(), app.appId(), what, "sns/oauth2/access_token", query);
    String openid = LoginCaller.id(answer, "openid", what, true);
    String unionid = LoginCaller.id(answer, "unionid", what, false);
    boolean snapshot = "1".equals(answer.path("is_snapshotuser").asText(""));
    if (snapshot && !acceptSnapshotUsers) {
      throw new LoginRejectedException(
          flow(),
          app.appId(),
          LoginRejectedException.Reason.SNAPSHOT_USER,
          "is_snapshotuser",
          "1",
          what + ": the code belongs to a virtual user of a snapshot page (is_snapshotuser=1),"
              + " not a real payer; ask the user to open the full page (使用完整服务) and sign in"
              + " again");
    }
    return new PayerIdentity(flow(), app.appId(), openid, unionid, snapshot);
  }

  private static void requireRedirectUri(String redirectUri, String where) {
    if (redirectUri == null || redirectUri.isEmpty()) {
      throw UniPayException.invalid(where + "redirectUri is required");
    }
    try {
      URI uri = new URI(redirectUri);
      boolean http = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
      if (!http || uri.getHost() == null || uri.getRawFragment() != null) {
        throw UniPayException.invalid(
            where + "redirectUri must be an absolute http(s) URL without a fragment, got "
                + LogSafe.quote(redirectUri));
      }
    } catch (URISyntaxException e) {
      throw UniPayException.invalid(
          where + "redirectUri is not a URL: " + LogSafe.quote(redirectUri));
    }
  }

  /** Percent-encoding of a query value: UTF-8, space as {@code %20}. */
  static String encode(String value) {
    return URLEncoder.encode(value, UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return "OfficialAccountLogin{appid=" + app.appId() + "}";
  }
}
