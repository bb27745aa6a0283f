package io.unipay.core;

import java.util.Objects;

/**
 * The one unchecked exception of uni-pay-java. {@link #code()} says what went wrong in a stable,
 * switchable form; the message names the offending value (never a secret) and how to fix it.
 *
 * <p>Subclasses carry extra facts: {@link ProviderRejectedException} (the provider's own code)
 * and {@link NotifyRejectedException} (why a notification was refused).
 */
public class UniPayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public UniPayException(ErrorCode code, String message) {
    this(code, message, null);
  }

  public UniPayException(ErrorCode code, String message, Throwable cause) {
    super(code + ": " + Objects.requireNonNull(message, "message == null"), cause);
    this.code = Objects.requireNonNull(code, "code == null");
  }

  /** The stable error code. */
  public ErrorCode code() {
    return code;
  }

  /** Shorthand for an {@link ErrorCode#INVALID_ARGUMENT} failure. */
  public static UniPayException invalid(String message) {
    return new UniPayException(ErrorCode.INVALID_ARGUMENT, message);
  }
}
