package io.unipay.spring;

/**
 * A {@code unipay.*} setting that keeps the application from starting: which property, what is
 * wrong and how to fix it. Messages never contain secret values.
 */
public final class UniPayConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String property;
  private final String fix;

  public UniPayConfigurationException(String property, String problem, String fix) {
    this(property, problem, fix, null);
  }

  public UniPayConfigurationException(
      String property, String problem, String fix, Throwable cause) {
    super(property + ": " + problem + ". " + fix, cause);
    this.property = property;
    this.fix = fix;
  }

  /** The offending property, e.g. {@code unipay.wechat.api-v3-key}. */
  public String property() {
    return property;
  }

  /** What to change. */
  public String fix() {
    return fix;
  }
}
