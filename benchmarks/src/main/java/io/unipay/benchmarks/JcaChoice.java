package io.unipay.benchmarks;

import io.unipay.core.internal.JcaProviders;
import java.security.Provider;
import java.security.Security;

/**
 * The two providers every crypto benchmark runs on, by {@code @Param} name: {@code jdk} (SunRsaSign
 * for RSA, SunJCE for AES-GCM, what {@code getInstance} without a provider picks) and {@code
 * corretto} (Amazon Corretto Crypto Provider, which must load on this machine).
 */
final class JcaChoice {
  private JcaChoice() {}

  /** The provider for {@code name}; for {@code jdk}, one that hands out the JDK's own services. */
  static Provider named(String name) {
    switch (name) {
      case "jdk":
        return new JdkServices();
      case "corretto":
        JcaProviders.Choice choice =
            JcaProviders.detect(JcaChoice.class.getClassLoader(), JcaProviders.CORRETTO_CLASS);
        if (choice.source() != JcaProviders.Source.CORRETTO) {
          throw new IllegalStateException("Corretto unusable here: " + choice.reason());
        }
        return choice.provider().orElseThrow();
      default:
        throw new IllegalArgumentException("provider must be jdk or corretto: " + name);
    }
  }

  /**
   * The JDK's SHA256withRSA and AES/GCM/NoPadding behind one {@link Provider}, since the clients
   * take one provider for both and, given none, would pick Corretto by themselves. The lookup runs
   * once per thread (the clients cache their {@code Signature}/{@code Cipher}), so it costs nothing
   * per operation.
   */
  static final class JdkServices extends Provider {
    private static final long serialVersionUID = 1L;

    JdkServices() {
      super("JDK", "17", "SunRsaSign and SunJCE");
    }

    @Override
    public Service getService(String type, String algorithm) {
      Provider jdk = Security.getProvider(type.equals("Cipher") ? "SunJCE" : "SunRsaSign");
      return jdk.getService(type, algorithm);
    }
  }
}
