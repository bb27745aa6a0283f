package io.unipay.spring;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of uni-pay under {@code unipay.*}. {@code unipay.wechat.*} and {@code
 * unipay.alipay.*} describe the default account of each provider (a provider is configured when
 * its {@code mchid} / {@code app-id} is set); named accounts will live under {@code
 * unipay.wechat.accounts.<name>.*} later without renaming these.
 *
 * <p>Key and certificate settings accept inline PEM (or bare Base64 for Alipay keys), {@code
 * classpath:...} or {@code file:...}. Secrets are never logged nor shown by {@code toString}.
 */
@ConfigurationProperties("unipay")
public class UniPayProperties {
  /**
   * Public base URL of the notify endpoint as the providers reach it, e.g.
   * https://shop.example.com/pay/notify; the library appends /{provider}/{payType}. Must be https
   * outside the local/dev/test profiles.
   */
  private String notifyBaseUrl;

  /** Path of the built-in Spring MVC notify endpoint: {notify-path}/{provider}/{payType}. */
  private String notifyPath = "/pay/notify";

  /** Whether the Spring MVC notify endpoint is registered (in servlet web applications). */
  private boolean notifyEndpointEnabled = true;

  /** How long a new order may be paid unless the request says otherwise. */
  private Duration defaultExpiry = Duration.ofHours(2);

  /** The largest amount one order may have, in fen. */
  private long maxTotalFee = 1_000_000_000L;

  /** The largest notification body accepted, in bytes. */
  private int maxNotifyBodyBytes = 64 * 1024;

  /** The longest getOrder waits for a notification. */
  private Duration maxAwait = Duration.ofSeconds(20);

  /** How soon after creation the sweeper first queries an unpaid order. */
  private Duration firstCheckDelay = Duration.ofMinutes(1);

  /** Refund a second payment for an already-paid business order automatically. */
  private boolean refundDuplicatePayments = true;

  /** Refund a payment that arrived after its order was closed automatically. */
  private boolean refundLateAfterClose = false;

  private final Jdbc jdbc = new Jdbc();
  private final Wechat wechat = new Wechat();
  private final Alipay alipay = new Alipay();
  private final SweeperSettings sweeper = new SweeperSettings();
  private final HealthSettings health = new HealthSettings();

  public String getNotifyBaseUrl() {
    return notifyBaseUrl;
  }

  public void setNotifyBaseUrl(String notifyBaseUrl) {
    this.notifyBaseUrl = notifyBaseUrl;
  }

  public String getNotifyPath() {
    return notifyPath;
  }

  public void setNotifyPath(String notifyPath) {
    this.notifyPath = notifyPath;
  }

  public boolean isNotifyEndpointEnabled() {
    return notifyEndpointEnabled;
  }

  public void setNotifyEndpointEnabled(boolean notifyEndpointEnabled) {
    this.notifyEndpointEnabled = notifyEndpointEnabled;
  }

  public Duration getDefaultExpiry() {
    return defaultExpiry;
  }

  public void setDefaultExpiry(Duration defaultExpiry) {
    this.defaultExpiry = defaultExpiry;
  }

  public long getMaxTotalFee() {
    return maxTotalFee;
  }

  public void setMaxTotalFee(long maxTotalFee) {
    this.maxTotalFee = maxTotalFee;
  }

  public int getMaxNotifyBodyBytes() {
    return maxNotifyBodyBytes;
  }

  public void setMaxNotifyBodyBytes(int maxNotifyBodyBytes) {
    this.maxNotifyBodyBytes = maxNotifyBodyBytes;
  }

  public Duration getMaxAwait() {
    return maxAwait;
  }

  public void setMaxAwait(Duration maxAwait) {
    this.maxAwait = maxAwait;
  }

  public Duration getFirstCheckDelay() {
    return firstCheckDelay;
  }

  public void setFirstCheckDelay(Duration firstCheckDelay) {
    this.firstCheckDelay = firstCheckDelay;
  }

  public boolean isRefundDuplicatePayments() {
    return refundDuplicatePayments;
  }

  public void setRefundDuplicatePayments(boolean refundDuplicatePayments) {
    this.refundDuplicatePayments = refundDuplicatePayments;
  }

