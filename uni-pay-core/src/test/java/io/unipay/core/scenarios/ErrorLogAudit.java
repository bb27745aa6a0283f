package io.unipay.core.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Asserts, after every scenario, that no verified payment or refund fact ended only in a log
 * (issue 11): each ERROR line the engine wrote names an order that has a row in the ledger of one
 * of the scenario's engines, or says that nothing was committed (a rollback the provider will
 * redeliver). slf4j-simple writes to whatever {@code System.err} is at the time, so the scenario's
 * output is teed here.
 */
public abstract class ErrorLogAudit {
  private static final Pattern OUT_TRADE_NO = Pattern.compile("\\b(20\\d{12}[0-9A-Za-z]{18})\\b");
  private PrintStream original;
  private ByteArrayOutputStream captured;

  @BeforeEach
  void teeStandardError() {
    EdgeEngine.CREATED.get().clear();
    original = System.err;
    captured = new ByteArrayOutputStream();
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

  /** Releases what the scenario's repositories hold; runs after the audit. */
  protected void releaseRepositories() {}

  @AfterEach
  void everyErrorAboutMoneyHasALedgerRow() {
    try {
      audit();
    } finally {
      releaseRepositories();
    }
  }

  private void audit() {
    System.setErr(original);
    List<String> unaccounted = new ArrayList<>();
    for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.contains(" ERROR io.unipay.core")) continue;
      if (line.contains("rolled back") || line.contains("nothing changed") || line.contains("state kept")
          || line.contains("not recorded")) {
        continue; // nothing committed, nothing acknowledged: the fact comes again
      }
      Matcher m = OUT_TRADE_NO.matcher(line);
      boolean kept = false;
      while (m.find() && !kept) {
        String outTradeNo = m.group(1);
        kept = EdgeEngine.CREATED.get().stream()
            .anyMatch(e -> !e.pay.ledger().events(outTradeNo).isEmpty());
      }
      if (!kept) unaccounted.add(line);
    }
    assertThat(unaccounted).as("ERROR lines about money without a ledger row").isEmpty();
  }
}
