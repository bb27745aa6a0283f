package io.unipay.core;

/**
 * The provider answered, and said no: a request error or a business refusal. Nothing is in an
 * unknown state; fix the request or show the provider's message. {@link #providerCode()} is the
 * provider's own code, normalised (WeChat {@code SYSTEMERROR} and {@code SYSTEM_ERROR} both read
 * {@code SYSTEM_ERROR}; Alipay gives {@code sub_code} when present, else {@code code}).
 */
public class ProviderRejectedException extends UniPayException {
  private static final long serialVersionUID = 1L;

  private final String providerCode;
  private final String providerMessage;
  private final int httpStatus;

  public ProviderRejectedException(
      String providerCode, String providerMessage, int httpStatus, String message) {
    super(ErrorCode.PROVIDER_REJECTED, message);
    this.providerCode = providerCode == null ? "" : providerCode;
    this.providerMessage = providerMessage == null ? "" : providerMessage;
    this.httpStatus = httpStatus;
  }

  /** The provider's error code, e.g. {@code ORDER_NOT_EXIST} or {@code ACQ.TRADE_NOT_EXIST}. */
  public String providerCode() {
    return providerCode;
  }

  /** The provider's human-readable message, as sent. */
  public String providerMessage() {
    return providerMessage;
  }

  /** The HTTP status of the provider's answer (200 for Alipay business errors). */
  public int httpStatus() {
    return httpStatus;
  }
}
