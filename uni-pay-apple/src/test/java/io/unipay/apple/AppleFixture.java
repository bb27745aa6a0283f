package io.unipay.apple;

import io.unipay.core.CreateOrderRequest;
import io.unipay.core.CreateOrderResult;
import io.unipay.core.UniPay;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.PrepayResult;
import io.unipay.testkit.apple.AppStoreSimulator;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** One engine with an Apple client trusting the simulator's root, and a counting handler. */
final class AppleFixture implements AutoCloseable {
  static final String BUNDLE = "com.example.shop";
  static final String VIP_PRODUCT = "com.example.shop.vip";
  static final String COINS_PRODUCT = "com.example.shop.coins";

  final AppStoreSimulator apple = new AppStoreSimulator(BUNDLE, "Sandbox");
  final AtomicInteger vipGranted = new AtomicInteger();
  final AtomicInteger coinsGranted = new AtomicInteger();
  final NotifyReceiver receiver = new NotifyReceiver();
  final AppleIapClient client;
  final UniPay pay;

  AppleFixture(OrderRepository repository) {
    client =
        new AppleIapClient(
            AppleIapConfig.builder()
                .bundleId(BUNDLE)
                .environment(AppleEnvironment.SANDBOX)
                .rootCertificate(apple.rootCertificate())
                .product("vip", VIP_PRODUCT)
                .product("coins", COINS_PRODUCT)
                .onlineChecks(false)
                .build());
    pay =
        UniPay.builder()
            .repository(repository)
            .payClient(client)
            .handler("vip", event -> vipGranted.incrementAndGet())
            .handler("coins", event -> coinsGranted.incrementAndGet())
            .notifyBaseUrl(receiver.baseUrl())
            .build();
    receiver.forwardTo(pay);
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
  }
}
