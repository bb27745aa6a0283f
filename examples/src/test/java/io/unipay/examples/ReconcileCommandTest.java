package io.unipay.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.CreateOrderRequest;
import io.unipay.core.UniPay;
import io.unipay.core.fake.FakePayClient;
import io.unipay.core.fake.MutableClock;
import io.unipay.core.memory.InMemoryOrderRepository;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The example's {@code reconcile} command: arguments, the printed report, the exit codes. */
class ReconcileCommandTest {
  private static final LocalDate DAY = LocalDate.of(2026, 12, 1);

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
  private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T04:00:00Z"));
  private final FakePayClient wechat = new FakePayClient(Provider.WXPAY).useClock(clock);
  private final AtomicInteger granted = new AtomicInteger();
  private final UniPay pay =
      UniPay.builder()
          .repository(new InMemoryOrderRepository())
          .payClient(wechat)
          .handler("vip", event -> granted.incrementAndGet())
          .notifyBaseUrl("https://shop.example.com/pay/notify")
          .clock(clock)
          .build();

  @Test
  void aMissingDateIsAUsageErrorThatPrintsTheUsage() throws Exception {
    int code = ReconcileCommand.main(new String[] {"--provider", "wxpay"}, outStream, errStream);

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--date is required")
        .contains(ReconcileCommand.USAGE);
  }

  @Test
  void aMalformedDateIsAUsageError() throws Exception {
    assertThat(ReconcileCommand.main(new String[] {"--date", "2026-13-01"}, outStream, errStream))
        .isEqualTo(2);
    assertThat(ReconcileCommand.main(new String[] {"--date", DAY.toString(), "--provider", "x"},
        outStream, errStream)).isEqualTo(2);
  }

  @Test
  void aLostPaymentIsPrintedAsRepairedAndTheForcedReRunIsClean() {
    String paid = order("A1", 990);
    pay.handleNotify(wechat.pay(paid));
    String lost = order("A2", 1990);
    wechat.pay(lost); // its notification never arrives
    clock.advance(Duration.ofDays(1));

    int code = ReconcileCommand.run(pay, List.of(Provider.WXPAY), DAY, false, outStream, errStream);

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(code).isEqualTo(1);
    assertThat(printed)
        .contains("Reconciliation wxpay 2026-12-01 (run 1, bill RECEIVED")
        .containsPattern("provider +2 +2980 +0 +0 +")
        .containsPattern("local +2 +2980 +0 +0") // read after the repair
        .contains("1 discrepancies, 1 repaired automatically")
        .contains("#1 PAID_AT_PROVIDER_MISSING_LOCALLY " + lost)
        .contains("REPAIRED");
    assertThat(granted).hasValue(2);

    out.reset();
    assertThat(ReconcileCommand.run(pay, List.of(Provider.WXPAY), DAY, true, outStream, errStream))
        .isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("(run 2,").contains("clean");
    assertThat(granted).hasValue(2);
  }

  @Test
  void aBillThatIsNotReadyExitsWithThreeAndSaysWhy() {
    wechat.bills().notReady(DAY, 1);
    clock.advance(Duration.ofDays(1));

    int code = ReconcileCommand.run(pay, List.of(Provider.WXPAY), DAY, false, outStream, errStream);

    assertThat(code).isEqualTo(3);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("BILL_NOT_READY");
  }

  private String order(String orderNo, long fee) {
    return pay.createOrder(CreateOrderRequest.builder().type("vip").orderNo(orderNo)
            .provider(Provider.WXPAY).payType(PayType.NATIVE).totalFee(fee).description("VIP")
            .build())
        .outTradeNo();
  }
}
