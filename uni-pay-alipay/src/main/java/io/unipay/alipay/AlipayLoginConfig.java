package io.unipay.alipay;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.internal.LogSafe;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Settings of {@link AlipayLogin}: which payer id the app's answers carry (the openid standard or
 * the legacy user id) and the authorize page. Immutable.
 *
 * <pre>{@code
 * AlipayLoginConfig login = AlipayLoginConfig.builder()
 *     .payerId(AlipayLoginConfig.PayerId.OPEN_ID)   // new apps; USER_ID for apps from before
 *     .build();
 * }</pre>
 */
public final class AlipayLoginConfig {
  /** The production authorize page. */
  public static final String PRODUCTION_AUTHORIZE_URL =
      "https://openauth.alipay.com/oauth2/publicAppAuthorize.htm";
  /** The sandbox authorize page. */
  public static final String SANDBOX_AUTHORIZE_URL =
      "https://openauth-sandbox.dl.alipaydev.com/oauth2/publicAppAuthorize.htm";

  /**
   * Which id Alipay gives the app for a payer (features §B13). Alipay moves new apps to the
   * <b>openid standard</b>: their answers and notifications carry {@code open_id} / {@code
   * buyer_open_id} and no {@code user_id}; older apps get the {@code user_id} ({@code 2088…}).
   * The setting must match the app's standard in the Alipay console: the login refuses an answer
   * that lacks the id it expects rather than return an empty one.
   */
  public enum PayerId {
    /** The app is on the openid standard: return {@code open_id}. */
    OPEN_ID,
    /** A legacy app: return {@code user_id} ({@code 2088} and 12 digits). */
    USER_ID
  }

  private final PayerId payerId;
  private final String authorizeUrl;

  private AlipayLoginConfig(Builder b) {
    this.payerId = b.payerId;
    this.authorizeUrl = b.authorizeUrl;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The id the login returns. */
  public PayerId payerId() {
    return payerId;
  }

  /** The authorize page ({@code publicAppAuthorize.htm}) the authorize URLs start with. */
  public String authorizeUrl() {
    return authorizeUrl;
  }

  @Override
  public String toString() {
    return "AlipayLoginConfig{payerId=" + payerId + ", authorizeUrl=" + authorizeUrl + "}";
  }

  /** Collects the settings; {@link #build()} names what is missing. */
  public static final class Builder {
    private PayerId payerId;
    private String authorizeUrl = PRODUCTION_AUTHORIZE_URL;

    private Builder() {}

    /** Which id the app's answers carry. Required: there is no safe default during the move. */
    public Builder payerId(PayerId payerId) {
      if (payerId == null) throw invalid("payerId is required: OPEN_ID or USER_ID");
      this.payerId = payerId;
      return this;
    }

    /**
     * The authorize page: {@link #PRODUCTION_AUTHORIZE_URL} (default), {@link
     * #SANDBOX_AUTHORIZE_URL}, or a simulator's.
     */
    public Builder authorizeUrl(String url) {
      try {
        URI uri = new URI(url == null ? "" : url);
        boolean http = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
        if (!http || uri.getHost() == null || uri.getRawQuery() != null
            || uri.getRawFragment() != null) {
          throw invalid("authorizeUrl must be an http(s) URL without query or fragment: "
              + LogSafe.quote(url));
        }
      } catch (URISyntaxException e) {
        throw invalid("authorizeUrl is not a URL: " + LogSafe.quote(url));
      }
      this.authorizeUrl = url;
      return this;
    }

    /**
     * The configuration.
     *
     * @throws UniPayException {@code CONFIGURATION_INVALID} when {@link #payerId} is not set
     */
    public AlipayLoginConfig build() {
      if (payerId == null) {
        throw invalid("payerId is required: OPEN_ID for apps on Alipay's openid standard (new"
            + " apps), USER_ID for apps that still get 2088… user ids");
      }
      return new AlipayLoginConfig(this);
    }

    private static UniPayException invalid(String message) {
      return new UniPayException(ErrorCode.CONFIGURATION_INVALID, "AlipayLoginConfig: " + message);
    }
  }
}
