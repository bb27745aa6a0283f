package io.unipay.core.internal;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.security.Provider;
import java.security.Security;
import java.util.Optional;

/**
 * Chooses the JCA provider a channel module uses for RSA and AES-GCM: the one configured, else the
 * Amazon Corretto Crypto Provider (ACCP) when it is on the classpath and its native library loaded
 * and passed its self-tests, else the JDK's providers. ACCP is found reflectively, so it stays an
 * optional dependency, and it is never installed in {@link Security}: the host decides that.
 *
 * <p>Thread-safe. ACCP is looked for once per JVM, on first use.
 */
public final class JcaProviders {
  /** The class ACCP is loaded from. */
  public static final String CORRETTO_CLASS =
      "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";

  /** Where a {@link Choice} came from. */
  public enum Source {
    /** Set in the channel configuration. */
    CONFIGURED,
    /** ACCP found on the classpath and healthy. */
    CORRETTO,
    /** The JDK's providers, in {@link Security} order. */
    JDK_DEFAULT
  }

  /**
   * A chosen provider. {@code provider} is empty for the JDK default (then {@code getInstance}
   * without a provider argument is used); {@code reason} says why, for the log line.
   */
  public record Choice(Optional<Provider> provider, Source source, String reason) {
    /** The provider, or null for the JDK default: the form {@code getInstance} callers want. */
    public Provider orNull() {
      return provider.orElse(null);
    }

    /** For log lines, e.g. {@code AmazonCorrettoCryptoProvider 2.5.0 (found on the classpath)}. */
    @Override
    public String toString() {
      String name =
          provider
              .map(p -> p.getName() + " " + p.getVersionStr())
              .orElse("the JDK providers (" + jdkProviderNames() + ")");
      return name + " (" + reason + ")";
    }
  }

  private JcaProviders() {}

  /**
   * The provider to use: {@code configured} when non-null, else ACCP when it works here, else the
   * JDK default.
   */
  public static Choice choose(Provider configured) {
    if (configured != null) {
      return new Choice(Optional.of(configured), Source.CONFIGURED, "configured");
    }
    return CorrettoHolder.DETECTED;
  }

  /**
   * Looks for ACCP through {@code loader}: the provider when {@code className} loads, has a static
   * {@code INSTANCE}, reports no loading error and passes {@code assertHealthy()}; else the JDK
   * default with the reason. Never throws. {@link #choose} uses {@link #CORRETTO_CLASS} through
   * this class's loader, once.
   */
  public static Choice detect(ClassLoader loader, String className) {
    Class<?> type;
    try {
      type = Class.forName(className, true, loader);
    } catch (ClassNotFoundException e) {
      return jdk("Amazon Corretto Crypto Provider not on the classpath");
    } catch (LinkageError e) {
      return jdk("Amazon Corretto Crypto Provider failed to load: " + e);
    }
    try {
      Field instance = type.getField("INSTANCE");
      Object value = instance.get(null);
      if (!(value instanceof Provider provider)) {
        return jdk(className + ".INSTANCE is not a java.security.Provider");
      }
      Object loadingError = type.getMethod("getLoadingError").invoke(value);
      if (loadingError != null) {
        return jdk("Amazon Corretto Crypto Provider unavailable here: " + loadingError);
      }
      type.getMethod("assertHealthy").invoke(value);
      return new Choice(Optional.of(provider), Source.CORRETTO, "found on the classpath");
    } catch (InvocationTargetException e) {
      return jdk("Amazon Corretto Crypto Provider is not healthy: " + e.getCause());
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return jdk("Amazon Corretto Crypto Provider unusable: " + e);
    }
  }

  private static Choice jdk(String reason) {
    return new Choice(Optional.empty(), Source.JDK_DEFAULT, reason);
  }

  private static String jdkProviderNames() {
    Provider[] rsa = Security.getProviders("Signature.SHA256withRSA");
    Provider[] gcm = Security.getProviders("Cipher.AES/GCM/NoPadding");
    String rsaName = rsa == null ? "none" : rsa[0].getName();
    String gcmName = gcm == null ? "none" : gcm[0].getName();
    return rsaName.equals(gcmName) ? rsaName : rsaName + ", " + gcmName;
  }

  private static final class CorrettoHolder {
    static final Choice DETECTED = detect(JcaProviders.class.getClassLoader(), CORRETTO_CLASS);
  }
}
