package io.unipay.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code --demo} flow that newcomers and CI run, as a test. */
class DemoTest {

  @Test
  void demoWalksTheWholeFlowAndReportsSuccess() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean ok;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      ok = Demo.run(AppConfig.of(Map.of()), out);
    }
    String output = bytes.toString(StandardCharsets.UTF_8);

    assertThat(ok).as(output).isTrue();
    assertThat(output)
        .contains("packages: 3 on sale")
        .contains("WeChat Native order")
        .contains("status 1 (PAID)")
        .contains("VIP extended")
        .contains("3 duplicate notifications answered success and ignored")
        .contains("Alipay payment settled")
        .contains("FULLY_REFUNDED")
        .contains("VIP days of the refunded package taken back")
        .contains("unknown package rejected: UNKNOWN_PACKAGE")
        .contains("DEMO OK")
        .doesNotContain("DEMO FAILED");
  }
}
