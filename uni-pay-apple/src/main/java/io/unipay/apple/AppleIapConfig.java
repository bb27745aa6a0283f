package io.unipay.apple;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
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
 *
 * <p>Optional: the App Store Server API ({@link Builder#serverApi}, for confirmations by
 * transaction id and refund reconciliation), the sandbox fallback for App Review ({@link
 * Builder#sandboxFallback}), and the legacy {@code verifyReceipt} for old StoreKit 1 apps ({@link
 * Builder#legacyReceipts}).
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
  private final AppleApiKey apiKey;
  private final Map<AppleEnvironment, URI> apiUrls;
  private final boolean sandboxFallback;
  private final String sharedSecret;
  private final Map<AppleEnvironment, URI> receiptUrls;
  private final Map<String, Long> legacyPrices;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration tokenLifetime;

  private AppleIapConfig(Builder b) {
    this.bundleId = b.bundleId;
    this.appAppleId = b.appAppleId;
    this.environment = b.environment;
    this.rootCertificates = List.copyOf(b.roots);
    this.products = Map.copyOf(b.products);
    this.onlineChecks = b.onlineChecks;
    this.clock = b.clock;
    this.apiKey = b.apiKey;
    this.apiUrls = Map.copyOf(b.apiUrls);
    this.sandboxFallback = b.sandboxFallback;
    this.sharedSecret = b.sharedSecret;
    this.receiptUrls = Map.copyOf(b.receiptUrls);
    this.legacyPrices = Map.copyOf(b.legacyPrices);
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.tokenLifetime = b.tokenLifetime;
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

  /**
   * Whether a transaction of {@code wireName} ({@code Production}, {@code Sandbox}) is accepted:
   * the configured environment's, and with {@link Builder#sandboxFallback} in PRODUCTION also
   * sandbox ones.
   */
  public boolean accepts(String wireName) {
    return environment.wireName().equals(wireName)
        || (sandboxFallback && AppleEnvironment.SANDBOX.wireName().equals(wireName));
  }

  /** Whether the App Store Server API is configured ({@link Builder#serverApi}). */
  public boolean hasServerApi() {
    return apiKey != null;
  }

  /** Whether legacy {@code verifyReceipt} is enabled ({@link Builder#legacyReceipts}). */
  public boolean hasLegacyReceipts() {
    return sharedSecret != null;
  }

  /** Whether production lookups and receipts fall back to the sandbox (App Review). */
  public boolean sandboxFallback() {
    return sandboxFallback;
  }

  /** The App Store Server API base URL of {@code environment}. */
  public URI apiUrl(AppleEnvironment environment) {
    return apiUrls.get(environment);
  }

  /** The {@code verifyReceipt} URL of {@code environment}. */
  public URI receiptUrl(AppleEnvironment environment) {
    return receiptUrls.get(environment);
  }

  /** The price (fen) configured for a product's legacy receipts, or empty. */
  public Optional<Long> legacyPrice(String productId) {
    return Optional.ofNullable(legacyPrices.get(productId));
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration readTimeout() {
    return readTimeout;
  }

  public Duration tokenLifetime() {
    return tokenLifetime;
  }

  AppleApiKey apiKey() {
    return apiKey;
  }

  String sharedSecret() {
    return sharedSecret;
  }

  @Override
  public String toString() {
    return "AppleIapConfig{bundleId=" + bundleId + ", environment=" + environment + ", products="
        + products + ", roots=" + rootCertificates.size() + ", onlineChecks=" + onlineChecks
        + ", serverApi=" + (apiKey == null ? "off" : apiKey) + ", sandboxFallback="
        + sandboxFallback + ", legacyReceipts=" + (sharedSecret == null ? "off" : "on (secret ██)")
        + "}";
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
    private AppleApiKey apiKey;
    private final Map<AppleEnvironment, URI> apiUrls = new LinkedHashMap<>(Map.of(
        AppleEnvironment.PRODUCTION, URI.create("https://api.storekit.apple.com"),
        AppleEnvironment.SANDBOX, URI.create("https://api.storekit-sandbox.apple.com")));
    private boolean sandboxFallback;
    private String sharedSecret;
    private final Map<AppleEnvironment, URI> receiptUrls = new LinkedHashMap<>(Map.of(
        AppleEnvironment.PRODUCTION, URI.create("https://buy.itunes.apple.com/verifyReceipt"),
        AppleEnvironment.SANDBOX, URI.create("https://sandbox.itunes.apple.com/verifyReceipt")));
    private final Map<String, Long> legacyPrices = new LinkedHashMap<>();
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(10);
    private Duration tokenLifetime = Duration.ofMinutes(5);

    private Builder() {}

    /**
     * The App Store Server API key (App Store Connect → Users and Access → Integrations →
     * In-App Purchase): issuer id, key id and the text of the {@code .p8} file. Enables
     * confirmations by transaction id and the reconciliation of Apple's refunds.
     */
    public Builder serverApi(String issuerId, String keyId, String p8PrivateKeyPem) {
      this.apiKey = new AppleApiKey(issuerId, keyId, p8PrivateKeyPem);
      return this;
    }

    /** Other base URLs for the App Store Server API (a simulator); HTTPS or loopback only. */
    public Builder apiBaseUrls(String production, String sandbox) {
      apiUrls.put(AppleEnvironment.PRODUCTION, url("production API base URL", production));
      apiUrls.put(AppleEnvironment.SANDBOX, url("sandbox API base URL", sandbox));
      return this;
    }

    /**
     * App Review (default off): in PRODUCTION, also accept sandbox transactions — a transaction
     * id production does not know (404 {@code 4040010}) is looked up in the sandbox, and a
     * receipt production answers with {@code 21007} is verified in the sandbox. Sandbox purchases
     * cost nothing: anyone with a sandbox or TestFlight account gets the goods free.
     */
    public Builder sandboxFallback(boolean sandboxFallback) {
      this.sandboxFallback = sandboxFallback;
      return this;
    }

    /**
     * Enables the deprecated {@code verifyReceipt} for old StoreKit 1 apps, with the app's shared
     * secret (App Store Connect → the app → App Information → App-Specific Shared Secret). Receipts
     * carry no price: give every product's price with {@link #legacyPrice}.
     */
    public Builder legacyReceipts(String sharedSecret) {
      if (sharedSecret == null || sharedSecret.isBlank() || sharedSecret.length() > 128) {
        throw invalid("legacyReceipts needs the app's shared secret (1..128 chars)");
      }
      this.sharedSecret = sharedSecret;
      return this;
    }

    /** Other {@code verifyReceipt} URLs (a simulator); HTTPS or loopback only. */
    public Builder receiptUrls(String production, String sandbox) {
      receiptUrls.put(AppleEnvironment.PRODUCTION, url("production verifyReceipt URL", production));
      receiptUrls.put(AppleEnvironment.SANDBOX, url("sandbox verifyReceipt URL", sandbox));
      return this;
    }

    /**
     * What a product costs in the order currency, in fen, for legacy receipts (which say neither
     * price nor currency): the amount recorded for a receipt purchase, checked against the order.
     */
    public Builder legacyPrice(String productId, long fen) {
      if (productId == null || !PRODUCT.matcher(productId).matches() || fen <= 0) {
        throw invalid("legacyPrice needs a product id and a positive price in fen");
      }
      legacyPrices.put(productId, fen);
      return this;
    }

    /** Timeouts of API and receipt calls (defaults 5 s to connect, 10 s to read). */
    public Builder timeouts(Duration connect, Duration read) {
      if (connect == null || read == null || connect.isNegative() || connect.isZero()
          || read.isNegative() || read.isZero()) {
        throw invalid("timeouts must be positive");
      }
      this.connectTimeout = connect;
      this.readTimeout = read;
      return this;
    }

    /** How long a bearer token is valid (default 5 minutes; Apple accepts at most 60). */
    public Builder tokenLifetime(Duration lifetime) {
      if (lifetime == null || lifetime.compareTo(Duration.ofMinutes(2)) < 0
          || lifetime.compareTo(Duration.ofMinutes(60)) > 0) {
        throw invalid("tokenLifetime must be 2..60 minutes");
      }
      this.tokenLifetime = lifetime;
      return this;
    }

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
      if (sandboxFallback && environment != AppleEnvironment.PRODUCTION) {
        throw invalid("sandboxFallback is for PRODUCTION (App Review); SANDBOX accepts sandbox"
            + " transactions anyway");
      }
      if (sharedSecret != null) {
        for (String productId : products.values()) {
          if (!legacyPrices.containsKey(productId)) {
            throw invalid("legacyReceipts: give legacyPrice(\"" + productId + "\", fen); receipts"
                + " carry no price");
          }
        }
      }
      return new AppleIapConfig(this);
    }

    /** An absolute URL, HTTPS unless it is on loopback (answers are trusted by TLS). */
    private static URI url(String what, String value) {
      URI uri;
      try {
        uri = value == null ? null : new URI(value.replaceAll("/+$", ""));
      } catch (java.net.URISyntaxException e) {
        uri = null;
      }
      if (uri == null || uri.getHost() == null || uri.getScheme() == null) {
        throw invalid(what + " is not an absolute URL");
      }
      boolean loopback =
          uri.getHost().equals("127.0.0.1") || uri.getHost().equals("localhost")
              || uri.getHost().equals("[::1]");
      if (!uri.getScheme().equals("https") && !(loopback && uri.getScheme().equals("http"))) {
        throw invalid(what + " must be https (http only on loopback, for a simulator)");
      }
      return uri;
    }

    private static UniPayException invalid(String message) {
      return new UniPayException(ErrorCode.CONFIGURATION_INVALID, message);
    }
  }
}
