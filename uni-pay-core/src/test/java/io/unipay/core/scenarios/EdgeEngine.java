package io.unipay.core.scenarios;

import io.unipay.core.CreateOrderRequest;
import io.unipay.core.CreateOrderResult;
import io.unipay.core.UniPay;
import io.unipay.core.fake.FakePayClient;
import io.unipay.core.fake.MutableClock;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.NotifyHandler;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.PaidEvent;
import io.unipay.core.spi.RefundEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * An engine over any repository with two fake providers and a recording handler, for the
 * lifecycle edge scenarios that run on every repository (in-memory, H2, PostgreSQL, MariaDB).
 */
public final class EdgeEngine {
  public final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
  public final FakePayClient wechat = new FakePayClient(Provider.WXPAY);
  public final FakePayClient alipay = new FakePayClient(Provider.ALIPAY);
  public final Handler handler = new Handler();
  public final List<ProviderEvent> surfaced = new CopyOnWriteArrayList<>();
  public final OrderRepository repository;
  public final UniPay pay;

  /** The engines a scenario built, for {@link ErrorLogAudit}. */
  static final ThreadLocal<List<EdgeEngine>> CREATED = ThreadLocal.withInitial(ArrayList::new);

  public EdgeEngine(OrderRepository repository) {
    this(repository, b -> b);
  }

  public EdgeEngine(OrderRepository repository, UnaryOperator<UniPay.Builder> config) {
    this.repository = repository;
    this.pay =
        config
            .apply(
                UniPay.builder()
                    .repository(repository)
                    .payClient(wechat)
                    .payClient(alipay)
                    .handler("vip", handler)
                    .notifyBaseUrl("https://shop.example.com/notify")
                    .ledgerListener(surfaced::add)
                    .clock(clock))
            .build();
    CREATED.get().add(this);
  }

  public CreateOrderResult create(String orderNo, long fee, Provider provider) {
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

  public FakePayClient client(Provider provider) {
    return provider == Provider.WXPAY ? wechat : alipay;
  }

  public PayOrder order(String outTradeNo) {
    return repository.find(outTradeNo).orElseThrow();
  }

  /** Counts handler runs; can be told to fail. */
  public static final class Handler implements NotifyHandler {
    public final AtomicInteger paid = new AtomicInteger();
    public final AtomicInteger paidFailuresLeft = new AtomicInteger();
    public final AtomicInteger refundFailuresLeft = new AtomicInteger();
    public volatile Error errorOnPaid;
    public final List<String> granted = new CopyOnWriteArrayList<>();
    public final List<RefundEvent> revoked = new CopyOnWriteArrayList<>();
    public final List<RefundEvent> ungranted = new CopyOnWriteArrayList<>();

    @Override
    public void onPaid(PaidEvent event) {
      Error error = errorOnPaid;
      if (error != null) {
        errorOnPaid = null;
        throw error;
      }
      if (paidFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new IllegalStateException("business system down");
      }
      paid.incrementAndGet();
      granted.add(event.order().outTradeNo());
    }

    @Override
    public void onRefunded(RefundEvent event) {
      if (refundFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new IllegalStateException("business system down during revoke");
      }
      revoked.add(event);
    }

    @Override
    public void onRefundWithoutGrant(RefundEvent event) {
      ungranted.add(event);
    }
  }
}
