package io.unipay.wechat.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The fields of a notification envelope the decoder needs, read with Jackson's streaming parser
 * in one pass over the raw body (no tree): {@code event_type} and the {@code resource}'s {@code
 * algorithm}, {@code ciphertext}, {@code nonce}, {@code associated_data} and {@code
 * original_type}. Every other value is skipped, still tokenized, so the factory's duplicate-key
 * detection covers the whole body as it does for a tree. A field that is not a JSON string reads
 * as null.
 *
 * <p>The ciphertext, the bulk of the body, is not turned into a {@code String}: when its JSON text
 * holds no escape it is a view of the body's own bytes (what the string's characters are, since
 * Base64 is ASCII), else the Latin-1 bytes of its unescaped text, which is what {@link
 * java.util.Base64.Decoder#decode(String)} would decode. The parser still tokenizes (and so
 * validates) it.
 */
record Envelope(
    String eventType,
    boolean hasResource,
    String algorithm,
    ByteBuffer ciphertext,
    String nonce,
    String associatedData,
    String originalType) {

  /** Thrown when the body is not one JSON object. */
  static final class NotAnObject extends Exception {
    private static final long serialVersionUID = 1L;

    NotAnObject() {
      super(null, null, false, false);
    }
  }

  /**
   * Reads {@code body}; {@link IOException} when it is not valid JSON (duplicate keys included),
   * {@link NotAnObject} when it is valid but not an object.
   */
  static Envelope read(JsonFactory factory, byte[] body) throws IOException, NotAnObject {
    try (JsonParser p = factory.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        // Validates the rest as a tree read would, so invalid JSON is reported as such.
        if (p.currentToken() != null) p.skipChildren();
        throw new NotAnObject();
      }
      String eventType = null;
      boolean hasResource = false;
      Object[] resource = new Object[5];
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("event_type")) {
          eventType = value == JsonToken.VALUE_STRING ? p.getText() : null;
        } else if (name.equals("resource")) {
          hasResource = value == JsonToken.START_OBJECT;
          if (hasResource) {
            resource = readResource(p, body);
          } else {
            resource = new Object[5];
            p.skipChildren();
          }
        } else {
          p.skipChildren();
        }
      }
      return new Envelope(
          eventType,
          hasResource,
          (String) resource[0],
          (ByteBuffer) resource[1],
          (String) resource[2],
          (String) resource[3],
          (String) resource[4]);
    }
  }

  private static Object[] readResource(JsonParser p, byte[] body) throws IOException {
    Object[] fields = new Object[5];
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      int slot =
          switch (name) {
            case "algorithm" -> 0;
            case "ciphertext" -> 1;
            case "nonce" -> 2;
            case "associated_data" -> 3;
            case "original_type" -> 4;
            default -> -1;
          };
      if (slot == 1) fields[slot] = value == JsonToken.VALUE_STRING ? base64Text(p, body) : null;
      else if (slot >= 0) fields[slot] = value == JsonToken.VALUE_STRING ? p.getText() : null;
      else p.skipChildren();
    }
    return fields;
  }

  /**
   * The bytes of the current string token's text: a view of {@code body} between the quotes when
   * the token starts at a quote and no backslash comes before the closing one, else its text.
   */
  private static ByteBuffer base64Text(JsonParser p, byte[] body) throws IOException {
    long quote = p.currentTokenLocation().getByteOffset();
    if (quote >= 0 && quote < body.length && body[(int) quote] == '"') {
      int from = (int) quote + 1;
      for (int i = from; i < body.length; i++) {
        byte b = body[i];
        if (b == '"') return ByteBuffer.wrap(body, from, i - from);
        if (b == '\\') break;
      }
    }
    return ByteBuffer.wrap(p.getText().getBytes(StandardCharsets.ISO_8859_1));
  }
}
