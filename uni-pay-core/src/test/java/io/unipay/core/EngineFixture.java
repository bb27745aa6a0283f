package io.unipay.core;

import io.unipay.core.fake.FakePayClient;
import io.unipay.core.fake.MutableClock;
import io.unipay.core.memory.InMemoryOrderRepository;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.NotifyHandler;
import io.unipay.core.spi.PaidEvent;
import io.unipay.core.spi.RefundEvent;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** An engine on the in-memory repository and two fake providers, with a recording handler. */
final class EngineFixture {
  final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
  final InMemoryOrderRepository repository = new InMemoryOrderRepository();
  final FakePayClient wechat = new FakePayClient(Provider.WXPAY);
  final FakePayClient alipay = new FakePayClient(Provider.ALIPAY);
  final RecordingHandler handler = new RecordingHandler();
  final UniPay pay;

  EngineFixture() {
    this(UniPay.builder());
  }

  EngineFixture(UniPay.Builder builder) {
    pay =
        builder
            .repository(repository)
            .payClient(wechat)
            .payClient(alipay)
            .handler("vip", handler)
            .notifyBaseUrl("https://shop.example.com/notify")
            .clock(clock)
            .build();
  }

  CreateOrderResult create(String orderNo, long fee) {
    return create(orderNo, fee, Provider.WXPAY);
  }

  CreateOrderResult create(String orderNo, long fee, Provider provider) {
    return pay.createOrder(
        CreateOrderRequest.builder()
            .type("vip")
            .orderNo(orderNo)
            .provider(provider)
            .payType(PayType.NATIVE)
            .totalFee(fee)
            .description("VIP 30 days")
            .userId("u1")
            .build());
  }

  FakePayClient client(Provider provider) {
    return provider == Provider.WXPAY ? wechat : alipay;
  }

  PayOrder order(String outTradeNo) {
    return repository.find(outTradeNo).orElseThrow();
  }

  /** Counts handler runs; can be told to fail. */
  static final class RecordingHandler implements NotifyHandler {
    final AtomicInteger paidCalls = new AtomicInteger();
    final AtomicInteger failuresLeft = new AtomicInteger();
    final List<PaidEvent> events = new CopyOnWriteArrayList<>();
    final List<RefundEvent> refunds = new CopyOnWriteArrayList<>();

    @Override
    public void onPaid(PaidEvent event) {
      if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new IllegalStateException("business system down");
      }
      paidCalls.incrementAndGet();
      events.add(event);
    }

    final List<RefundEvent> refundsWithoutGrant = new CopyOnWriteArrayList<>();
    final AtomicInteger refundFailuresLeft = new AtomicInteger();

    @Override
    public void onRefunded(RefundEvent event) {
      if (refundFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new IllegalStateException("business system down");
      }
      refunds.add(event);
    }

    @Override
    public void onRefundWithoutGrant(RefundEvent event) {
      refundsWithoutGrant.add(event);
    }
  }
}
