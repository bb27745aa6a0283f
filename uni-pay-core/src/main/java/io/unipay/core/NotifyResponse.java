package io.unipay.core;

import static java.util.Objects.requireNonNull;

/**
 * What the host writes back to the provider, verbatim: status, content type and body. WeChat
 * success is {@code 204} with no body, failure {@code 4xx/5xx} with {@code {"code":"FAIL",...}};
 * Alipay success is {@code 200 success}, failure {@code 200 fail}.
 *
 * @param status HTTP status
 * @param contentType value of the {@code Content-Type} header, or empty for no body
 * @param body the response body, possibly empty
 * @param success whether the notification was accepted (so the provider stops redelivering)
 */
public record NotifyResponse(int status, String contentType, String body, boolean success) {
  public NotifyResponse {
    requireNonNull(contentType, "contentType == null");
    requireNonNull(body, "body == null");
    if (status < 100 || status > 599) throw new IllegalArgumentException("status: " + status);
  }
}
