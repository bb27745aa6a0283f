package io.unipay.wechat.login;

import com.fasterxml.jackson.databind.JsonNode;
import io.unipay.core.ErrorCode;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.ProviderRejectedException.Verdict;
import io.unipay.core.UniPayException;
import io.unipay.core.internal.LogSafe;
import io.unipay.core.login.LoginFlow;
import io.unipay.core.login.LoginRejectedException;
import io.unipay.core.login.LoginRejectedException.Reason;

/**
 * WeChat's login error codes ({@code errcode}/{@code errmsg}, features §B14) and what they become:
 *
 * <table>
 *   <caption>errcode → exception</caption>
 *   <tr><th>errcode</th><th>thrown</th></tr>
 *   <tr><td>40029 invalid code (also expired, or another app's), 41008 missing code</td>
 *       <td>{@link LoginRejectedException} {@code INVALID_CODE} ({@code INVALID_ARGUMENT})</td></tr>
 *   <tr><td>40163 code been used</td><td>{@link LoginRejectedException} {@code CODE_USED}</td></tr>
 *   <tr><td>45011 minute quota (100/min per user), 45009 daily quota, -1 system busy, HTTP 429
 *       and 5xx</td><td>{@code PROVIDER_UNAVAILABLE}: retry later with a new code</td></tr>
 *   <tr><td>40226 risky user blocked</td><td>{@link ProviderRejectedException} {@code
 *       REFUSED}</td></tr>
 *   <tr><td>40125 invalid appsecret, 40001 invalid credential, 40013 invalid appid, 40164 IP not
 *       whitelisted, 48001 not authorised, any other code</td><td>{@link
 *       ProviderRejectedException} {@code INCONCLUSIVE}</td></tr>
 * </table>
 *
 * The provider's code and message are escaped with {@link LogSafe#quote} in every message.
 */
final class LoginErrors {
  private LoginErrors() {}

  /** Throws when the answer carries a non-zero {@code errcode}. */
  static void throwIfError(LoginFlow flow, String appId, String what, JsonNode answer) {
    JsonNode errcode = answer.get("errcode");
    if (errcode == null || errcode.isNull()) return;
    String code = errcode.asText("");
    if (code.equals("0")) return;
    String message = answer.path("errmsg").asText("");
    String shown = "errcode " + LogSafe.quote(code) + " " + LogSafe.quote(message);
    switch (code) {
      case "40029", "41008" ->
          throw new LoginRejectedException(flow, appId, Reason.INVALID_CODE, code, message,
              what + ": WeChat refused the code as invalid or expired (" + shown
                  + "); ask the client for a new code");
      case "40163" ->
          throw new LoginRejectedException(flow, appId, Reason.CODE_USED, code, message,
              what + ": WeChat says the code was already used (" + shown
                  + "); each code is exchanged once: ask the client for a new one");
      case "45011", "45009", "-1" ->
          throw new UniPayException(ErrorCode.PROVIDER_UNAVAILABLE,
              what + ": WeChat is busy or rate-limits this app (" + shown
                  + "); try again later with a new code");
      case "40226" ->
          throw new ProviderRejectedException(code, message, 200,
              what + ": WeChat blocked this user's login as risky (" + shown + ")",
              Verdict.REFUSED);
      case "40125", "40001", "40013", "40164", "48001" ->
          throw new ProviderRejectedException(code, message, 200,
              what + ": WeChat refused the app's credentials (" + shown
                  + "); check the app id, the app secret configured for it and the API IP"
                  + " whitelist");
      default ->
          throw new ProviderRejectedException(code, message, 200,
              what + ": WeChat refused the login (" + shown + ")");
    }
  }

  /** The exception for a non-200 answer. */
  static UniPayException http(String what, int status, JsonNode answer) {
    String code = answer == null ? "" : answer.path("errcode").asText("");
    String suffix = code.isEmpty() ? "" : " errcode " + LogSafe.quote(code);
    if (status == 429 || status >= 500) {
      return new UniPayException(ErrorCode.PROVIDER_UNAVAILABLE,
          what + ": WeChat answered HTTP " + status + suffix + "; try again later with a new code");
    }
    return new ProviderRejectedException(code, "", status,
        what + ": WeChat answered HTTP " + status + suffix);
  }
}