  public boolean isRefundLateAfterClose() {
    return refundLateAfterClose;
  }

  public void setRefundLateAfterClose(boolean refundLateAfterClose) {
    this.refundLateAfterClose = refundLateAfterClose;
  }

  public Jdbc getJdbc() {
    return jdbc;
  }

  public Wechat getWechat() {
    return wechat;
  }

  public Alipay getAlipay() {
    return alipay;
  }

  public SweeperSettings getSweeper() {
    return sweeper;
  }

  public HealthSettings getHealth() {
    return health;
  }

  @Override
  public String toString() {
    return "UniPayProperties{notifyBaseUrl=" + notifyBaseUrl + ", wechat=" + wechat
        + ", alipay=" + alipay + "}";
  }

  /** The order repository on the application's DataSource. */
  public static class Jdbc {
    /**
     * Create the payment tables at startup when missing. Off by default: production databases are
     * usually migrated with Flyway/Liquibase from the DDL resources
     * io/unipay/jdbc/schema/{h2,postgresql,mysql}.sql.
     */
    private boolean createSchema = false;

    public boolean isCreateSchema() {
      return createSchema;
    }

    public void setCreateSchema(boolean createSchema) {
      this.createSchema = createSchema;
    }
  }

  /** The default WeChat Pay merchant account. */
  public static class Wechat {
    /** Merchant id (digits). Setting it configures WeChat Pay. */
    private String mchid;

    /** Merchant API private key (apiclient_key.pem): inline PEM, classpath: or file:. */
    private String merchantPrivateKey;

    /** Serial number of the merchant API certificate (hex). */
    private String merchantSerialNumber;

    /** The APIv3 key: exactly 32 bytes. */
    private String apiV3Key;

    /** The app id used for every pay type without its own. */
    private String appId;

    /** App ids per pay type (jsapi, mp, app, native, h5), e.g. app-ids.mp=wx.... */
    private Map<String, String> appIds = new LinkedHashMap<>();

    /** WeChat Pay public key (public-key mode): inline PEM, classpath: or file:. */
    private String publicKey;

    /** Id of the WeChat Pay public key, PUB_KEY_ID_... (public-key mode). */
    private String publicKeyId;

    /**
     * Certificate mode: download the platform certificates and refresh them in the background.
     * With public-key settings too, both are accepted (WeChat's migration).
     */
    private boolean downloadPlatformCertificates = false;

    /** API base URL (a sandbox or simulator); the production URL by default. */
    private String baseUrl;

    public String getMchid() {
      return mchid;
    }

    public void setMchid(String mchid) {
      this.mchid = mchid;
    }

    public String getMerchantPrivateKey() {
      return merchantPrivateKey;
    }

    public void setMerchantPrivateKey(String merchantPrivateKey) {
      this.merchantPrivateKey = merchantPrivateKey;
    }

    public String getMerchantSerialNumber() {
      return merchantSerialNumber;
    }

    public void setMerchantSerialNumber(String merchantSerialNumber) {
      this.merchantSerialNumber = merchantSerialNumber;
    }

    public String getApiV3Key() {
      return apiV3Key;
    }

    public void setApiV3Key(String apiV3Key) {
      this.apiV3Key = apiV3Key;
    }

    public String getAppId() {
      return appId;
    }

    public void setAppId(String appId) {
      this.appId = appId;
    }

    public Map<String, String> getAppIds() {
      return appIds;
    }

    public void setAppIds(Map<String, String> appIds) {
      this.appIds = appIds;
    }

    public String getPublicKey() {
      return publicKey;
    }

    public void setPublicKey(String publicKey) {
      this.publicKey = publicKey;
    }

    public String getPublicKeyId() {
      return publicKeyId;
    }

    public void setPublicKeyId(String publicKeyId) {
      this.publicKeyId = publicKeyId;
    }

    public boolean isDownloadPlatformCertificates() {
      return downloadPlatformCertificates;
    }

    public void setDownloadPlatformCertificates(boolean downloadPlatformCertificates) {
      this.downloadPlatformCertificates = downloadPlatformCertificates;
    }

    public String getBaseUrl() {
      return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
    }

