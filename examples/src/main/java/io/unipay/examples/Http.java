package io.unipay.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The small HTTP toolkit the route groups share: reading bounded JSON bodies and query strings,
 * writing JSON and classpath resources. Every parse failure is a {@link BadRequest} with a stable
 * code, never an exception of the JSON library.
 */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int MAX_API_BODY = 16 * 1024;

  private Http() {}

  /** The body as a JSON object, at most {@link #MAX_API_BODY} bytes. */
  static JsonNode jsonBody(HttpExchange ex) throws IOException {
    byte[] body = readBody(ex, MAX_API_BODY);
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || !node.isObject()) {
        throw new BadRequest(400, "MALFORMED_JSON", "body must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new BadRequest(400, "MALFORMED_JSON", "body is not valid JSON");
    }
  }

  /** The raw body, refused with 413 beyond {@code limit} bytes. */
  static byte[] readBody(HttpExchange ex, int limit) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      byte[] body = in.readNBytes(limit + 1);
      if (body.length > limit) {
        throw new BadRequest(413, "BODY_TOO_LARGE", "body larger than " + limit + " bytes");
      }
      return body;
    }
  }

  /** A text field of a JSON body: null when absent or blank (400 when {@code required}). */
  static String text(JsonNode body, String field, boolean required) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull() || node.asText().isBlank()) {
      if (required) throw new BadRequest(400, "INVALID_ARGUMENT", field + " is required");
      return null;
    }
    if (!node.isTextual()) {
      throw new BadRequest(400, "INVALID_ARGUMENT", field + " must be a string");
    }
    return node.asText();
  }

  static long parseLong(String value, String name) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new BadRequest(
          400, "INVALID_ARGUMENT", name + " must be a number, was '" + value + "'");
    }
  }

  /** The decoded query parameters (the last of a repeated name wins). */
  static Map<String, String> query(HttpExchange ex) {
    Map<String, String> out = new LinkedHashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw == null) return out;
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  /**
   * Refuses a state-changing request that is not {@code application/json}: a cross-site HTML form
   * cannot send that type without a CORS preflight, which this server never grants.
   */
  static void requireJson(HttpExchange ex) {
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new BadRequest(415, "UNSUPPORTED_MEDIA_TYPE",
          "state-changing requests must be sent as application/json");
    }
  }

  static void json(HttpExchange ex, int status, Object value) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(value);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
  }

  static void error(HttpExchange ex, int status, String code, String message) throws IOException {
    json(ex, status, Map.of("error", code, "message", message == null ? "" : message));
  }

  /** Writes {@code bytes} as a 200 answer of {@code type}. */
  static void bytes(HttpExchange ex, String type, byte[] bytes) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(200, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
  }

  /** Writes the classpath resource {@code name} (relative to this package), or 404. */
  static void resource(HttpExchange ex, String name, String type) throws IOException {
    try (InputStream in = Http.class.getResourceAsStream(name)) {
      if (in == null) throw new BadRequest(404, "NOT_FOUND", name);
      bytes(ex, type, in.readAllBytes());
    }
  }
}
