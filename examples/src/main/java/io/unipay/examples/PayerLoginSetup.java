package io.unipay.examples;

import io.unipay.alipay.AlipayClient;
import io.unipay.alipay.AlipayLogin;
import io.unipay.alipay.AlipayLoginConfig;
import io.unipay.core.login.PayerLogin;
import io.unipay.core.login.PayerLogins;
import io.unipay.testkit.alipay.AlipaySimulator;
import io.unipay.testkit.wechat.WechatLoginSimulator;
import io.unipay.wechat.login.WechatLogin;
import io.unipay.wechat.login.WechatLoginConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The payer logins ("getOpenid") the app offers: in sandbox mode a WeChat mini program and
 * official account at the {@link WechatLoginSimulator} and the Alipay app at the {@link
 * AlipaySimulator}, with the {@link SimulatedPhone} that hands out their codes; in live mode the
 * apps the {@code wechat.login.*} and {@code alipay.login.*} settings name (none by default).
 *
 * <p>An openid belongs to one app, and a payment must be made by that app: so the mini program
 * that signs payers in is the one WeChat Pay uses for {@code mp} payments, the official account
 * the one it uses for {@code jsapi}, and the Alipay login runs on the app's own {@link
 * AlipayClient}. Live mode refuses to start when the WeChat app ids disagree.
 */
final class PayerLoginSetup {
  final PayerLogins logins;
  final SimulatedPhone phone; // null in live mode

  private PayerLoginSetup(PayerLogins logins, SimulatedPhone phone) {
    this.logins = logins;
    this.phone = phone;
  }

  /**
   * The sandbox logins: the simulators' apps, each with a secret known only to this process.
   *
   * @param own takes what must be closed on shutdown
   */
  static PayerLoginSetup sandbox(
      WechatLoginSimulator wechat, String officialAccountAppId, String miniProgramAppId,
      AlipaySimulator alipay, AlipayClient alipayClient, Consumer<AutoCloseable> own) {
    WechatLogin wechatLogin = new WechatLogin(WechatLoginConfig.builder()
        .miniProgram(miniProgramAppId, wechat.secret(miniProgramAppId))
        .officialAccount(officialAccountAppId, wechat.secret(officialAccountAppId))
        .apiBaseUrl(wechat.baseUrl())
        .authorizeBaseUrl(wechat.baseUrl())
        .build());
    own.accept(wechatLogin);
    AlipayLogin alipayLogin = new AlipayLogin(alipayClient, AlipayLoginConfig.builder()
        .payerId(AlipayLoginConfig.PayerId.OPEN_ID)
        .authorizeUrl(alipay.logins().authorizeUrl())
        .build());
    return new PayerLoginSetup(
        PayerLogins.of(wechatLogin.logins(), List.of(alipayLogin)),
        new SimulatedPhone(wechat, alipay, officialAccountAppId));
  }

  /**
   * The live logins the configuration names: {@code wechat.login.mini.appid/secret}, {@code
   * wechat.login.oa.appid/secret} (with {@code wechat.login.base.url} / {@code
   * wechat.login.authorize.url} for a proxy), and {@code alipay.login.payer.id} ({@code OPEN_ID}
   * or {@code USER_ID}) for the Alipay app of the payment settings.
   *
   * @param alipayClient the app's Alipay client, or null when Alipay is not configured
   * @throws IllegalArgumentException naming the setting that is missing, malformed or disagrees
   *     with the payment settings (never showing a secret)
   */
  static PayerLoginSetup live(
      AppConfig config, AlipayClient alipayClient, Consumer<AutoCloseable> own) {
    List<PayerLogin> all = new ArrayList<>();
    Optional<String> mini = config.get("wechat.login.mini.appid");
    Optional<String> oa = config.get("wechat.login.oa.appid");
    if (mini.isPresent() || oa.isPresent()) {
      WechatLoginConfig.Builder b = WechatLoginConfig.builder();
      mini.ifPresent(id -> {
        samePayApp(config, "wechat.login.mini.appid", id,
            config.get("wechat.mp.appid").isPresent() ? "wechat.mp.appid" : "wechat.appid");
        b.miniProgram(id, config.require("wechat.login.mini.secret"));
      });
      oa.ifPresent(id -> {
        samePayApp(config, "wechat.login.oa.appid", id, "wechat.appid");
        b.officialAccount(id, config.require("wechat.login.oa.secret"));
      });
      config.get("wechat.login.base.url").ifPresent(b::apiBaseUrl);
      config.get("wechat.login.authorize.url").ifPresent(b::authorizeBaseUrl);
      WechatLogin wechatLogin = new WechatLogin(b.build());
      own.accept(wechatLogin);
      all.addAll(wechatLogin.logins());
    }
    Optional<String> payerId = config.get("alipay.login.payer.id");
    if (payerId.isPresent()) {
      if (alipayClient == null) {
        throw new IllegalArgumentException("alipay.login.payer.id needs the alipay.* payment"
            + " settings: the login is signed with the app's key");
      }
      AlipayLoginConfig.PayerId id = switch (payerId.get()) {
        case "OPEN_ID" -> AlipayLoginConfig.PayerId.OPEN_ID;
        case "USER_ID" -> AlipayLoginConfig.PayerId.USER_ID;
        default -> throw new IllegalArgumentException(
            "alipay.login.payer.id must be OPEN_ID (apps on Alipay's openid standard) or USER_ID"
                + " (apps that still get 2088… ids), was '" + payerId.get() + "'");
      };
      all.add(new AlipayLogin(alipayClient, AlipayLoginConfig.builder().payerId(id).build()));
    }
    return new PayerLoginSetup(PayerLogins.of(all), null);
  }

  /** Refuses a login app id that is not the app WeChat Pay uses for the payments it enables. */
  private static void samePayApp(AppConfig config, String loginKey, String appId, String payKey) {
    if (config.get("wechat.mchid").isEmpty()) return; // no WeChat Pay: the login only identifies
    String payAppId = config.get(payKey).orElse(null);
    if (!appId.equals(payAppId)) {
      throw new IllegalArgumentException(loginKey + " (" + appId + ") must be the app WeChat Pay"
          + " uses for its payments, " + payKey + " (" + payAppId + "): an openid belongs to one"
          + " app");
    }
  }
}
