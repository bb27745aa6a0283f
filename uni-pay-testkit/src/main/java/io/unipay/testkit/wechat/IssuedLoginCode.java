package io.unipay.testkit.wechat;

import java.time.Instant;

/**
 * A login code {@link WechatLoginSimulator} handed out, and what exchanging it returns.
 *
 * @param code the code the client would pass to the server
 * @param kind which API exchanges it
 * @param appId the app it was issued for (codes of other apps are invalid)
 * @param openid the payer's openid for that app
 * @param unionid the payer's unionid, or null when the answer carries none
 * @param sessionKey mini programs: the session key (standard Base64) of the answer; else null
 * @param scope official accounts: {@code snsapi_base} or {@code snsapi_userinfo}; else null
 * @param snapshotUser official accounts: a snapshot-page virtual user ({@code is_snapshotuser=1})
 * @param expiresAt when the code stops working (simulator clock)
 */
public record IssuedLoginCode(
    String code,
    Kind kind,
    String appId,
    String openid,
    String unionid,
    String sessionKey,
    String scope,
    boolean snapshotUser,
    Instant expiresAt) {

  /** The API a code is for. */
  public enum Kind {
    /** {@code GET /sns/jscode2session}. */
    MINI_PROGRAM,
    /** {@code GET /sns/oauth2/access_token}. */
    OFFICIAL_ACCOUNT
  }

  @Override
  public String toString() {
    return "IssuedLoginCode{" + kind + " " + appId + " openid=" + openid + "}"; // not the key
  }
}
