package io.unipay.examples.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * In the {@code sandbox} profile, turns {@code server.port=0} (any free port, as tests ask for)
 * into a concrete free port before the application starts: the simulators post notifications to
 * {@code unipay.notify-base-url}, which names the port, and uni-pay fixes that URL when it is
 * built, before the web server binds. Other profiles, and fixed ports, are left alone.
 */
public class SandboxPort implements EnvironmentPostProcessor {

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    if (!environment.acceptsProfiles(Profiles.of("sandbox"))) return;
    if (!"0".equals(environment.getProperty("server.port"))) return;
    environment
        .getPropertySources()
        .addFirst(new MapPropertySource("sandbox-port", Map.of("server.port", freePort())));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port for the sandbox", e);
    }
  }
}
