package io.unipay.wechat.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The fields of a notification envelope the decoder needs, read with Jackson's streaming parser
 * in one pass over the raw body (no tree): {@code event_type} and the {@code resource}'s {@code
 * algorithm}, {@code ciphertext}, {@code nonce}, {@code associated_data} and {@code
 * original_type}. Every other value is skipped, still tokenized, so the factory's duplicate-key
 * detection covers the whole body as it does for a tree. A field that is not a JSON string reads
 * as null.
 */
record Envelope(
    String eventType,
    boolean hasResource,
    String algorithm,
    String ciphertext,
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
      String[] resource = new String[5];
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("event_type")) {
          eventType = value == JsonToken.VALUE_STRING ? p.getText() : null;
        } else if (name.equals("resource")) {
          hasResource = value == JsonToken.START_OBJECT;
          if (hasResource) {
            resource = readResource(p);
          } else {
            resource = new String[5];
            p.skipChildren();
          }
        } else {
          p.skipChildren();
        }
      }
      return new Envelope(
          eventType,
          hasResource,
          resource[0],
          resource[1],
          resource[2],
          resource[3],
          resource[4]);
    }
  }

  private static String[] readResource(JsonParser p) throws IOException {
    String[] fields = new String[5];
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
      if (slot >= 0) fields[slot] = value == JsonToken.VALUE_STRING ? p.getText() : null;
      else p.skipChildren();
    }
    return fields;
  }
}
