package io.unipay.alipay;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.alipay.AlipayLoginConfig.PayerId;
import io.unipay.testkit.alipay.AlipayLogins;
import io.unipay.testkit.alipay.AlipaySimulator;
import io.unipay.testkit.alipay.Fault;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The app private key and the auth codes appear in no log line (slf4j-simple on {@code
 * System.err}, teed here; the gateway's DEBUG lines on), exception message or stack trace, and no
 * {@code toString} of the login objects.
 */
class AlipayLoginSecretsTest {
  private PrintStream original;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private final List<String> rendered = new ArrayList<>();

  @BeforeEach
  void teeStandardError() {
    original = System.err;
    OutputStream tee =
        new OutputStream() {
          @Override
          public void write(int b) {
            original.write(b);
            captured.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            original.write(b, off, len);
            captured.write(b, off, len);
          }
        };
    System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setErr(original);
  }

  @Test
  void theAppKeyAndTheAuthCodesAppearInNoLogLineMessageOrToString() {
    List<String> secrets = new ArrayList<>();
    try (AlipaySimulator alipay = AlipaySimulator.start()) {
      String keyBody = TestKeys.bare(alipay.appPrivateKeyPem());
      secrets.add(keyBody.substring(64, 128)); // any run of the key's Base64
      AlipayConfig config =
          AlipayConfig.builder()
              .appId(alipay.appId())
              .appPrivateKey(alipay.appPrivateKeyPem())
              .alipayPublicKey(alipay.alipayPublicKeyPem())
              .gatewayUrl(alipay.gatewayUrl())
              .build();
      try (AlipayClient client = new AlipayClient(config)) {
        AlipayLogin login =
            new AlipayLogin(client, AlipayLoginConfig.builder().payerId(PayerId.OPEN_ID).build());
        String used = alipay.logins().issueCode();
        secrets.add(used);
        rendered.add(String.valueOf(login.identify(used)));
        failure(() -> login.identify(used));
        String legacy = alipay.logins().openidStandard(false).issueCode();
        secrets.add(legacy);
        failure(() -> login.identify(legacy));
        String unsigned = alipay.logins().issueCode();
        secrets.add(unsigned);
        alipay.faults().injectFault(AlipayLogins.METHOD, Fault.INVALID_SIGNATURE, 1);
        failure(() -> login.identify(unsigned));
        alipay.faults().injectFault(AlipayLogins.METHOD, Fault.BAD_RESPONSE_SIGNATURE, 1);
        failure(() -> login.identify(unsigned));
        rendered.add(String.valueOf(login));
        rendered.add(String.valueOf(login.config()));
        rendered.add(String.valueOf(config));
      }
    }

    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).contains("unsigned Alipay error response"); // the tee works, DEBUG on
    assertThat(rendered).hasSize(8);
    for (String secret : secrets) {
      assertThat(logs).doesNotContain(secret);
      for (String text : rendered) assertThat(text).doesNotContain(secret);
    }
  }

  private void failure(Runnable call) {
    try {
      call.run();
      throw new AssertionError("expected a failure");
    } catch (RuntimeException e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      rendered.add(trace.toString());
    }
  }
}
