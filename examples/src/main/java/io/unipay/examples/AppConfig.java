package io.unipay.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The example app's settings: a properties file ({@code --config app.properties}) overridden by
 * environment variables ({@code db.url} ↔ {@code UNIPAY_DB_URL}). Nothing is required in sandbox
 * mode; live mode names every missing key at start. Secret values are never printed.
 */
public final class AppConfig {
  private final Properties properties;
  private final Map<String, String> env;

  AppConfig(Properties properties, Map<String, String> env) {
    this.properties = properties;
    this.env = env;
  }

  /** Loads {@code file} (may be null) with the process environment on top. */
  public static AppConfig load(Path file) throws IOException {
    Properties p = new Properties();
    if (file != null) {
      try (InputStream in = Files.newInputStream(file)) {
        p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return new AppConfig(p, System.getenv());
  }

  /** A config from explicit values only (tests). */
  public static AppConfig of(Map<String, String> values) {
    Properties p = new Properties();
    p.putAll(values);
    return new AppConfig(p, Map.of());
  }

  /** The value of {@code key}: the env var {@code UNIPAY_KEY_NAME} wins over the file. */
  public Optional<String> get(String key) {
    String envName = "UNIPAY_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    String value = env.get(envName);
    if (value == null || value.isBlank()) value = properties.getProperty(key);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  public String get(String key, String fallback) {
    return get(key).orElse(fallback);
  }

  /** A required value; the message names the key and its env variable. */
  public String require(String key) {
    return get(key).orElseThrow(() -> new IllegalArgumentException(
        "missing setting '" + key + "' (or env UNIPAY_"
            + key.toUpperCase(Locale.ROOT).replace('.', '_') + ")"));
  }

  public boolean sandbox() {
    String mode = get("mode", "sandbox");
    if (!mode.equals("sandbox") && !mode.equals("live")) {
      throw new IllegalArgumentException("mode must be sandbox or live, was '" + mode + "'");
    }
    return mode.equals("sandbox");
  }

  /**
   * A key or certificate given inline (PEM text or bare Base64) or as a file path: a value that
   * names an existing file is read from it.
   */
  public Optional<String> material(String key) {
    return get(key).map(value -> {
      if (value.startsWith("-----BEGIN")) return value.replace("\\n", "\n");
      Path path = Path.of(value);
      if (value.length() < 4096 && Files.isRegularFile(path)) {
        try {
          return Files.readString(path);
        } catch (IOException e) {
          throw new IllegalArgumentException("cannot read " + key + " from " + path, e);
        }
      }
      return value;
    });
  }
}
