package io.unipay.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.spi.PayClient;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The metering wrapper stays a faithful {@link PayClient}: when the SPI gains a method (default
 * ones included), the wrapper must override it, or the provider's own implementation would be
 * hidden behind the interface's default.
 */
class MeteredPayClientTest {

  @Test
  void meteredClientOverridesEveryPayClientMethodSoTheProvidersOwnCodeAlwaysRuns() {
    List<String> missing =
        Arrays.stream(PayClient.class.getMethods())
            .filter(m -> !Modifier.isStatic(m.getModifiers()))
            .filter(m -> !overridden(m))
            .map(Method::toString)
            .toList();

    assertThat(missing).as("PayClient methods MeteredPayClient does not delegate").isEmpty();
  }

  private static boolean overridden(Method method) {
    try {
      MeteredPayClient.class.getDeclaredMethod(method.getName(), method.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
