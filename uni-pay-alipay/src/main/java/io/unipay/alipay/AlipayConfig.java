package io.unipay.alipay;

import static java.util.Objects.requireNonNull;

import io.unipay.alipay.internal.KeyMaterial;
import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import java.net.URI;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
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
  private final CertificateMode certificateMode;
  private final CertificateListener certificateListener;
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
    this.certificateListener = b.certificateListener;
    try {
      this.appPrivateKey = KeyMaterial.privateKey(b.appPrivateKey, "appPrivateKey");
      if (b.alipayPublicKey != null) {
        this.alipayPublicKey = KeyMaterial.publicKey(b.alipayPublicKey, "alipayPublicKey");
        this.certificateMode = null;
      } else {
        this.certificateMode = b.certificates.build();
        certificateMode.requireAppKey(appPrivateKey);
        this.alipayPublicKey = certificateMode.alipayCertificate().getPublicKey();
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
    return certificateMode != null;
  }

  /** The certificate-mode settings, or empty in public-key mode. */
  public Optional<CertificateMode> certificateMode() {
    return Optional.ofNullable(certificateMode);
  }

  /** {@code app_cert_sn} of the app certificate, in certificate mode. */
  public Optional<String> appCertSn() {
    return certificateMode().map(CertificateMode::appCertSn);
  }

  /** {@code alipay_root_cert_sn} of the root bundle, in certificate mode. */
  public Optional<String> alipayRootCertSn() {
    return certificateMode().map(CertificateMode::alipayRootCertSn);
  }

  /**
   * The SN of the configured Alipay public-key certificate, in certificate mode. Answers naming
   * another {@code alipay_cert_sn} are verified with the certificate downloaded for it.
   */
  public Optional<String> alipayCertSn() {
    return certificateMode().map(CertificateMode::alipayCertSn);
  }

  /** Hears about accepted, refused and expiring certificates (certificate mode); never null. */
  public CertificateListener certificateListener() {
    return certificateListener;
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
        + (isCertificateMode()
            ? "certificate(appCertSn=" + certificateMode.appCertSn() + ")"
            : "publicKey")
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
    private CertificateMode.Builder certificates;
    private CertificateListener certificateListener = new CertificateListener() {};
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
      b.certificates = certificates == null ? null : certificates.copy();
      b.certificateListener = certificateListener;
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

    /**
     * Certificate mode: the app, Alipay and root certificates and their lifecycle settings. The
     * shortcuts {@link #appCert}, {@link #alipayPublicCert} and {@link #alipayRootCert} fill the
     * same settings.
     */
    public Builder certificateMode(CertificateMode.Builder certificateMode) {
      this.certificates = requireNonNull(certificateMode, "certificateMode == null").copy();
      return this;
    }

    private CertificateMode.Builder certificates() {
      if (certificates == null) certificates = CertificateMode.builder();
      return certificates;
    }

    /** Certificate mode: {@link CertificateMode.Builder#appCert}. */
    public Builder appCert(String pem) {
      certificates().appCert(pem);
      return this;
    }

    /** Certificate mode: {@link CertificateMode.Builder#alipayPublicCert}. */
    public Builder alipayPublicCert(String pem) {
      certificates().alipayPublicCert(pem);
      return this;
    }

    /** Certificate mode: {@link CertificateMode.Builder#alipayRootCert}. */
    public Builder alipayRootCert(String pem) {
      certificates().alipayRootCert(pem);
      return this;
    }

    /**
     * Hears about the certificate lifecycle in certificate mode: accepted and refused downloads,
     * certificates about to expire. Default: none (the client still logs them).
     */
    public Builder certificateListener(CertificateListener listener) {
      this.certificateListener = requireNonNull(listener, "listener == null");
      return this;
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
      boolean anyCert = certificates != null;
      if (alipayPublicKey != null && anyCert) {
        throw invalid("alipayPublicKey and certificates are both set: choose public-key or certificate mode.");
      }
      if (alipayPublicKey == null) {
        if (!anyCert) {
          throw invalid(
              "alipayPublicKey required (public-key mode), or appCert + alipayPublicCert +"
                  + " alipayRootCert (certificate mode).");
        }
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

    private static UniPayException invalid(String message) {
      return new UniPayException(ErrorCode.CONFIGURATION_INVALID, message);
    }
  }
}
