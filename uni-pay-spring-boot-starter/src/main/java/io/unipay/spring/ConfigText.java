package io.unipay.spring;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Resolves a key or certificate setting: inline text, or a {@code classpath:} / {@code file:}
 * resource. Only resource locations appear in errors, never the content.
 */
final class ConfigText {
  private final ResourceLoader resources;

  ConfigText(ResourceLoader resources) {
    this.resources = resources;
  }

  /** The text of {@code value}, or null when it is unset or blank. */
  String resolve(String property, String value) {
    if (value == null || value.isBlank()) return null;
    String trimmed = value.strip();
    if (!trimmed.startsWith("classpath:") && !trimmed.startsWith("file:")) return value;
    Resource resource = resources.getResource(trimmed);
    if (!resource.exists()) {
      throw new UniPayConfigurationException(
          property,
          trimmed + " does not exist",
          "Point it at the file (classpath:..., file:/abs/path.pem) or paste the PEM inline");
    }
    try (InputStream in = resource.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UniPayConfigurationException(
          property, trimmed + " cannot be read (" + e.getClass().getSimpleName() + ")",
          "Check the file's permissions", e);
    }
  }

  /** Like {@link #resolve}, but the setting must be present. */
  String required(String property, String value, String fix) {
    String text = resolve(property, value);
    if (text == null) throw new UniPayConfigurationException(property, "is not set", fix);
    return text;
  }
}
