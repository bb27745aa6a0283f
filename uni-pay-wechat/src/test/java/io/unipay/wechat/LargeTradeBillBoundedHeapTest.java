package io.unipay.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.bill.BillRow;
import io.unipay.core.bill.TradeBill;
import io.unipay.core.fake.MutableClock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A trade bill of a million lines (about 280 MB decompressed) read through {@link
 * WechatPayClient#openTradeBill} in a JVM of 64 MB heap: it only completes if the download, the
 * GZIP stream, the hash and the parser all stream. Run by the {@code bounded-heap} surefire
 * execution of this module ({@code -Xmx64m}); nothing about time is asserted.
 */
@Tag("bounded-heap")
class LargeTradeBillBoundedHeapTest {
  private static final long LINES = 1_000_000;

  @Test
  void aMillionLineBillIsReadInBoundedHeap() {
    assertThat(Runtime.getRuntime().maxMemory())
        .as("this test proves bounded memory only under the bounded-heap execution (-Xmx64m)")
        .isLessThanOrEqualTo(80L * 1024 * 1024);
    MutableClock clock = new MutableClock(BillDay.NEXT_MORNING);
    try (Harness h = new Harness("public-key", b -> b.clock(clock), c -> c.clock(clock))) {
      h.sim.bills().synthetic(BillDay.DAY, LINES);
      long rows = 0;
      long total = 0;
      try (TradeBill bill = h.client.openTradeBill(BillDay.DAY)) {
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
