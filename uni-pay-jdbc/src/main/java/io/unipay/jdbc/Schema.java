package io.unipay.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The statements of a dialect's schema script ({@link Dialect#schemaResource()}). */
final class Schema {
  private Schema() {}

  /** The script's statements, without comment lines, in order. */
  static List<String> statements(Dialect dialect) {
    String script;
    try (InputStream in = Schema.class.getResourceAsStream(dialect.schemaResource())) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + dialect.schemaResource());
      }
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dialect.schemaResource(), e);
    }
    String withoutComments =
        script
            .lines()
            .filter(line -> !line.trim().startsWith("--"))
            .collect(Collectors.joining("\n"));
    List<String> statements = new ArrayList<>();
    for (String statement : withoutComments.split(";")) {
      if (!statement.isBlank()) statements.add(statement.trim());
    }
    return statements;
  }
}
