package io.unipay.alipay.internal;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.internal.LogSafe;
import io.unipay.core.login.LoginFlow;
import io.unipay.core.login.LoginRejectedException;
import io.unipay.core.login.PayerIdentity;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the answer of {@code alipay.system.oauth.token} (features §B13). A successful answer
 * carries no {@code code} (the official SDK calls an answer without {@code sub_code} a success), so
 * it is trusted only when its sign verified. Errors come as a signed {@code error_response}:
 *
 * <ul>
 *   <li>{@code isv.code-invalid} (wrong, used, expired, or state mismatch), {@code
 *       isv.unmatched-app-id} (a code of another app), signed → {@link LoginRejectedException}
 *       {@code INVALID_CODE} ({@code INVALID_ARGUMENT});
 *   <li>{@code 20000}, {@code isp.unknow-error}, {@code ACQ.SYSTEM_ERROR}, HTTP errors and
 *       timeouts → {@code PROVIDER_UNAVAILABLE};
 *   <li>anything else, and any unsigned error → {@code ProviderRejectedException}.
 * </ul>
 *
 * The id returned is the one the app's standard names ({@code open_id} or {@code user_id}); an
 * answer without it is refused, never turned into an empty id.
 */
public final class OauthTokenAnswers {
  /** The gateway method. */
  public static final String METHOD = "alipay.system.oauth.token";

  private static final Set<String> BAD_CODE = Set.of("isv.code-invalid", "isv.unmatched-app-id");
  private static final Pattern USER_ID = Pattern.compile("2088[0-9]{12}");
  private static final Pattern OPEN_ID = Pattern.compile("[\\x21-\\x7e]{1,128}");

  private OauthTokenAnswers() {}

  /**
   * The payer of a verified token answer.
   *
   * @param openIdStandard whether the app is on the openid standard ({@code open_id}) or legacy
   *     ({@code user_id})
   */
  public static PayerIdentity identity(Answer answer, String appId, boolean openIdStandard) {
    String code = answer.code();
    String subCode = answer.subCode();
    if (!subCode.isEmpty() || (!code.isEmpty() && !"10000".equals(code))) {
      if (answer.verified() && BAD_CODE.contains(subCode)) {
        String subMsg = answer.optionalText("sub_msg");
        throw new LoginRejectedException(
            LoginFlow.ALIPAY,
            appId,
            LoginRejectedException.Reason.INVALID_CODE,
            subCode,
            subMsg,
            "Alipay refused the auth code (" + answer.where() + "): " + LogSafe.quote(code) + " "
                + LogSafe.quote(subCode) + " " + LogSafe.quote(subMsg)
                + "; auth codes are single-use, short-lived and per app: ask the client for a"
                + " new one");
      }
      throw AlipayErrors.failure(answer);
    }
    if (!answer.verified()) {
      throw new UniPayException(
          ErrorCode.SIGNATURE_INVALID,
          "Alipay answer to " + answer.where() + " carries no sign: refusing to trust it");
    }
    String openId = answer.optionalText("open_id");
    String userId = answer.optionalText("user_id");
    String unionId = answer.optionalText("union_id");
    String id;
    if (openIdStandard) {
      if (openId == null) throw missing(answer, "open_id", userId != null, "USER_ID");
      if (!OPEN_ID.matcher(openId).matches()) {
        throw answer.malformed("open_id " + LogSafe.quote(openId) + " is not an id");
      }
      id = openId;
    } else {
      if (userId == null) throw missing(answer, "user_id", openId != null, "OPEN_ID");
      if (!USER_ID.matcher(userId).matches()) {
        throw answer.malformed("user_id " + LogSafe.quote(userId) + " is not 2088 and 12 digits");
      }
      id = userId;
    }
    if (unionId != null && !OPEN_ID.matcher(unionId).matches()) unionId = null;
    return PayerIdentity.of(LoginFlow.ALIPAY, appId, id, unionId);
  }

  private static UniPayException missing(
      Answer answer, String field, boolean otherPresent, String otherStandard) {
    if (otherPresent) {
      return new UniPayException(
          ErrorCode.CONFIGURATION_INVALID,
          "Alipay answer to " + answer.where() + " has no " + field + " but the other payer id:"
              + " the app is configured for the wrong id standard; set"
              + " AlipayLoginConfig.payerId(" + otherStandard + ") to match the app in the"
              + " Alipay console (never an empty id)");
    }
    return answer.malformed("no " + field + " in a successful answer (never an empty id)");
  }
}
