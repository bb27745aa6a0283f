package io.unipay.examples.boot;

import io.unipay.core.UniPayException;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns failures of the JSON API into JSON answers: 400 for bad input, 404 for an unknown order,
 * 502/503 when the provider failed or is unreachable. A 5xx answer carries only the error code and
 * a correlation id; the details are logged under that id.
 */
@RestControllerAdvice(assignableTypes = {OrderController.class, SandboxController.class})
public class ApiErrors {
  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

  @ExceptionHandler(OrderController.BadRequest.class)
  ResponseEntity<Map<String, String>> badRequest(OrderController.BadRequest e) {
    return ResponseEntity.badRequest()
        .body(Map.of("error", "INVALID_ARGUMENT", "message", e.getMessage()));
  }

  @ExceptionHandler(UniPayException.class)
  ResponseEntity<Map<String, String>> uniPay(UniPayException e) {
    HttpStatus status =
        switch (e.code()) {
          case INVALID_ARGUMENT, UNKNOWN_TYPE -> HttpStatus.BAD_REQUEST;
          case ORDER_NOT_FOUND -> HttpStatus.NOT_FOUND;
          case ORDER_ALREADY_PAID, ORDER_CLOSED -> HttpStatus.CONFLICT;
          case PROVIDER_UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
          case PROVIDER_REJECTED, OUTCOME_UNKNOWN, SIGNATURE_INVALID -> HttpStatus.BAD_GATEWAY;
          default -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    if (status.is4xxClientError()) {
      return ResponseEntity.status(status)
          .body(Map.of("error", e.code().name(), "message", e.getMessage()));
    }
    String correlationId = UUID.randomUUID().toString();
    log.warn("API call failed [{}]", correlationId, e);
    return ResponseEntity.status(status)
        .body(
            Map.of(
                "error", e.code().name(),
                "message", "the payment provider call failed; try again later",
                "correlationId", correlationId));
  }
}
