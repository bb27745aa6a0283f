package io.unipay.examples;

import io.unipay.core.login.LoginFlow;
import io.unipay.testkit.alipay.AlipaySimulator;
import io.unipay.testkit.wechat.WechatLoginSimulator;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Sandbox only: the payer's phone. It gets a fresh login code from the simulators as {@code
 * wx.login()} (mini program), the official account's authorize redirect, or {@code
 * my.getAuthCode()} (Alipay) would give the client, for a demo payer or one the caller names. The
 * code is then exchanged by the app like a real one ({@code POST /api/login/code}).
 */
final class SimulatedPhone {
  /** The demo payer of the mini program. */
  static final String DEMO_MINI_PROGRAM_OPENID = "oVipDemoMiniProgramPayer0001";
  /** The demo payer of the official account (also who its simulated authorize page signs in). */
  static final String DEMO_OFFICIAL_ACCOUNT_OPENID = "oVipDemoOfficialAcctPayer001";
  /** The openids a caller may name: what WeChat and Alipay ids look like, at most 64. */
  static final Pattern OPENID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final WechatLoginSimulator wechat;
  private final AlipaySimulator alipay;

  SimulatedPhone(WechatLoginSimulator wechat, AlipaySimulator alipay, String officialAccountAppId) {
    this.wechat = wechat;
    this.alipay = alipay;
    wechat.signInAs(officialAccountAppId, DEMO_OFFICIAL_ACCOUNT_OPENID, null);
  }

  /** The WeChat login simulator (tests inject its faults). */
  WechatLoginSimulator wechat() {
    return wechat;
  }

  /** The Alipay simulator, whose {@code logins()} issue the Alipay codes. */
  AlipaySimulator alipay() {
    return alipay;
  }

  /**
   * A fresh, single-use code of {@code flow} for app {@code appId} and the payer {@code openid}
   * (null: the flow's demo payer; Alipay's is {@code AlipayLogins.DEFAULT_OPEN_ID}).
   *
   * @throws BadRequest 400 when {@code openid} is not 1..64 of {@code A-Z a-z 0-9 _ -}
   */
  String code(LoginFlow flow, String appId, String openid) {
    if (openid != null && !OPENID.matcher(openid).matches()) {
      throw new BadRequest(400, "INVALID_ARGUMENT", "openid must be 1 to 64 of A-Z a-z 0-9 _ -");
    }
    return switch (flow) {
      case WECHAT_MINI_PROGRAM -> wechat.issueMiniProgramCode(
          appId, openid == null ? DEMO_MINI_PROGRAM_OPENID : openid, null).code();
      case WECHAT_OFFICIAL_ACCOUNT -> wechat.issueOfficialAccountCode(
          appId, "snsapi_base", openid == null ? DEMO_OFFICIAL_ACCOUNT_OPENID : openid, null).code();
      case ALIPAY -> openid == null
          ? alipay.logins().issueCode()
          : alipay.logins().issueCode(userIdOf(openid), openid, null);
    };
  }

  /** A legacy Alipay user id ({@code 2088} and 12 digits) that belongs to {@code openid}. */
  private static String userIdOf(String openid) {
    long digits = 0;
    for (byte b : openid.getBytes(StandardCharsets.US_ASCII)) digits = digits * 31 + b;
    return "2088" + String.format("%012d", Math.floorMod(digits, 1_000_000_000_000L));
  }
}
