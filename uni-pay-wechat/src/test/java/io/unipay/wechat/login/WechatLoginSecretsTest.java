package io.unipay.wechat.login;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.unipay.testkit.wechat.IssuedLoginCode;
import io.unipay.testkit.wechat.WechatLoginFault;
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
 * The app secrets and the session key appear nowhere a host could leak them: not in what the
 * login package logs (slf4j-simple writes to {@code System.err}, teed here, DEBUG on), not in
 * exception messages or stack traces (causes included), not in {@code toString} or JSON.
 */
class WechatLoginSecretsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

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
  void secretsAndSessionKeysAppearInNoLogLineMessageToStringOrJson() throws Exception {
    List<String> secrets = new ArrayList<>();
    try (LoginFixture f = new LoginFixture()) {
      secrets.add(f.wx.secret(LoginFixture.MP));
      secrets.add(f.wx.secret(LoginFixture.OA));
      IssuedLoginCode code = f.wx.issueMiniProgramCode(LoginFixture.MP, "oSecret1", "uSecret1");
      secrets.add(code.sessionKey());

      MiniProgramSession session = f.miniProgram().session(code.code());
      render(session, session.sessionKey(), session.identity(), f.login, f.login.config(),
          f.miniProgram(), f.officialAccount());
      rendered.add(JSON.writeValueAsString(session));
      rendered.add(JSON.writeValueAsString(session.sessionKey()));

      failure(() -> f.miniProgram().session(code.code())); // reused
      failure(() -> f.miniProgram().identify("unknownCode123"));
      String wrong = "ffffffffffffffffffffffffffffffff";
      secrets.add(wrong);
      try (WechatLogin bad = new WechatLogin(f.config(wrong, false))) {
        render(bad, bad.config());
        String fresh = f.wx.issueMiniProgramCode(LoginFixture.MP, "oSecret2", null).code();
        failure(() -> bad.miniProgram(LoginFixture.MP).identify(fresh));
      }
      String next = f.wx.issueMiniProgramCode(LoginFixture.MP, "oSecret3", null).code();
      f.wx.inject(WechatLoginFault.DISCONNECT, 10);
      failure(() -> f.miniProgram().session(next));
      f.wx.clearFaults().inject(WechatLoginFault.MALFORMED_BODY, 1);
      failure(() -> f.miniProgram().session(next));
      f.wx.close();
      failure(() -> f.miniProgram().session(next));
      failure(() -> f.officialAccount().identify(next));
    }

    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).contains("WeChat login for"); // the tee works
    assertThat(rendered).hasSizeGreaterThan(10);
    assertThat(String.join("\n", rendered)).contains("<redacted>");
    for (String secret : secrets) {
      assertThat(logs).doesNotContain(secret);
      for (String text : rendered) assertThat(text).doesNotContain(secret);
    }
  }

  private void render(Object... objects) {
    for (Object o : objects) rendered.add(String.valueOf(o));
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
