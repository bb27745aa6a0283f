package io.unipay.examples;

/**
 * A provider failure a route answers as a 5xx of its own choosing (e.g. 503 when a login
 * provider cannot be reached): written by {@link Responses} like every 5xx — the code, a generic
 * message and a correlation id; the cause only in the log.
 */
final class ProviderFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int status;
  final String code;

  ProviderFailure(int status, String code, Exception cause) {
    super(code, cause);
    this.status = status;
    this.code = code;
  }
}
