package io.unipay.apple;

/**
 * The App Store environment a client accepts, fixed by configuration. The payload's own {@code
 * environment} is only compared against it, never trusted: Apple's {@code Xcode} and {@code
 * LocalTesting} environments are not offered, because their transactions are not signed by Apple.
 */
public enum AppleEnvironment {
  /** Real purchases, {@code api.storekit.apple.com}. */
  PRODUCTION("Production"),
  /** TestFlight and sandbox accounts, {@code api.storekit-sandbox.apple.com}. */
  SANDBOX("Sandbox");

  private final String wireName;

  AppleEnvironment(String wireName) {
    this.wireName = wireName;
  }

  /** The value Apple writes in a payload's {@code environment} field. */
  public String wireName() {
    return wireName;
  }
}
