package io.unipay.wechat.login;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.internal.LogSafe;
import io.unipay.core.login.LoginFlow;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Immutable settings of {@link WechatLogin}: the mini programs and official accounts whose payers
 * sign in (app id and app secret each), the hosts, and the HTTP timeouts. It needs no payment key:
 * login uses the app secret only. {@link #toString()} never prints a secret.
 *
 * <pre>{@code
 * WechatLoginConfig config = WechatLoginConfig.builder()
 *     .miniProgram("wx0123456789abcdef", miniProgramSecret)
 *     .officialAccount("wxfedcba9876543210", officialAccountSecret)
 *     .build();
 * }</pre>
 */
public final class WechatLoginConfig {
  /** The WeChat API host ({@code sns/jscode2session}, {@code sns/oauth2/access_token}). */
  public static final String DEFAULT_API_BASE_URL = "https://api.weixin.qq.com";
  /** The host of the official-account authorize page ({@code connect/oauth2/authorize}). */
  public static final String DEFAULT_AUTHORIZE_BASE_URL = "https://open.weixin.qq.com";

  private static final Pattern APP_ID = Pattern.compile("[0-9A-Za-z_-]{1,32}");
  private static final Pattern SECRET = Pattern.compile("[\\x21-\\x7e]{1,128}");

  /** One app: its flow, id and secret. */
  record App(LoginFlow flow, String appId, String secret) {
    @Override
    public String toString() {
      return flow + " " + appId + " (secret redacted)";
    }
  }

  private final Map<String, App> apps;
  private final List<String> order;
  private final String apiBaseUrl;
  private final String authorizeBaseUrl;
  private final boolean acceptSnapshotUsers;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration connectionKeepAlive;

  private WechatLoginConfig(Builder b) {
    this.apps = Map.copyOf(b.apps);
    this.order = List.copyOf(b.apps.keySet());
    this.apiBaseUrl = b.apiBaseUrl;
    this.authorizeBaseUrl = b.authorizeBaseUrl;
    this.acceptSnapshotUsers = b.acceptSnapshotUsers;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.connectionKeepAlive = b.connectionKeepAlive;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The app ids configured for {@code flow}, in the order they were added. */
  public List<String> appIds(LoginFlow flow) {
    List<String> ids = new ArrayList<>();
    for (String key : order) {
      App app = apps.get(key);
      if (app.flow() == flow) ids.add(app.appId());
    }
    return List.copyOf(ids);
  }

  /** The API base URL without a trailing slash. */
  public String apiBaseUrl() {
    return apiBaseUrl;
  }

  /** The authorize-page base URL without a trailing slash. */
  public String authorizeBaseUrl() {
    return authorizeBaseUrl;
  }

  /**
   * Whether official-account logins return snapshot-page users (flagged {@code snapshotUser})
   * instead of refusing them; default false.
   */
  public boolean acceptSnapshotUsers() {
    return acceptSnapshotUsers;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration readTimeout() {
    return readTimeout;
  }

  /** How long an idle pooled connection is kept for reuse (default 5 s). */
  public Duration connectionKeepAlive() {
    return connectionKeepAlive;
  }

  Optional<App> app(LoginFlow flow, String appId) {
    return Optional.ofNullable(apps.get(key(flow, appId)));
  }

  List<App> apps() {
    return order.stream().map(apps::get).toList();
  }

  @Override
  public String toString() {
    return "WechatLoginConfig{apps=" + apps() + ", apiBaseUrl=" + apiBaseUrl
        + ", authorizeBaseUrl=" + authorizeBaseUrl + ", acceptSnapshotUsers=" + acceptSnapshotUsers
        + "}";
  }

  private static String key(LoginFlow flow, String appId) {
    return flow + "/" + appId;
  }

  /**
   * Collects the settings. Every setter checks its argument and throws {@link UniPayException}
   * {@code CONFIGURATION_INVALID} naming it (never echoing a secret).
   */
  public static final class Builder {
    private final Map<String, App> apps = new LinkedHashMap<>();
    private String apiBaseUrl = DEFAULT_API_BASE_URL;
    private String authorizeBaseUrl = DEFAULT_AUTHORIZE_BASE_URL;
    private boolean acceptSnapshotUsers;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(10);
    private Duration connectionKeepAlive = Duration.ofSeconds(5);

    private Builder() {}

    /** A mini program whose payers sign in with {@code wx.login()} codes. */
    public Builder miniProgram(String appId, String appSecret) {
      return app(LoginFlow.WECHAT_MINI_PROGRAM, appId, appSecret);
    }

    /** An official account whose payers sign in through the OAuth2 authorize page. */
    public Builder officialAccount(String appId, String appSecret) {
      return app(LoginFlow.WECHAT_OFFICIAL_ACCOUNT, appId, appSecret);
    }

    private Builder app(LoginFlow flow, String appId, String appSecret) {
      if (appId == null || !APP_ID.matcher(appId).matches()) {
        throw invalid(flow + " appId must be 1..32 characters of [0-9A-Za-z_-], got "
            + LogSafe.quote(appId));
      }
      if (appSecret == null || !SECRET.matcher(appSecret).matches()) {
        throw invalid(flow + " app " + appId
            + ": the app secret must be 1..128 visible ASCII characters (value not shown)");
      }
      if (apps.putIfAbsent(key(flow, appId), new App(flow, appId, appSecret)) != null) {
        throw invalid(flow + " app " + appId + " is configured twice");
      }
      return this;
    }

    /** The WeChat API host, e.g. a simulator's {@code http://127.0.0.1:port}. */
    public Builder apiBaseUrl(String url) {
      this.apiBaseUrl = baseUrl(url, "apiBaseUrl");
      return this;
    }

    /** The host of the authorize page, e.g. the same simulator. */
    public Builder authorizeBaseUrl(String url) {
      this.authorizeBaseUrl = baseUrl(url, "authorizeBaseUrl");
      return this;
    }

    /**
     * Official accounts: return snapshot-page users flagged {@code snapshotUser = true} instead of
     * refusing them with {@code LoginRejectedException} reason {@code SNAPSHOT_USER}. Their openid
     * is not a real payer's: do not take payments with it. Default false.
     */
    public Builder acceptSnapshotUsers(boolean accept) {
      this.acceptSnapshotUsers = accept;
      return this;
    }

    /** TCP connect timeout (default 5 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** Read timeout per answer (default 10 s). */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "readTimeout");
      return this;
    }

    /** How long an idle connection stays pooled (default 5 s, as for WeChat Pay). */
    public Builder connectionKeepAlive(Duration keepAlive) {
      this.connectionKeepAlive = positive(keepAlive, "connectionKeepAlive");
      return this;
    }

    /**
     * The configuration.
     *
     * @throws UniPayException {@code CONFIGURATION_INVALID} when no app is configured
     */
    public WechatLoginConfig build() {
      if (apps.isEmpty()) {
        throw invalid("no app configured: call miniProgram(appId, secret) or"
            + " officialAccount(appId, secret)");
      }
      return new WechatLoginConfig(this);
    }

    private static String baseUrl(String url, String name) {
      if (url == null) throw invalid(name + " is required");
      String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      try {
        URI uri = new URI(trimmed);
        boolean http = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
        if (!http || uri.getHost() == null || uri.getRawQuery() != null
            || uri.getRawFragment() != null) {
          throw invalid(name + " must be an http(s) URL without query or fragment: "
              + LogSafe.quote(url));
        }
      } catch (java.net.URISyntaxException e) {
        throw invalid(name + " is not a URL: " + LogSafe.quote(url));
      }
      return trimmed;
    }

    private static Duration positive(Duration d, String name) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw invalid(name + " must be a positive duration, got " + d);
      }
      return d;
    }

    private static UniPayException invalid(String message) {
      return new UniPayException(ErrorCode.CONFIGURATION_INVALID, "WechatLoginConfig: " + message);
    }
  }
}
