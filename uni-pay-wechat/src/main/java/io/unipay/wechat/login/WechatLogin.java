package io.unipay.wechat.login;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.internal.LogSafe;
import io.unipay.core.login.LoginFlow;
import io.unipay.core.login.PayerLogin;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WeChat "getOpenid" for the mini programs and official accounts of one {@link
 * WechatLoginConfig}: one shared HTTP client (own connection pool; no payment key involved) and a
 * {@link PayerLogin} per app. Thread-safe; build one and share it; {@link #close()} releases the
 * pool.
 *
 * <pre>{@code
 * WechatLogin wechat = new WechatLogin(config);
 * PayerIdentity payer = wechat.miniProgram("wx0123456789abcdef").identify(codeFromWxLogin);
 * pay.createOrder(CreateOrderRequest.builder()...provider(Provider.WXPAY)
 *     .payType(payer.flow().payType()).openid(payer.openid())...build());
 * }</pre>
 *
 * <p>Secrets: the app secret travels in the query string of the exchange, as WeChat's protocol
 * requires (over HTTPS to {@code api.weixin.qq.com}); it is never logged, put in an exception or
 * printed by {@code toString}. Do not put a logging interceptor or proxy that records URLs in
 * front of this client.
 */
public final class WechatLogin implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(WechatLogin.class);

  private final WechatLoginConfig config;
  private final LoginCaller caller;
  private final Map<String, MiniProgramLogin> miniPrograms = new LinkedHashMap<>();
  private final Map<String, OfficialAccountLogin> officialAccounts = new LinkedHashMap<>();
  private final List<PayerLogin> all = new ArrayList<>();

  public WechatLogin(WechatLoginConfig config) {
    if (config == null) {
      throw new UniPayException(ErrorCode.CONFIGURATION_INVALID, "WechatLogin: config is required");
    }
    this.config = config;
    this.caller = new LoginCaller(config);
    for (WechatLoginConfig.App app : config.apps()) {
      if (app.flow() == LoginFlow.WECHAT_MINI_PROGRAM) {
        MiniProgramLogin login = new MiniProgramLogin(caller, app);
        miniPrograms.put(app.appId(), login);
        all.add(login);
      } else {
        OfficialAccountLogin login =
            new OfficialAccountLogin(
                caller, app, config.authorizeBaseUrl(), config.acceptSnapshotUsers());
        officialAccounts.put(app.appId(), login);
        all.add(login);
      }
    }
    log.info("WeChat login for {} via {}", config.apps(), config.apiBaseUrl());
  }

  /** The configuration this login was built with. */
  public WechatLoginConfig config() {
    return config;
  }

  /**
   * The login of mini program {@code appId}.
   *
   * @throws UniPayException {@code PROVIDER_NOT_CONFIGURED} when it is not configured
   */
  public MiniProgramLogin miniProgram(String appId) {
    MiniProgramLogin login = miniPrograms.get(appId);
    if (login == null) throw notConfigured(LoginFlow.WECHAT_MINI_PROGRAM, appId);
    return login;
  }

  /**
   * The login of official account {@code appId}.
   *
   * @throws UniPayException {@code PROVIDER_NOT_CONFIGURED} when it is not configured
   */
  public OfficialAccountLogin officialAccount(String appId) {
    OfficialAccountLogin login = officialAccounts.get(appId);
    if (login == null) throw notConfigured(LoginFlow.WECHAT_OFFICIAL_ACCOUNT, appId);
    return login;
  }

  /** Every configured app's login, in configuration order (for {@code PayerLogins.of}). */
  public List<PayerLogin> logins() {
    return List.copyOf(all);
  }

  private UniPayException notConfigured(LoginFlow flow, String appId) {
    return new UniPayException(
        ErrorCode.PROVIDER_NOT_CONFIGURED,
        "no " + flow + " app " + LogSafe.quote(appId) + " is configured for WeChat login;"
            + " configured: " + config.appIds(flow));
  }

  /** Releases the connection pool. */
  @Override
  public void close() {
    caller.close();
  }

  @Override
  public String toString() {
    return "WechatLogin{" + config + "}";
  }
}
