package io.unipay.wechat;

import static java.util.Objects.requireNonNull;

import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.wechat.internal.Nonces;
import io.unipay.wechat.internal.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Immutable settings of one WeChat Pay merchant (API v3): merchant id and API key, APIv3 key, app
 * ids per pay type, and how WeChat Pay's signatures are verified. Build with {@link #builder()};
 * keys are parsed once, in {@link Builder#build()}. {@link #toString()} never prints a secret.
 *
 * <p>Verification keys, in one of three modes:
 *
 * <ul>
 *   <li><b>public key</b> — {@link Builder#wechatPayPublicKey(String, String)} with the {@code
 *       PUB_KEY_ID_...} shown in the merchant platform (all new merchants);
 *   <li><b>platform certificates</b> — {@link Builder#downloadPlatformCertificates()}: fetched from
 *       {@code /v3/certificates}, decrypted with the APIv3 key and refreshed in the background
 *       ({@link Builder#certificateRefreshInterval(Duration)}); certificates may also be given up
 *       front with {@link Builder#platformCertificate(String)};
 *   <li><b>both</b> — during WeChat's certificate → public key migration, messages signed either
 *       way are accepted.
 * </ul>
 */
public final class WechatPayConfig {
  /** WeChat Pay's production API host. */
  public static final String DEFAULT_BASE_URL = "https://api.mch.weixin.qq.com";

  private static final Pattern MCHID = Pattern.compile("[0-9]{1,32}");
  private static final Pattern SERIAL = Pattern.compile("[0-9A-Fa-f]{1,64}");

  private final String mchid;
  private final PrivateKey merchantPrivateKey;
  private final String merchantSerialNumber;
  private final String apiV3Key;
  private final Map<PayType, String> appIds;
  private final String defaultAppId;
  private final String baseUrl;
  private final PublicKey wechatPayPublicKey;
  private final String wechatPayPublicKeyId;
  private final List<X509Certificate> platformCertificates;
  private final boolean downloadPlatformCertificates;
  private final Duration certificateRefreshInterval;
  private final Duration unknownSerialRefreshInterval;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration connectionKeepAlive;
  private final boolean retryOnConnectionFailure;
  private final Duration notifyTimestampTolerance;
  private final int maxNotifyBodyBytes;
  private final Clock clock;
  private final Supplier<String> nonceSupplier;
  private final java.security.Provider securityProvider;

  private WechatPayConfig(Builder b) {
    this.mchid = b.mchid;
    this.merchantPrivateKey = b.merchantPrivateKey;
    this.merchantSerialNumber = b.merchantSerialNumber;
    this.apiV3Key = b.apiV3Key;
    this.appIds = Collections.unmodifiableMap(new EnumMap<>(b.appIds));
    this.defaultAppId = b.defaultAppId;
    this.baseUrl = b.baseUrl;
    this.wechatPayPublicKey = b.wechatPayPublicKey;
    this.wechatPayPublicKeyId = b.wechatPayPublicKeyId;
    this.platformCertificates = List.copyOf(b.platformCertificates);
    this.downloadPlatformCertificates = b.downloadPlatformCertificates;
    this.certificateRefreshInterval = b.certificateRefreshInterval;
    this.unknownSerialRefreshInterval = b.unknownSerialRefreshInterval;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.connectionKeepAlive = b.connectionKeepAlive;
    this.retryOnConnectionFailure = b.retryOnConnectionFailure;
    this.notifyTimestampTolerance = b.notifyTimestampTolerance;
    this.maxNotifyBodyBytes = b.maxNotifyBodyBytes;
    this.clock = b.clock;
    this.nonceSupplier = b.nonceSupplier;
    this.securityProvider = b.securityProvider;
  }

  /** A new builder with the defaults (production base URL, 60 min refresh, 5 min tolerance). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder pre-filled with this configuration, e.g. for another merchant or app id. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** The merchant id ({@code mchid}). */
  public String mchid() {
    return mchid;
  }

  /** The serial number of the merchant API certificate, upper-case hex. */
  public String merchantSerialNumber() {
    return merchantSerialNumber;
  }

  /** The app id used for {@code payType}: its own, else the default, else empty. */
  public Optional<String> appId(PayType payType) {
    if (!payType.supportedBy(Provider.WXPAY)) return Optional.empty();
    String own = appIds.get(payType);
    return Optional.ofNullable(own != null ? own : defaultAppId);
  }

  /** Every configured app id (the ones a notification's {@code appid} may carry). */
  public List<String> allAppIds() {
    List<String> all = new ArrayList<>(appIds.values());
    if (defaultAppId != null && !all.contains(defaultAppId)) all.add(defaultAppId);
    return List.copyOf(all);
  }

  /** The API base URL without a trailing slash. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The WeChat Pay public key id ({@code PUB_KEY_ID_...}), or empty in certificate-only mode. */
  public Optional<String> wechatPayPublicKeyId() {
    return Optional.ofNullable(wechatPayPublicKeyId);
  }

  /** Whether platform certificates are downloaded and refreshed from {@code /v3/certificates}. */
  public boolean downloadsPlatformCertificates() {
    return downloadPlatformCertificates;
  }

  public Duration certificateRefreshInterval() {
    return certificateRefreshInterval;
  }

  /** The minimum time between two downloads triggered by an unknown {@code Wechatpay-Serial}. */
  public Duration unknownSerialRefreshInterval() {
    return unknownSerialRefreshInterval;
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

  /**
   * Whether a request that failed on a connection (typically a pooled one the server had closed) is
   * sent once more on a new connection (default true); see {@link WechatPayClient}.
   */
  public boolean retryOnConnectionFailure() {
    return retryOnConnectionFailure;
  }

  /** How far a notification's or response's {@code Wechatpay-Timestamp} may be from now. */
  public Duration notifyTimestampTolerance() {
    return notifyTimestampTolerance;
  }

  /** The largest notification body accepted, in bytes (default 64 KiB). */
  public int maxNotifyBodyBytes() {
    return maxNotifyBodyBytes;
  }

  public Clock clock() {
    return clock;
  }

  public Supplier<String> nonceSupplier() {
    return nonceSupplier;
  }

  /**
   * The JCA provider configured for RSA and AES-GCM, or empty to let the client choose (the Amazon
   * Corretto Crypto Provider when present and healthy, else the JDK's).
   */
  public Optional<java.security.Provider> securityProvider() {
    return Optional.ofNullable(securityProvider);
  }

  PrivateKey merchantPrivateKey() {
    return merchantPrivateKey;
  }

  byte[] apiV3KeyBytes() {
    return apiV3Key.getBytes(StandardCharsets.UTF_8);
  }

  PublicKey wechatPayPublicKey() {
    return wechatPayPublicKey;
  }

  List<X509Certificate> platformCertificates() {
    return platformCertificates;
  }

  @Override
  public String toString() {
    return "WechatPayConfig{mchid="
        + mchid
        + ", merchantSerialNumber="
        + merchantSerialNumber
        + ", merchantPrivateKey=<redacted>, apiV3Key=<redacted>, appIds="
        + appIds
        + ", defaultAppId="
        + defaultAppId
        + ", baseUrl="
        + baseUrl
        + ", wechatPayPublicKeyId="
        + wechatPayPublicKeyId
        + ", platformCertificates="
        + platformCertificates.stream().map(Pem::serial).toList()
        + ", downloadPlatformCertificates="
        + downloadPlatformCertificates
        + "}";
  }

  /**
   * Builds a {@link WechatPayConfig}. Setters validate their argument; {@link #build()} names what
   * is missing.
   */
  public static final class Builder {
    private String mchid;
    private PrivateKey merchantPrivateKey;
    private String merchantSerialNumber;
    private String apiV3Key;
    private final Map<PayType, String> appIds = new EnumMap<>(PayType.class);
    private String defaultAppId;
    private String baseUrl = DEFAULT_BASE_URL;
    private PublicKey wechatPayPublicKey;
    private String wechatPayPublicKeyId;
    private final List<X509Certificate> platformCertificates = new ArrayList<>();
    private boolean downloadPlatformCertificates;
    private Duration certificateRefreshInterval = Duration.ofMinutes(60);
    private Duration unknownSerialRefreshInterval = Duration.ofMinutes(1);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(10);
    private Duration connectionKeepAlive = Duration.ofSeconds(5);
    private boolean retryOnConnectionFailure = true;
    private Duration notifyTimestampTolerance = Duration.ofMinutes(5);
    private int maxNotifyBodyBytes = 64 * 1024;
    private Clock clock = Clock.systemUTC();
    private Supplier<String> nonceSupplier = new Nonces();
    private java.security.Provider securityProvider;

    private Builder() {}

    private Builder(WechatPayConfig c) {
      mchid = c.mchid;
      merchantPrivateKey = c.merchantPrivateKey;
      merchantSerialNumber = c.merchantSerialNumber;
      apiV3Key = c.apiV3Key;
      appIds.putAll(c.appIds);
      defaultAppId = c.defaultAppId;
      baseUrl = c.baseUrl;
      wechatPayPublicKey = c.wechatPayPublicKey;
      wechatPayPublicKeyId = c.wechatPayPublicKeyId;
      platformCertificates.addAll(c.platformCertificates);
      downloadPlatformCertificates = c.downloadPlatformCertificates;
      certificateRefreshInterval = c.certificateRefreshInterval;
      unknownSerialRefreshInterval = c.unknownSerialRefreshInterval;
      connectTimeout = c.connectTimeout;
      readTimeout = c.readTimeout;
      connectionKeepAlive = c.connectionKeepAlive;
      retryOnConnectionFailure = c.retryOnConnectionFailure;
      notifyTimestampTolerance = c.notifyTimestampTolerance;
      maxNotifyBodyBytes = c.maxNotifyBodyBytes;
      clock = c.clock;
      nonceSupplier = c.nonceSupplier;
      securityProvider = c.securityProvider;
    }

    /** The merchant id, digits only. */
    public Builder mchid(String mchid) {
      requireNonNull(mchid, "mchid == null");
      if (!MCHID.matcher(mchid).matches()) {
        throw new IllegalArgumentException("mchid must be digits: " + mchid);
      }
      this.mchid = mchid;
      return this;
    }

    /** The merchant API private key as PEM text (PKCS#8 or PKCS#1). */
    public Builder privateKey(String pem) {
      requireNonNull(pem, "privateKey == null");
      this.merchantPrivateKey = Pem.privateKey(pem, "merchant private key");
      return this;
    }

    /** The merchant API private key from a PEM file ({@code apiclient_key.pem}). */
    public Builder privateKeyFromPath(Path path) {
      requireNonNull(path, "path == null");
      return privateKey(Pem.read(path, "merchant private key"));
    }

    /**
     * The serial number of the merchant API certificate (hex, as shown in the merchant platform).
     */
    public Builder merchantSerialNumber(String serial) {
      requireNonNull(serial, "merchantSerialNumber == null");
      if (!SERIAL.matcher(serial).matches()) {
        throw new IllegalArgumentException("merchantSerialNumber must be hex: " + serial);
      }
      this.merchantSerialNumber = serial.toUpperCase(java.util.Locale.ROOT);
      return this;
    }

    /** The APIv3 key: exactly 32 bytes (UTF-8). */
    public Builder apiV3Key(String apiV3Key) {
      requireNonNull(apiV3Key, "apiV3Key == null");
      if (apiV3Key.getBytes(StandardCharsets.UTF_8).length != 32) {
        throw new IllegalArgumentException("apiV3Key must be 32 bytes");
      }
      this.apiV3Key = apiV3Key;
      return this;
    }

    /** The app id for one pay type (official account, mini program, mobile app...). */
    public Builder appId(PayType payType, String appId) {
      requireNonNull(payType, "payType == null");
      if (!payType.supportedBy(Provider.WXPAY)) {
        throw new IllegalArgumentException("WeChat Pay does not support pay type " + payType);
      }
      appIds.put(payType, requireAppId(appId));
      return this;
    }

    /** The app id for every pay type without its own. */
    public Builder defaultAppId(String appId) {
      this.defaultAppId = requireAppId(appId);
      return this;
    }

    /** The API base URL, e.g. a simulator's {@code http://127.0.0.1:port}. */
    public Builder baseUrl(String baseUrl) {
      requireNonNull(baseUrl, "baseUrl == null");
      if (!baseUrl.startsWith("https://") && !baseUrl.startsWith("http://")) {
        throw new IllegalArgumentException(
            "baseUrl must start with https:// or http://: " + baseUrl);
      }
      this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
      return this;
    }

    /** WeChat Pay public key mode: the public key PEM and its id ({@code PUB_KEY_ID_...}). */
    public Builder wechatPayPublicKey(String pem, String publicKeyId) {
      requireNonNull(pem, "wechatPayPublicKey == null");
      requireNonNull(publicKeyId, "publicKeyId == null");
      if (!publicKeyId.startsWith("PUB_KEY_ID_")) {
        throw new IllegalArgumentException(
            "publicKeyId must start with PUB_KEY_ID_: " + publicKeyId);
      }
      this.wechatPayPublicKey = Pem.publicKey(pem, "WeChat Pay public key");
      this.wechatPayPublicKeyId = publicKeyId;
      return this;
    }

    /** WeChat Pay public key mode, reading the key from a PEM file. */
    public Builder wechatPayPublicKeyFromPath(Path path, String publicKeyId) {
      requireNonNull(path, "path == null");
      return wechatPayPublicKey(Pem.read(path, "WeChat Pay public key"), publicKeyId);
    }

    /** Adds a known platform certificate (PEM); it is trusted by its serial number. */
    public Builder platformCertificate(String pem) {
      requireNonNull(pem, "platformCertificate == null");
      platformCertificates.add(Pem.certificate(pem, "platform certificate"));
      return this;
    }

    /** Certificate mode: download platform certificates and refresh them in the background. */
    public Builder downloadPlatformCertificates() {
      this.downloadPlatformCertificates = true;
      return this;
    }

    /** How often certificates are refreshed in the background (default 60 min, at least 1 s). */
    public Builder certificateRefreshInterval(Duration interval) {
      this.certificateRefreshInterval =
          atLeast(interval, Duration.ofSeconds(1), "certificateRefreshInterval");
      return this;
    }

    /** Minimum time between downloads caused by an unknown serial (default 1 min). */
    public Builder unknownSerialRefreshInterval(Duration interval) {
      this.unknownSerialRefreshInterval =
          atLeast(interval, Duration.ZERO, "unknownSerialRefreshInterval");
      return this;
    }

    /** TCP connect timeout (default 5 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = atLeast(timeout, Duration.ofMillis(1), "connectTimeout");
      return this;
    }

    /** Read timeout per response (default 10 s). */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = atLeast(timeout, Duration.ofMillis(1), "readTimeout");
      return this;
    }

    /**
     * How long an idle connection stays in the pool for reuse (default 5 s, like the official SDK's
     * few seconds): well under the idle timeouts of WeChat Pay's gateways and of the proxies and
     * NAT devices in between (commonly 30–75 s), so a pooled connection is rarely one the other
     * side has already closed. At least 1 ms.
     */
    public Builder connectionKeepAlive(Duration keepAlive) {
      this.connectionKeepAlive = atLeast(keepAlive, Duration.ofMillis(1), "connectionKeepAlive");
      return this;
    }

    /**
     * Whether OkHttp may send a request once more on a new connection after a connection failure
     * (default true). Every WeChat Pay call this client makes is idempotent by the merchant's own
     * ids ({@code out_trade_no}, {@code out_refund_no}), so a repeat cannot pay or refund twice;
     * see {@link WechatPayClient} for what is and is not retried.
     */
    public Builder retryOnConnectionFailure(boolean retry) {
      this.retryOnConnectionFailure = retry;
      return this;
    }

    /** Accepted clock difference for {@code Wechatpay-Timestamp} (default 5 min). */
    public Builder notifyTimestampTolerance(Duration tolerance) {
      this.notifyTimestampTolerance =
          atLeast(tolerance, Duration.ofSeconds(1), "notifyTimestampTolerance");
      return this;
    }

    /** The largest notification body accepted, in bytes (default 65536). */
    public Builder maxNotifyBodyBytes(int bytes) {
      if (bytes < 1024) throw new IllegalArgumentException("maxNotifyBodyBytes < 1024: " + bytes);
      this.maxNotifyBodyBytes = bytes;
      return this;
    }

    /** The clock for request timestamps and timestamp checks (tests inject a fixed clock). */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock == null");
      return this;
    }

    /** The nonce source for request signatures and client payment parameters. */
    public Builder nonceSupplier(Supplier<String> nonceSupplier) {
      this.nonceSupplier = requireNonNull(nonceSupplier, "nonceSupplier == null");
      return this;
    }

    /**
     * The JCA provider for SHA256withRSA and AES-GCM; it is used as given, not installed in {@link
     * java.security.Security}. Null (the default) lets the client choose: the Amazon Corretto
     * Crypto Provider when it is on the classpath and healthy, else the JDK's.
     */
    public Builder securityProvider(java.security.Provider provider) {
      this.securityProvider = provider;
      return this;
    }

    /**
     * Applies settings given as text, e.g. from a properties file or a simulator: {@code mchid,
     * merchantPrivateKey} (PEM), {@code merchantPrivateKeyPath, merchantSerialNumber, apiV3Key,
     * appId} (the default app id), {@code appId.<payType>} (e.g. {@code appId.mp}), {@code baseUrl,
     * wechatPayPublicKey} (PEM) with {@code wechatPayPublicKeyId}, {@code
     * platformCertificates=download}. An unknown name is an error, so typos do not pass silently.
     */
    public Builder properties(Map<String, String> properties) {
      requireNonNull(properties, "properties == null");
      String publicKey = properties.get("wechatPayPublicKey");
      String publicKeyId = properties.get("wechatPayPublicKeyId");
      if ((publicKey == null) != (publicKeyId == null)) {
        throw new IllegalArgumentException(
            "wechatPayPublicKey and wechatPayPublicKeyId must be given together");
      }
      for (Map.Entry<String, String> e : properties.entrySet()) {
        String name = e.getKey();
        String value = requireNonNull(e.getValue(), name + " == null");
        switch (name) {
          case "mchid" -> mchid(value);
          case "merchantPrivateKey" -> privateKey(value);
          case "merchantPrivateKeyPath" -> privateKeyFromPath(Path.of(value));
          case "merchantSerialNumber" -> merchantSerialNumber(value);
          case "apiV3Key" -> apiV3Key(value);
          case "appId" -> defaultAppId(value);
          case "baseUrl" -> baseUrl(value);
          case "wechatPayPublicKey" -> wechatPayPublicKey(value, publicKeyId);
          case "wechatPayPublicKeyId" -> {}
          case "platformCertificates" -> {
            if (!value.equals("download")) {
              throw new IllegalArgumentException(
                  "platformCertificates must be 'download': " + value);
            }
            downloadPlatformCertificates();
          }
          default -> {
            if (!name.startsWith("appId.")) {
              throw new IllegalArgumentException("unknown WeChat Pay property: " + name);
            }
            appId(PayType.ofCode(name.substring("appId.".length())), value);
          }
        }
      }
      return this;
    }

    /** The configuration; throws {@link IllegalStateException} naming the first missing field. */
    public WechatPayConfig build() {
      if (mchid == null) throw new IllegalStateException("mchid required");
      if (merchantPrivateKey == null) {
        throw new IllegalStateException(
            "merchant private key required: call privateKey(pem) or privateKeyFromPath(path)");
      }
      if (merchantSerialNumber == null) {
        throw new IllegalStateException("merchantSerialNumber required");
      }
      if (apiV3Key == null) throw new IllegalStateException("apiV3Key required");
      if (appIds.isEmpty() && defaultAppId == null) {
        throw new IllegalStateException(
            "app id required: call defaultAppId(appId) or appId(payType, appId)");
      }
      if (wechatPayPublicKey == null
          && !downloadPlatformCertificates
          && platformCertificates.isEmpty()) {
        throw new IllegalStateException(
            "verification key required: call wechatPayPublicKey(pem, publicKeyId),"
                + " downloadPlatformCertificates() or platformCertificate(pem)");
      }
      return new WechatPayConfig(this);
    }

    private static String requireAppId(String appId) {
      requireNonNull(appId, "appId == null");
      if (appId.isBlank() || appId.length() > 32) {
        throw new IllegalArgumentException("appId must be 1..32 characters: " + appId);
      }
      return appId;
    }

    private static Duration atLeast(Duration value, Duration min, String name) {
      requireNonNull(value, name + " == null");
      if (value.compareTo(min) < 0) {
        throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
      }
      return value;
    }
  }
}
