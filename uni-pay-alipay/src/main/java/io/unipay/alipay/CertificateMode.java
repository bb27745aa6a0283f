package io.unipay.alipay;

import static java.util.Objects.requireNonNull;

import io.unipay.alipay.internal.KeyMaterial;
import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The certificate-mode settings of an Alipay app (protocols §B5): the app certificate, the Alipay
 * public-key certificate and the Alipay root bundle, parsed and their SNs computed once, plus the
 * lifecycle settings: how early expiry is warned about and how often an unknown Alipay certificate
 * may be downloaded. Immutable and thread-safe.
 *
 * <pre>{@code
 * AlipayConfig.builder()
 *     .appId("2021000000000000").appPrivateKey(pem)
 *     .certificateMode(CertificateMode.builder()
 *         .appCertPath(Path.of("appCertPublicKey_2021000000000000.crt"))
 *         .alipayPublicCertPath(Path.of("alipayCertPublicKey_RSA2.crt"))
 *         .alipayRootCertPath(Path.of("alipayRootCert.crt")))
 *     .build();
 * }</pre>
 *
 * <p>The configured Alipay certificate is trusted because it is configured. A certificate Alipay
 * re-issues later is downloaded when an answer names its SN, and trusted only when it chains up to
 * a certificate of the root bundle (see {@link AlipayClient#certificates()}).
 */
public final class CertificateMode {
  private final Builder source;
  private final X509Certificate appCertificate;
  private final X509Certificate alipayCertificate;
  private final List<X509Certificate> roots;
  private final String appCertSn;
  private final String alipayCertSn;
  private final String alipayRootCertSn;

  private CertificateMode(Builder b) {
    this.source = b.copy();
    this.appCertificate =
        KeyMaterial.toX509(KeyMaterial.certificates(b.appCert, "appCert").get(0), "appCert");
    this.alipayCertificate =
        KeyMaterial.toX509(
            KeyMaterial.certificates(b.alipayPublicCert, "alipayPublicCert").get(0),
            "alipayPublicCert");
    this.alipayRootCertSn = KeyMaterial.rootCertSn(b.alipayRootCert, "alipayRootCert");
    List<X509Certificate> parsed = new ArrayList<>();
    for (X509CertificateHolder holder :
        KeyMaterial.certificates(b.alipayRootCert, "alipayRootCert")) {
      try {
        parsed.add(KeyMaterial.toX509(holder, "alipayRootCert"));
      } catch (IllegalArgumentException sm2) {
        // an SM2 root the JDK cannot read: it cannot anchor an RSA chain either
      }
    }
    this.roots = List.copyOf(parsed);
    this.appCertSn = KeyMaterial.certSn(appCertificate);
    this.alipayCertSn = KeyMaterial.certSn(alipayCertificate);
  }

  /** New, empty certificate-mode settings. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings. */
  public Builder newBuilder() {
    return source.copy();
  }

  /** {@code app_cert_sn} of the app certificate. */
  public String appCertSn() {
    return appCertSn;
  }

  /** {@code alipay_root_cert_sn} of the root bundle. */
  public String alipayRootCertSn() {
    return alipayRootCertSn;
  }

  /** The SN of the configured Alipay public-key certificate. */
  public String alipayCertSn() {
    return alipayCertSn;
  }

  /** How long before a certificate's expiry it is warned about; default 30 days. */
  public Duration expiryWarning() {
    return source.expiryWarning;
  }

  /** The least time between two download attempts of the same unknown SN; default 60 s. */
  public Duration downloadRetryInterval() {
    return source.downloadRetryInterval;
  }

  /** The most certificate downloads attempted per hour, whatever the SN; default 20. */
  public int maxDownloadsPerHour() {
    return source.maxDownloadsPerHour;
  }

  /** Throws when the app certificate is not the one of {@code appPrivateKey}. */
  void requireAppKey(PrivateKey appPrivateKey) {
    if (appCertificate.getPublicKey() instanceof RSAPublicKey certKey
        && appPrivateKey instanceof RSAPrivateKey privateKey
        && !certKey.getModulus().equals(privateKey.getModulus())) {
      throw new IllegalArgumentException(
          "appCert (app_cert_sn "
              + appCertSn
              + ") does not belong to appPrivateKey: use the certificate issued for this key");
    }
  }

  X509Certificate appCertificate() {
    return appCertificate;
  }

  X509Certificate alipayCertificate() {
    return alipayCertificate;
  }

  /** The root bundle's certificates the JDK can read (SM2 entries are skipped). */
  List<X509Certificate> roots() {
    return roots;
  }

  @Override
  public String toString() {
    return "CertificateMode{appCertSn=" + appCertSn + ", alipayCertSn=" + alipayCertSn + "}";
  }

  /** Collects certificate-mode settings; {@link #build()} validates and parses them. */
  public static final class Builder {
    private String appCert;
    private String alipayPublicCert;
    private String alipayRootCert;
    private Duration expiryWarning = Duration.ofDays(30);
    private Duration downloadRetryInterval = Duration.ofSeconds(60);
    private int maxDownloadsPerHour = 20;

    private Builder() {}

    Builder copy() {
      Builder b = new Builder();
      b.appCert = appCert;
      b.alipayPublicCert = alipayPublicCert;
      b.alipayRootCert = alipayRootCert;
      b.expiryWarning = expiryWarning;
      b.downloadRetryInterval = downloadRetryInterval;
      b.maxDownloadsPerHour = maxDownloadsPerHour;
      return b;
    }

    /** The app certificate ({@code appCertPublicKey_<appid>.crt}) contents. Required. */
    public Builder appCert(String pem) {
      this.appCert = requireNonNull(pem, "appCert == null");
      return this;
    }

    /** {@link #appCert(String)} read from a file. */
    public Builder appCertPath(Path path) {
      return appCert(read(path, "appCertPath"));
    }

    /** The Alipay public-key certificate ({@code alipayCertPublicKey_RSA2.crt}). Required. */
    public Builder alipayPublicCert(String pem) {
      this.alipayPublicCert = requireNonNull(pem, "alipayPublicCert == null");
      return this;
    }

    /** {@link #alipayPublicCert(String)} read from a file. */
    public Builder alipayPublicCertPath(Path path) {
      return alipayPublicCert(read(path, "alipayPublicCertPath"));
    }

    /** The Alipay root bundle ({@code alipayRootCert.crt}); SM2 entries are fine. Required. */
    public Builder alipayRootCert(String pem) {
      this.alipayRootCert = requireNonNull(pem, "alipayRootCert == null");
      return this;
    }

    /** {@link #alipayRootCert(String)} read from a file. */
    public Builder alipayRootCertPath(Path path) {
      return alipayRootCert(read(path, "alipayRootCertPath"));
    }

    /** How long before expiry a certificate is warned about (log WARN, listener); default 30 d. */
    public Builder expiryWarning(Duration warning) {
      this.expiryWarning = positive(warning, "expiryWarning");
      return this;
    }

    /**
     * The least time between two download attempts of the same unknown {@code alipay_cert_sn}
     * (after a refused or failed one, answers naming it are refused without a download until then);
     * default 60 s.
     */
    public Builder downloadRetryInterval(Duration interval) {
      this.downloadRetryInterval = positive(interval, "downloadRetryInterval");
      return this;
    }

    /** The most certificate downloads attempted in any hour, over all SNs; default 20. */
    public Builder maxDownloadsPerHour(int max) {
      if (max < 1) throw invalid("maxDownloadsPerHour must be >= 1: " + max);
      this.maxDownloadsPerHour = max;
      return this;
    }

    boolean anySet() {
      return appCert != null || alipayPublicCert != null || alipayRootCert != null;
    }

    /**
     * Validates and parses the certificates.
     *
     * @throws UniPayException {@code CONFIGURATION_INVALID} naming the missing or bad setting
     */
    public CertificateMode build() {
      if (appCert == null) throw invalid("appCert required in certificate mode.");
      if (alipayPublicCert == null) throw invalid("alipayPublicCert required in certificate mode.");
      if (alipayRootCert == null) throw invalid("alipayRootCert required in certificate mode.");
      try {
        return new CertificateMode(this);
      } catch (IllegalArgumentException e) {
        throw invalid(e.getMessage());
      }
    }

    private static Duration positive(Duration d, String name) {
      requireNonNull(d, name + " == null");
      if (d.isNegative() || d.isZero()) throw invalid(name + " must be > 0: " + d);
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