    @Override
    public String toString() {
      return "Wechat{mchid=" + mchid + ", merchantSerialNumber=" + merchantSerialNumber
          + ", appId=" + appId + ", appIds=" + appIds + ", publicKeyId=" + publicKeyId
          + ", downloadPlatformCertificates=" + downloadPlatformCertificates
          + ", baseUrl=" + baseUrl + ", secrets=██}";
    }
  }

  /** The default Alipay app. */
  public static class Alipay {
    /** The Alipay app id. Setting it configures Alipay. */
    private String appId;

    /** The app private key: inline PEM or bare Base64, classpath: or file:. */
    private String appPrivateKey;

    /** Seller id (2088...), checked against notifications when set. */
    private String sellerId;

    /** Alipay public key (public-key mode): inline PEM or bare Base64, classpath: or file:. */
    private String alipayPublicKey;

    /** App public key certificate (certificate mode): inline PEM, classpath: or file:. */
    private String appCert;

    /** Alipay public key certificate (certificate mode): inline PEM, classpath: or file:. */
    private String alipayPublicCert;

    /** Alipay root certificate bundle (certificate mode): inline PEM, classpath: or file:. */
    private String alipayRootCert;

    /** Gateway URL (sandbox or simulator); the production gateway by default. */
    private String gatewayUrl;

    public String getAppId() {
      return appId;
    }

    public void setAppId(String appId) {
      this.appId = appId;
    }

    public String getAppPrivateKey() {
      return appPrivateKey;
    }

    public void setAppPrivateKey(String appPrivateKey) {
      this.appPrivateKey = appPrivateKey;
    }

    public String getSellerId() {
      return sellerId;
    }

    public void setSellerId(String sellerId) {
      this.sellerId = sellerId;
    }

    public String getAlipayPublicKey() {
      return alipayPublicKey;
    }

    public void setAlipayPublicKey(String alipayPublicKey) {
      this.alipayPublicKey = alipayPublicKey;
    }

    public String getAppCert() {
      return appCert;
    }

    public void setAppCert(String appCert) {
      this.appCert = appCert;
    }

    public String getAlipayPublicCert() {
      return alipayPublicCert;
    }

    public void setAlipayPublicCert(String alipayPublicCert) {
      this.alipayPublicCert = alipayPublicCert;
    }

    public String getAlipayRootCert() {
      return alipayRootCert;
    }

    public void setAlipayRootCert(String alipayRootCert) {
      this.alipayRootCert = alipayRootCert;
    }

    public String getGatewayUrl() {
      return gatewayUrl;
    }

    public void setGatewayUrl(String gatewayUrl) {
      this.gatewayUrl = gatewayUrl;
    }

    @Override
    public String toString() {
      return "Alipay{appId=" + appId + ", sellerId=" + sellerId + ", gatewayUrl=" + gatewayUrl
          + ", secrets=██}";
    }
  }

  /** The lifecycle job (lost-notification recovery, expiry, refund reconciliation, purge). */
  public static class SweeperSettings {
    /** Run the sweeper in this application (started once the context is ready). */
    private boolean enabled = true;

    /** Delay between passes. */
    private Duration interval = Duration.ofSeconds(30);

    /** Orders claimed per batch. */
    private int batchSize = 50;

    /** Delete closed, never-paid orders older than this; off when unset. */
    private Duration purgeClosedAfter;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getInterval() {
      return interval;
    }

    public void setInterval(Duration interval) {
      this.interval = interval;
    }

    public int getBatchSize() {
      return batchSize;
    }

    public void setBatchSize(int batchSize) {
      this.batchSize = batchSize;
    }

    public Duration getPurgeClosedAfter() {
      return purgeClosedAfter;
    }

    public void setPurgeClosedAfter(Duration purgeClosedAfter) {
      this.purgeClosedAfter = purgeClosedAfter;
    }
  }

  /** The Actuator health component {@code uniPay}. */
  public static class HealthSettings {
    /** Certificates that expire sooner than this are listed as warnings in the health details. */
    private Duration certificateExpiryWarning = Duration.ofDays(30);

    public Duration getCertificateExpiryWarning() {
      return certificateExpiryWarning;
    }

    public void setCertificateExpiryWarning(Duration certificateExpiryWarning) {
      this.certificateExpiryWarning = certificateExpiryWarning;
    }
  }
}
