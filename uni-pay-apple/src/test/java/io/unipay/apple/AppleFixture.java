package io.unipay.apple;

import io.unipay.core.CreateOrderRequest;
import io.unipay.core.CreateOrderResult;
import io.unipay.core.UniPay;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.NotifyHandler;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.PaidEvent;
import io.unipay.core.spi.PrepayResult;
import io.unipay.core.spi.RefundEvent;
import io.unipay.testkit.apple.AppStoreSimulator;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One engine with an Apple client trusting the simulator's root and using its App Store Server
 * API, and counting handlers.
 */
final class AppleFixture implements AutoCloseable {
  static final String BUNDLE = "com.example.shop";
  static final String VIP_PRODUCT = "com.example.shop.vip";
  static final String COINS_PRODUCT = "com.example.shop.coins";

  final AppStoreSimulator apple = new AppStoreSimulator(BUNDLE, "Sandbox");
  final AtomicInteger vipGranted = new AtomicInteger();
  final AtomicInteger coinsGranted = new AtomicInteger();
  final AtomicInteger refunded = new AtomicInteger();
  final AtomicInteger refundedWithoutGrant = new AtomicInteger();
  /** How many of the next onRefunded calls throw. */
  final AtomicInteger refundFailures = new AtomicInteger();
  final NotifyReceiver receiver = new NotifyReceiver();
  final AppleIapClient client;
  final UniPay pay;

  AppleFixture(OrderRepository repository) {
    this(repository, b -> {});
  }

  /** With the standard sandbox configuration, changed by {@code customizer}. */
  AppleFixture(OrderRepository repository, Consumer<AppleIapConfig.Builder> customizer) {
    this(repository, (config, sim) -> customizer.accept(config));
  }

  /** With the standard configuration, changed by {@code customizer} knowing the simulator. */
  AppleFixture(
      OrderRepository repository,
      BiConsumer<AppleIapConfig.Builder, AppStoreSimulator> customizer) {
    AppleIapConfig.Builder config = standard(apple);
    customizer.accept(config, apple);
    client = new AppleIapClient(config.build());
    pay =
        UniPay.builder()
            .repository(repository)
            .payClient(client)
            .handler("vip", new Counting(vipGranted))
            .handler("coins", new Counting(coinsGranted))
            .notifyBaseUrl(receiver.baseUrl())
            .build();
    receiver.forwardTo(pay);
  }

  /** The sandbox configuration against {@code apple}: its root, its API key and URLs. */
  static AppleIapConfig.Builder standard(AppStoreSimulator apple) {
    return AppleIapConfig.builder()
        .bundleId(BUNDLE)
        .environment(AppleEnvironment.SANDBOX)
        .rootCertificate(apple.rootCertificate())
        .product("vip", VIP_PRODUCT)
        .product("coins", COINS_PRODUCT)
        .onlineChecks(false)
        .serverApi(apple.issuerId(), apple.keyId(), apple.privateKeyPem())
        .apiBaseUrls(apple.apiBaseUrl("Production"), apple.apiBaseUrl("Sandbox"))
        .receiptUrls(apple.verifyReceiptUrl("Production"), apple.verifyReceiptUrl("Sandbox"));
  }

  /** Creates an Apple order of {@code type} for {@code fen}. */
  CreateOrderResult order(String type, long fen) {
    return pay.createOrder(
        CreateOrderRequest.builder()
            .type(type)
            .orderNo("o" + UUID.randomUUID().toString().replace("-", ""))
            .provider(Provider.APPLEIAP)
            .payType(PayType.IAP)
            .totalFee(fen)
            .description("VIP month")
            .build());
  }

  static UUID token(CreateOrderResult order) {
    return ((PrepayResult.AppleInAppPurchase) order.payload()).appAccountToken();
  }

  URI notifyUrl() {
    return URI.create(pay.notifyUrl(Provider.APPLEIAP, PayType.IAP));
  }

  @Override
  public void close() {
    receiver.close();
    client.close();
    apple.close();
  }

  /** Counts grants of one type, and the refunds of all types. */
  private final class Counting implements NotifyHandler {
    private final AtomicInteger granted;

    Counting(AtomicInteger granted) {
      this.granted = granted;
    }

    @Override
    public void onPaid(PaidEvent event) {
      granted.incrementAndGet();
    }

    @Override
    public void onRefunded(RefundEvent event) {
      if (refundFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new IllegalStateException("business system down");
      }
      refunded.incrementAndGet();
    }

    @Override
    public void onRefundWithoutGrant(RefundEvent event) {
      refundedWithoutGrant.incrementAndGet();
    }
  }
}
