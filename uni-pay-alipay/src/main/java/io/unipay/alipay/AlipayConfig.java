package io.unipay.alipay;

import static java.util.Objects.requireNonNull;

import io.unipay.alipay.internal.KeyMaterial;
import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The settings of one Alipay app: ids, keys, the Alipay verification key (public-key mode) or the
 * three certificates (certificate mode), the gateway and timeouts. Immutable and thread-safe; keys
 * and certificates are parsed and the certificate SNs computed once, in {@link Builder#build()}.
 *
 * <pre>{@code
 * AlipayConfig config = AlipayConfig.builder()
 *     .appId("2021000000000000")
 *     .appPrivateKey(pem)                  // PKCS#8 or PKCS#1, PEM or bare Base64
 *     .alipayPublicKey(alipayPublicKey)    // or appCert(..) + alipayPublicCert(..) + alipayRootCert(..)
 *     .sellerId("2088000000000000")        // optional, checked against notifications
 *     .build();
 * }</pre>
 *
 * <p>{@link #toString()} never prints key material.
 */
public final class AlipayConfig {
  /** Alipay's production gateway. */
  public static final String DEFAULT_GATEWAY_URL = "https://openapi.alipay.com/gateway.do";

  private static final Pattern SELLER_ID = Pattern.compile("2088[0-9]{12}");

  /** How {@code page} and {@code wap} payments are handed to the payer's browser. */
  public enum PageMode {
    /** A GET URL carrying every signed parameter ({@code PrepayResult.RedirectUrl}). */
    REDIRECT_URL,
    /** An auto-submitting POST form ({@code PrepayResult.HtmlForm}), as {@code pageExecute} builds. */
    HTML_FORM
  }

  private final Builder source;
  private final String appId;
  private final PrivateKey appPrivateKey;
  private final String sellerId;
  private final PublicKey alipayPublicKey;
  private final String appCertSn;
  private final String alipayRootCertSn;
  private final String alipayCertSn;
  private final String gatewayUrl;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration idleConnectionTimeout;
  private final Clock clock;
  private final Provider rsaProvider;
  private final String returnUrl;
  private final PageMode pageMode;

  private AlipayConfig(Builder b) {
    this.source = b.copy();
    this.appId = b.appId;
    this.sellerId = b.sellerId;
    this.gatewayUrl = b.gatewayUrl;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.idleConnectionTimeout = b.idleConnectionTimeout;
    this.clock = b.clock;
    this.rsaProvider = b.rsaProvider;
    this.returnUrl = b.returnUrl;
    this.pageMode = b.pageMode;
    try {
      this.appPrivateKey = KeyMaterial.privateKey(b.appPrivateKey, "appPrivateKey");
      if (b.alipayPublicKey != null) {
        this.alipayPublicKey = KeyMaterial.publicKey(b.alipayPublicKey, "alipayPublicKey");
        this.appCertSn = null;
        this.alipayRootCertSn = null;
        this.alipayCertSn = null;
      } else {
        X509Certificate appCert =
            KeyMaterial.toX509(KeyMaterial.certificates(b.appCert, "appCert").get(0), "appCert");
        X509Certificate alipayCert =
            KeyMaterial.toX509(
                KeyMaterial.certificates(b.alipayPublicCert, "alipayPublicCert").get(0),
                "alipayPublicCert");
        if (appCert.getPublicKey() instanceof RSAPublicKey certKey
            && appPrivateKey instanceof RSAPrivateKey privateKey
            && !certKey.getModulus().equals(privateKey.getModulus())) {
          throw new IllegalArgumentException(
              "appCert (app_cert_sn " + KeyMaterial.certSn(appCert)
                  + ") does not belong to appPrivateKey: use the certificate issued for this key");
        }
        this.appCertSn = KeyMaterial.certSn(appCert);
        this.alipayCertSn = KeyMaterial.certSn(alipayCert);
        this.alipayRootCertSn = KeyMaterial.rootCertSn(b.alipayRootCert, "alipayRootCert");
        this.alipayPublicKey = alipayCert.getPublicKey();
      }
    } catch (IllegalArgumentException e) {
      throw new UniPayException(ErrorCode.CONFIGURATION_INVALID, e.getMessage());
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's settings, to derive a variant (another app, a sandbox). */
  public Builder newBuilder() {
    return source.copy();
  }

  /** The Alipay app id ({@code app_id}). */
  public String appId() {
    return appId;
  }

  /** The seller id (2088…) checked against notifications and query results, if configured. */
  public Optional<String> sellerId() {
    return Optional.ofNullable(sellerId);
  }

  /** Whether requests carry {@code app_cert_sn}/{@code alipay_root_cert_sn} (certificate mode). */
  public boolean isCertificateMode() {
    return appCertSn != null;
  }

  /** {@code app_cert_sn} of the app certificate, in certificate mode. */
  public Optional<String> appCertSn() {
    return Optional.ofNullable(appCertSn);
  }

  /** {@code alipay_root_cert_sn} of the root bundle, in certificate mode. */
  public Optional<String> alipayRootCertSn() {
    return Optional.ofNullable(alipayRootCertSn);
  }

  /** The SN of the Alipay public-key certificate; responses must carry it as {@code alipay_cert_sn}. */
  public Optional<String> alipayCertSn() {
    return Optional.ofNullable(alipayCertSn);
  }

  public String gatewayUrl() {
    return gatewayUrl;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Read and write timeout of one gateway call. */
  public Duration readTimeout() {
    return readTimeout;
  }

  /** How long an idle keep-alive connection is kept for reuse; see {@link AlipayClient}. */
  public Duration idleConnectionTimeout() {
    return idleConnectionTimeout;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * The JCA provider configured for RSA, or empty to let the client choose (the Amazon Corretto
   * Crypto Provider when present and healthy, else the JDK's).
   */
  public Optional<Provider> rsaProvider() {
    return Optional.ofNullable(rsaProvider);
  }

  /** The default {@code return_url} for page/wap payments, if configured. */
  public Optional<String> returnUrl() {
    return Optional.ofNullable(returnUrl);
  }

  public PageMode pageMode() {
    return pageMode;
  }

  PrivateKey appPrivateKey() {
    return appPrivateKey;
  }

  PublicKey alipayPublicKey() {
    return alipayPublicKey;
  }

  @Override
  public String toString() {
    return "AlipayConfig{appId="
        + appId
        + ", sellerId="
        + sellerId
        + ", mode="
        + (isCertificateMode() ? "certificate(appCertSn=" + appCertSn + ")" : "publicKey")
        + ", appPrivateKey=██, gatewayUrl="
        + gatewayUrl
        + "}";
  }

  /** Collects the settings; {@link #build()} validates them and names the first one missing. */
  public static final class Builder {
    private String appId;
    private String appPrivateKey;
    private String sellerId;
    private String alipayPublicKey;
    private String appCert;
    private String alipayPublicCert;
    private String alipayRootCert;
    private String gatewayUrl = DEFAULT_GATEWAY_URL;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(15);
    private Duration idleConnectionTimeout = Duration.ofSeconds(4);
    private Clock clock = Clock.systemUTC();
    private Provider rsaProvider;
    private String returnUrl;
    private PageMode pageMode = PageMode.REDIRECT_URL;

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.appId = appId;
      b.appPrivateKey = appPrivateKey;
      b.sellerId = sellerId;
      b.alipayPublicKey = alipayPublicKey;
      b.appCert = appCert;
      b.alipayPublicCert = alipayPublicCert;
      b.alipayRootCert = alipayRootCert;
      b.gatewayUrl = gatewayUrl;
      b.connectTimeout = connectTimeout;
      b.readTimeout = readTimeout;
      b.idleConnectionTimeout = idleConnectionTimeout;
      b.clock = clock;
      b.rsaProvider = rsaProvider;
      b.returnUrl = returnUrl;
      b.pageMode = pageMode;
      return b;
    }

    /** The app id, e.g. {@code 2021000000000000}. Required. */
    public Builder appId(String appId) {
      this.appId = requireNonNull(appId, "appId == null").strip();
      return this;
    }

    /** The app private key: PKCS#8 or PKCS#1, PEM-armoured or bare Base64. Required. */
    public Builder appPrivateKey(String key) {
      this.appPrivateKey = requireNonNull(key, "appPrivateKey == null");
      return this;
    }

    /** The seller id ({@code 2088} + 12 digits); when set, notifications must name it. */
    public Builder sellerId(String sellerId) {
      this.sellerId = sellerId == null ? null : sellerId.strip();
      return this;
    }

    /** Public-key mode: the Alipay public key (X.509 SubjectPublicKeyInfo, PEM or bare Base64). */
    public Builder alipayPublicKey(String key) {
      this.alipayPublicKey = requireNonNull(key, "alipayPublicKey == null");
      return this;
    }

    /** Certificate mode: the app certificate ({@code appCertPublicKey_<appid>.crt}) contents. */
    public Builder appCert(String pem) {
      this.appCert = requireNonNull(pem, "appCert == null");
      return this;
    }

    public Builder appCertPath(Path path) {
      return appCert(read(path, "appCertPath"));
    }

    /** Certificate mode: the Alipay public-key certificate ({@code alipayCertPublicKey_RSA2.crt}). */
    public Builder alipayPublicCert(String pem) {
      this.alipayPublicCert = requireNonNull(pem, "alipayPublicCert == null");
      return this;
    }

    public Builder alipayPublicCertPath(Path path) {
      return alipayPublicCert(read(path, "alipayPublicCertPath"));
    }

    /** Certificate mode: the Alipay root bundle ({@code alipayRootCert.crt}); SM2 entries are fine. */
    public Builder alipayRootCert(String pem) {
      this.alipayRootCert = requireNonNull(pem, "alipayRootCert == null");
      return this;
    }

    public Builder alipayRootCertPath(Path path) {
      return alipayRootCert(read(path, "alipayRootCertPath"));
    }

    /** The gateway, default {@value #DEFAULT_GATEWAY_URL}; point it at a sandbox or simulator. */
    public Builder gatewayUrl(String url) {
      this.gatewayUrl = requireNonNull(url, "gatewayUrl == null");
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** Read/write timeout of one call; after it a non-idempotent call is {@code OUTCOME_UNKNOWN}. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "readTimeout");
      return this;
    }

    /**
     * How long an idle keep-alive connection stays in the pool; default 4 s, well under the idle
     * timeouts of common servers and load balancers (5 s to 75 s), so a connection the gateway
     * closed is rarely picked; when one is, the call is re-sent (see {@link AlipayClient}).
     */
    public Builder idleConnectionTimeout(Duration timeout) {
      this.idleConnectionTimeout = positive(timeout, "idleConnectionTimeout");
      return this;
    }

    /** The clock for request timestamps; default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * The JCA provider for SHA256withRSA; it is used as given, not installed in {@link
     * java.security.Security}. Null (the default) lets the client choose: the Amazon Corretto
     * Crypto Provider when it is on the classpath and healthy, else the JDK's.
     */
    public Builder rsaProvider(Provider provider) {
      this.rsaProvider = provider;
      return this;
    }

    /** Default {@code return_url} for page/wap payments when the request has none. */
    public Builder returnUrl(String url) {
      this.returnUrl = url;
      return this;
    }

    /** How page/wap payments are returned; default {@link PageMode#REDIRECT_URL}. */
    public Builder pageMode(PageMode mode) {
      this.pageMode = requireNonNull(mode, "pageMode == null");
      return this;
    }

    /**
     * Validates and parses everything.
     *
     * @throws UniPayException {@code CONFIGURATION_INVALID} naming the missing or bad setting
     */
    public AlipayConfig build() {
      if (appId == null || appId.isEmpty()) throw invalid("appId required.");
      if (appPrivateKey == null) throw invalid("appPrivateKey required.");
      if (sellerId != null && !SELLER_ID.matcher(sellerId).matches()) {
        throw invalid("sellerId must be 2088 followed by 12 digits: '" + sellerId + "'");
      }
      boolean anyCert = appCert != null || alipayPublicCert != null || alipayRootCert != null;
      if (alipayPublicKey != null && anyCert) {
        throw invalid("alipayPublicKey and certificates are both set: choose public-key or certificate mode.");
      }
      if (alipayPublicKey == null) {
        if (!anyCert) {
          throw invalid(
              "alipayPublicKey required (public-key mode), or appCert + alipayPublicCert +"
                  + " alipayRootCert (certificate mode).");
        }
        if (appCert == null) throw invalid("appCert required in certificate mode.");
        if (alipayPublicCert == null) throw invalid("alipayPublicCert required in certificate mode.");
        if (alipayRootCert == null) throw invalid("alipayRootCert required in certificate mode.");
      }
      try {
        URI uri = URI.create(gatewayUrl);
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
          throw invalid("gatewayUrl must be an http(s) URL: '" + gatewayUrl + "'");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
          throw invalid(
              "gatewayUrl must not carry a query or fragment (parameters are added per call): '"
                  + gatewayUrl + "'");
        }
      } catch (IllegalArgumentException e) {
        throw invalid("gatewayUrl is not a URL: '" + gatewayUrl + "'");
      }
      return new AlipayConfig(this);
    }

    private static Duration positive(Duration d, String name) {
      requireNonNull(d, name + " == null");
      if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be > 0: " + d);
      return d;
    }

    private static String read(Path path, String setting) {
      requireNonNull(path, setting + " == null");
      try {
        return Files.readString(path, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UniPayException(
            ErrorCode.CONFIGURATION_INVALID, setting + " cannot be read: " + path, e);
      }
    }

    private static UniPayException invalid(String message) {
      return new UniPayException(ErrorCode.CONFIGURATION_INVALID, message);
    }
  }
}
