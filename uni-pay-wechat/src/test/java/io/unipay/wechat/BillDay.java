package io.unipay.wechat;

import io.unipay.core.fake.MutableClock;
import io.unipay.core.order.PayType;
import io.unipay.core.spi.PrepayRequest;
import io.unipay.core.spi.RefundCommand;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A day of trading at the simulator for the bill tests: a clock shared by the simulator and the
 * client, three payments and a partial refund on {@link #DAY}.
 */
final class BillDay {
  static final LocalDate DAY = LocalDate.of(2026, 1, 2);
  /** 09:00 on {@link #DAY}, China time. */
  static final Instant MORNING = Instant.parse("2026-01-02T01:00:00Z");
  /** 10:30 the next day, China time: the bill is ready. */
  static final Instant NEXT_MORNING = Instant.parse("2026-01-03T02:30:00Z");

  final MutableClock clock = new MutableClock(MORNING);

  Harness harness() {
    return new Harness("public-key", b -> b.clock(clock), c -> c.clock(clock));
  }

  static PrepayRequest order(Harness h, String outTradeNo, long fen, String description) {
    return new PrepayRequest(outTradeNo, PayType.NATIVE, fen, "CNY", description,
        h.notifyUrl("/notify/wxpay/native"), MORNING.plus(Duration.ofDays(2)), null, null, null);
  }

  /**
   * BILLPAY00001 (12.34, 09:00), BILLPAY00002 (100.00, "T-shirt, red", 11:00), BILLPAY00003
   * (0.83, 14:00), refund BILLRF000001 of 30.00 on BILLPAY00002 (15:00, SUCCESS); the clock is then
   * at {@link #NEXT_MORNING}.
   */
  void trade(Harness h) {
    h.client.prepay(order(h, "BILLPAY00001", 1234, "VIP 月卡"));
    h.client.prepay(order(h, "BILLPAY00002", 10000, "T-shirt, red"));
    h.client.prepay(order(h, "BILLPAY00003", 83, "小额"));
    h.sim.pay("BILLPAY00001");
    clock.advance(Duration.ofHours(2));
    h.sim.pay("BILLPAY00002");
    clock.advance(Duration.ofHours(3));
    h.sim.pay("BILLPAY00003");
    clock.advance(Duration.ofHours(1));
    h.client.refund(new RefundCommand("BILLPAY00002", null, "BILLRF000001", 3000, 10000, "CNY",
        "size", null));
    h.sim.completeRefund("BILLRF000001", "SUCCESS");
    clock.advance(Duration.between(clock.instant(), NEXT_MORNING));
  }
}
