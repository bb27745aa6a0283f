package io.unipay.alipay;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.bill.BillRow;
import io.unipay.core.bill.TradeBill;
import io.unipay.core.fake.MutableClock;
import io.unipay.testkit.alipay.AlipaySimulator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An Alipay trade bill of a million lines (about 300 MB of GBK text in the ZIP) read through
 * {@link AlipayClient#openTradeBill} in a JVM of 64 MB heap: it only completes if the download,
 * the ZIP entries and the parser all stream. Run by this module's {@code bounded-heap} surefire
 * execution ({@code -Xmx64m}); nothing about time is asserted.
 */
@Tag("bounded-heap")
class LargeTradeBillBoundedHeapTest {
  private static final long LINES = 1_000_000;

  @Test
  void aMillionLineBillIsReadInBoundedHeap() {
    assertThat(Runtime.getRuntime().maxMemory())
        .as("this test proves bounded memory only under the bounded-heap execution (-Xmx64m)")
        .isLessThanOrEqualTo(80L * 1024 * 1024);
    MutableClock clock = new MutableClock(AlipayTradeBillClientTest.NEXT_NOON);
    try (AlipaySimulator alipay = AlipaySimulator.builder().clock(clock).start();
        AlipayClient client =
            new AlipayClient(
                AlipayConfig.builder()
                    .appId(alipay.appId())
                    .appPrivateKey(TestKeys.pkcs1Pem(alipay.appPrivateKeyPem()))
                    .alipayPublicKey(TestKeys.bare(alipay.alipayPublicKeyPem()))
                    .gatewayUrl(alipay.gatewayUrl())
                    .clock(clock)
                    .build())) {
      alipay.bills().synthetic(AlipayTradeBillClientTest.DAY, LINES);
      long rows = 0;
      long total = 0;
      try (TradeBill bill = client.openTradeBill(AlipayTradeBillClientTest.DAY)) {
        for (BillRow row; (row = bill.next()) != null; ) {
          rows++;
          total += row.amount();
        }
        assertThat(bill.summary().rows()).isEqualTo(LINES);
        assertThat(bill.summary().paymentTotal()).isEqualTo(total);
      }
      long expected = 0;
      for (long n = 0; n < LINES; n++) expected += 1 + (n * 7919) % 9_999;
      assertThat(rows).isEqualTo(LINES);
      assertThat(total).isEqualTo(expected);
    }
  }
}
