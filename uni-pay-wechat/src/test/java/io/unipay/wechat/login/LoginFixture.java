package io.unipay.wechat.login;

import io.unipay.core.fake.MutableClock;
import io.unipay.testkit.wechat.WechatLoginSimulator;
import java.time.Duration;
import java.time.Instant;

/** A WeChat login simulator on a test clock and a {@link WechatLogin} pointed at it. */
final class LoginFixture implements AutoCloseable {
  static final String MP = WechatLoginSimulator.DEFAULT_MINI_PROGRAM_APPID;
  static final String OA = WechatLoginSimulator.DEFAULT_OFFICIAL_ACCOUNT_APPID;

  final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T02:00:00Z"));
  final WechatLoginSimulator wx;
  final WechatLogin login;

  LoginFixture() {
    this(false, false);
  }

  LoginFixture(boolean acceptSnapshotUsers, boolean errcodeOnSuccess) {
    wx = WechatLoginSimulator.builder().clock(clock).errcodeOnSuccess(errcodeOnSuccess).start();
    login = new WechatLogin(config(wx.secret(MP), acceptSnapshotUsers));
  }

  WechatLoginConfig config(String miniProgramSecret, boolean acceptSnapshotUsers) {
    return WechatLoginConfig.builder()
        .miniProgram(MP, miniProgramSecret)
        .officialAccount(OA, wx.secret(OA))
        .apiBaseUrl(wx.baseUrl())
        .authorizeBaseUrl(wx.baseUrl())
        .acceptSnapshotUsers(acceptSnapshotUsers)
        .readTimeout(Duration.ofSeconds(5))
        .build();
  }

  MiniProgramLogin miniProgram() {
    return login.miniProgram(MP);
  }

  OfficialAccountLogin officialAccount() {
    return login.officialAccount(OA);
  }

  @Override
  public void close() {
    login.close();
    wx.close();
  }
}
