package io.unipay.wechat.login;

import com.fasterxml.jackson.databind.JsonNode;
import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.login.LoginCodes;
import io.unipay.core.login.LoginFlow;
import io.unipay.core.login.PayerIdentity;
import io.unipay.core.login.PayerLogin;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The login of one mini program: {@code GET /sns/jscode2session} exchanges the code of {@code
 * wx.login()} for the payer's openid (and unionid when the mini program is bound to an
 * open-platform account). Thread-safe; obtained from {@link WechatLogin#miniProgram(String)}.
 *
 * <p>{@link #identify(String)} drops the session key; call {@link #session(String)} instead when
 * the server needs it (to decrypt {@code encryptedData}). A code can be exchanged only once, so
 * choose one of the two per code.
 */
public final class MiniProgramLogin implements PayerLogin {
  private final LoginCaller caller;
  private final WechatLoginConfig.App app;
  private final String what;

  MiniProgramLogin(LoginCaller caller, WechatLoginConfig.App app) {
    this.caller = caller;
    this.app = app;
    this.what = "WeChat mini program login (appid " + app.appId() + ")";
  }

  @Override
  public LoginFlow flow() {
    return LoginFlow.WECHAT_MINI_PROGRAM;
  }

  @Override
  public String appId() {
    return app.appId();
  }

  /** The payer of a {@code wx.login()} code; see {@link PayerLogin#identify(String)}. */
  @Override
  public PayerIdentity identify(String code) {
    return identity(exchange(code));
  }

  /**
   * The payer and the session key of a {@code wx.login()} code. The key never leaves the server
   * through this library: not in logs, messages or {@code toString}.
   *
   * @throws UniPayException as {@link #identify(String)}, and {@code PROVIDER_UNAVAILABLE} when
   *     the answer's {@code session_key} is missing or not Base64
   */
  public MiniProgramSession session(String code) {
    JsonNode answer = exchange(code);
    PayerIdentity identity = identity(answer);
    JsonNode raw = answer.get("session_key");
    SessionKey key = raw != null && raw.isTextual() ? SessionKey.parse(raw.asText()) : null;
    if (key == null) {
      throw new UniPayException(
          ErrorCode.PROVIDER_UNAVAILABLE,
          what + ": WeChat's answer has no usable session_key; get a new code and try again");
    }
    return new MiniProgramSession(identity, key);
  }

  private JsonNode exchange(String code) {
    LoginCodes.requireWellFormed(flow(), app.appId(), code);
    Map<String, String> query = new LinkedHashMap<>();
    query.put("appid", app.appId());
    query.put("secret", app.secret());
    query.put("js_code", code);
    query.put("grant_type", "authorization_code");
    return caller.get(flow(), app.appId(), what, "sns/jscode2session", query);
  }

  private PayerIdentity identity(JsonNode answer) {
    return PayerIdentity.of(
        flow(),
        app.appId(),
        LoginCaller.id(answer, "openid", what, true),
        LoginCaller.id(answer, "unionid", what, false));
  }

  @Override
  public String toString() {
    return "MiniProgramLogin{appid=" + app.appId() + "}";
  }
}
