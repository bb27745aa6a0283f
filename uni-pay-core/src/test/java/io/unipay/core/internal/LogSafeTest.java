package io.unipay.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {

  @Test
  void lineBreaksAndControlCharactersCannotStartANewLogLine() {
    String forged = "123\r\n2026-12-02 ERROR refund done\u0000\u2028";
    String quoted = LogSafe.quote(forged);
    assertThat(quoted).doesNotContain("\n", "\r", "\u0000", "\u2028");
    assertThat(quoted).isEqualTo("\"123\\u000d\\u000a2026-12-02 ERROR refund done\\u0000\\u2028\"");
  }

  @Test
  void longValuesAreCutAndQuotesEscaped() {
    assertThat(LogSafe.quote("a\"b\\")).isEqualTo("\"a\\\"b\\\\\"");
    assertThat(LogSafe.quote("x".repeat(1000))).hasSize(LogSafe.MAX_CHARS + 3).endsWith("…\"");
    assertThat(LogSafe.quote(null)).isEqualTo("null");
  }
}
