package io.unipay.core;

/**
 * The provider answered, and said no: a request error or a business refusal. Nothing is in an
 * unknown state; fix the request or show the provider's message. {@link #providerCode()} is the
 * provider's own code, normalised (WeChat {@code SYSTEMERROR} and {@code SYSTEM_ERROR} both read
 * {@code SYSTEM_ERROR}; Alipay gives {@code sub_code} when present, else {@code code}).
 *
 * <p>{@link #verdict()} says what the answer means for the object asked about (design §14.3): only
 * {@link Verdict#NOT_FOUND} and {@link Verdict#REFUSED} are definite. Signature, authorisation,
 * parameter, rate-limit and system errors are {@link Verdict#INCONCLUSIVE}: they say nothing about
 * whether that order, refund or transfer exists, so the engine keeps its state and asks again.
 */
public class ProviderRejectedException extends UniPayException {
  private static final long serialVersionUID = 1L;

  private final String providerCode;
  private final String providerMessage;
  private final int httpStatus;
  private final Verdict verdict;

  /** What a provider's refusal says about the very object a request was about. */
  public enum Verdict {
    /**
     * Nothing: the request was refused for a reason that is not about the object (signature,
     * authorisation, parameters, rate limit, system error, an unknown code, an unsigned answer).
     * The object may or may not exist at the provider.
     */
    INCONCLUSIVE,
    /** A verified answer that the provider has no such object (trade, refund, transfer). */
    NOT_FOUND,
    /**
     * A verified, definite refusal of this very object: it was not and will not be carried out
     * (e.g. the trade is closed, the refund exceeds what is left, the balance does not cover it).
     */
    REFUSED
  }

  /** An {@link Verdict#INCONCLUSIVE} refusal. */
  public ProviderRejectedException(
      String providerCode, String providerMessage, int httpStatus, String message) {
    this(providerCode, providerMessage, httpStatus, message, Verdict.INCONCLUSIVE);
  }

  public ProviderRejectedException(
      String providerCode, String providerMessage, int httpStatus, String message,
      Verdict verdict) {
    super(ErrorCode.PROVIDER_REJECTED, message);
    this.providerCode = providerCode == null ? "" : providerCode;
    this.providerMessage = providerMessage == null ? "" : providerMessage;
    this.httpStatus = httpStatus;
    this.verdict = verdict == null ? Verdict.INCONCLUSIVE : verdict;
  }

  /** What this refusal says about the object asked about; see {@link Verdict}. */
  public Verdict verdict() {
    return verdict;
  }

  /** Whether the answer is definite about the object: {@code NOT_FOUND} or {@code REFUSED}. */
  public boolean isDefinite() {
    return verdict != Verdict.INCONCLUSIVE;
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
