package io.unipay.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one shared, thread-safe ObjectMapper of the core module. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** Whether {@code text} is one well-formed JSON value. */
  public static boolean isValid(String text) {
    try {
      MAPPER.readTree(text);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
