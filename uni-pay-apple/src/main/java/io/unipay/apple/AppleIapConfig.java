package io.unipay.apple;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One app's App Store configuration. Build with {@link #builder()}; immutable.
 *
 * <p>The environment is configuration, never read from a payload. The trusted roots are the Apple
 * roots you download from https://www.apple.com/certificateauthority/ (e.g. {@code
 * AppleRootCA-G3.cer}); nothing else is trusted. Each business {@code type} sells exactly one
 * product: {@code product("vip", "com.example.vip.month")}; the product's App Store price must
 * equal the order's {@code totalFee}, which the host still sets from its own data.
 */
public final class AppleIapConfig {
  private static final Pattern BUNDLE = Pattern.compile("[A-Za-z0-9.-]{1,155}");
  private static final Pattern PRODUCT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final String bundleId;
  private final Long appAppleId;
  private final AppleEnvironment environment;
  private final List<X509Certificate> rootCertificates;
  private final Map<String, String> products;
  private final boolean onlineChecks;
  private final Clock clock;

  private AppleIapConfig(Builder b) {
    this.bundleId = b.bundleId;
    this.appAppleId = b.appAppleId;
    this.environment = b.environment;
    this.rootCertificates = List.copyOf(b.roots);
    this.products = Map.copyOf(b.products);
    this.onlineChecks = b.onlineChecks;
    this.clock = b.clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The app's bundle id, checked against every transaction. */
  public String bundleId() {
    return bundleId;
  }

  /** The app's Apple id (numeric), required in production; checked against notifications. */
  public Optional<Long> appAppleId() {
    return Optional.ofNullable(appAppleId);
  }

  public AppleEnvironment environment() {
    return environment;
  }

  public List<X509Certificate> rootCertificates() {
    return rootCertificates;
  }

  /** The product sold for business {@code type}, or empty. */
  public Optional<String> productFor(String type) {
    return Optional.ofNullable(products.get(type));
  }

  /** Whether revocation is checked online (OCSP) and chains are validated at the current time. */
  public boolean onlineChecks() {
    return onlineChecks;
  }

  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "AppleIapConfig{bundleId=" + bundleId + ", environment=" + environment + ", products="
        + products + ", roots=" + rootCertificates.size() + ", onlineChecks=" + onlineChecks + "}";
  }

  /** Builds an {@link AppleIapConfig}; {@link #build()} names whatever is missing or malformed. */
  public static final class Builder {
    private String bundleId;
    private Long appAppleId;
    private AppleEnvironment environment;
    private final List<X509Certificate> roots = new ArrayList<>();
    private final Map<String, String> products = new LinkedHashMap<>();
    private boolean onlineChecks = true;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder bundleId(String bundleId) {
      this.bundleId = bundleId;
      return this;
    }

    public Builder appAppleId(long appAppleId) {
      this.appAppleId = appAppleId;
      return this;
    }

    public Builder environment(AppleEnvironment environment) {
      this.environment = environment;
      return this;
    }

    /** Trusts one Apple root certificate (DER or PEM bytes). */
    public Builder rootCertificate(byte[] encoded) {
      if (encoded == null) throw invalid("root certificate bytes are null");
      try {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        roots.add(
            (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(encoded)));
      } catch (CertificateException | ClassCastException e) {
        throw invalid("root certificate is not an X.509 certificate (DER or PEM)");
      }
      return this;
    }

    public Builder rootCertificate(X509Certificate root) {
      if (root == null) throw invalid("root certificate is null");
      roots.add(root);
      return this;
    }

    /** The one product sold for orders of business {@code type}. */
    public Builder product(String type, String productId) {
      if (type == null || type.isBlank()) throw invalid("product type is blank");
      if (productId == null || !PRODUCT.matcher(productId).matches()) {
        throw invalid("product id for type '" + type + "' must be 1..64 chars of [A-Za-z0-9._-]");
      }
      products.put(type, productId);
      return this;
    }

    /**
     * Online checks (default on): OCSP revocation and validation at the current time. Off, chains
     * are validated at the payload's {@code signedDate} without revocation (offline tests).
     */
    public Builder onlineChecks(boolean onlineChecks) {
      this.onlineChecks = onlineChecks;
      return this;
    }

    public Builder clock(Clock clock) {
      if (clock == null) throw invalid("clock is null");
      this.clock = clock;
      return this;
    }

    public AppleIapConfig build() {
      if (bundleId == null || !BUNDLE.matcher(bundleId).matches()) {
        throw invalid("bundleId must be the app's bundle id, e.g. com.example.app");
      }
      if (environment == null) throw invalid("environment is required (PRODUCTION or SANDBOX)");
      if (environment == AppleEnvironment.PRODUCTION && appAppleId == null) {
        throw invalid("appAppleId is required in PRODUCTION (App Store Connect, App Information)");
      }
      if (roots.isEmpty()) throw invalid("at least one trusted Apple root certificate is required");
      if (products.isEmpty()) throw invalid("at least one product(type, productId) is required");
      return new AppleIapConfig(this);
    }

    private static UniPayException invalid(String message) {
      return new UniPayException(ErrorCode.CONFIGURATION_INVALID, message);
    }
  }
}
