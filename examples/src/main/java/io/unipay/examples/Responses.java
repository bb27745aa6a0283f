package io.unipay.examples;

import com.sun.net.httpserver.HttpExchange;
import io.unipay.core.UniPayException;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a route throws into its JSON answer: a {@link BadRequest} or an engine error with a
 * 4xx status as its code and message; a 5xx as the code, a generic message and a correlation id,
 * with the details (messages, SQL, stack) only in the log under the same id.
 */
final class Responses {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private Responses() {}

  /** A route's work; may write the answer itself or throw. */
  interface Action {
    void run() throws IOException;
  }

  /** Runs {@code action}, turning its failures into JSON answers; always closes the exchange. */
  static void respond(HttpExchange ex, Action action) {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    try {
      action.run();
    } catch (UniPayException e) {
      int status = switch (e.code()) {
        case ORDER_NOT_FOUND, REFUND_NOT_FOUND -> 404;
        case ORDER_ALREADY_PAID, ORDER_AMOUNT_CONFLICT, ORDER_NOT_REFUNDABLE, REFUND_EXCEEDS_PAID,
            ORDER_CLOSED, BILL_NOT_READY, RECONCILIATION_IN_PROGRESS -> 409;
        case PROVIDER_UNAVAILABLE, OUTCOME_UNKNOWN, PROVIDER_REJECTED, BILL_MALFORMED -> 502;
        case STORAGE_FAILURE, HANDLER_FAILED, CONFIGURATION_INVALID -> 500;
        default -> 400;
      };
      if (status >= 500) serverError(ex, status, e.code().name(), e);
      else quietly(ex, status, e.code().name(), e.getMessage());
    } catch (BadRequest e) {
      quietly(ex, e.status, e.code, e.getMessage());
    } catch (ProviderFailure e) {
      serverError(ex, e.status, e.code, (Exception) e.getCause());
    } catch (RuntimeException e) {
      serverError(ex, 500, "INTERNAL", e);
    } catch (IOException e) {
      log.debug("{} {}: connection failed: {}", method, path, e.toString());
    } finally {
      ex.close();
    }
  }

  /**
   * A 5xx answer: the code, a generic message and a correlation id for the client; what failed
   * (messages, SQL, stack) only in the log, under the same id.
   */
  static void serverError(HttpExchange ex, int status, String code, Exception e) {
    String id = correlationId();
    log.error("[ref {}] {} {} answered {} {}", id, ex.getRequestMethod(),
        ex.getRequestURI().getPath(), status, code, e);
    String message = switch (status) {
      case 502 -> "the payment provider could not be reached or refused; try again later"
          + " (reference " + id + ")";
      case 503 -> "the provider is unavailable; try again later (reference " + id + ")";
      default -> "internal error (reference " + id + ")";
    };
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("error", code);
    out.put("message", message);
    out.put("correlationId", id);
    try {
      ex.getResponseHeaders().set("X-Correlation-Id", id);
      Http.json(ex, status, out);
    } catch (IOException ignored) {
      // the client is gone; the log has it
    }
  }

  private static String correlationId() {
    byte[] raw = new byte[6];
    RANDOM.nextBytes(raw);
    return HexFormat.of().formatHex(raw);
  }

  static void quietly(HttpExchange ex, int status, String code, String message) {
    try {
      Http.error(ex, status, code, message);
    } catch (IOException ignored) {
      // the client is gone
    }
  }
}
