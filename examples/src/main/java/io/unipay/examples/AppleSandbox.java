package io.unipay.examples;

import io.unipay.apple.AccountTokens;
import io.unipay.apple.AppleEnvironment;
import io.unipay.apple.AppleIapClient;
import io.unipay.apple.AppleIapConfig;
import io.unipay.testkit.apple.AppStoreSimulator;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's App Store: the simulator from {@code uni-pay-testkit} (its own Apple-like CA, the
 * App Store Server API with its key, signed Notifications V2) and an {@link AppleIapClient}
 * configured against it. Every VIP package is an App Store product of the same price, sold for the
 * business type {@link AppleRoutes#type}.
 */
final class AppleSandbox implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AppleSandbox.class);
  static final String BUNDLE = "io.unipay.example.vip";

  private final AppStoreSimulator apple = new AppStoreSimulator(BUNDLE, "Sandbox");
  /** What App Store Connect would say each product costs, in fen. */
  private final Map<String, Long> prices = new LinkedHashMap<>();
  /** Notifications the app acknowledged (HTTP 2xx), per out_trade_no. */
  private final Map<String, AtomicInteger> acknowledged = new ConcurrentHashMap<>();
  final AppleIapClient client;

  AppleSandbox(List<VipPackage> packages) {
    AppleIapConfig.Builder config =
        AppleIapConfig.builder()
            .bundleId(BUNDLE)
            .environment(AppleEnvironment.SANDBOX)
            .rootCertificate(apple.rootCertificate())
            .onlineChecks(false) // the simulator's CA has no OCSP responder
            .serverApi(apple.issuerId(), apple.keyId(), apple.privateKeyPem())
            .apiBaseUrls(apple.apiBaseUrl("Production"), apple.apiBaseUrl("Sandbox"));
    for (VipPackage p : packages) {
      config.product(AppleRoutes.type(p.id()), product(p.id()));
      prices.put(product(p.id()), p.price());
    }
    this.client = new AppleIapClient(config.build());
  }

  /** The App Store product of a VIP package. */
  static String product(String packageId) {
    return BUNDLE + "." + packageId;
  }

  /** See {@link Sandbox#storeKitPurchase}. */
  String purchase(String outTradeNo, String productId, String notifyUrl) {
    UUID token =
        AccountTokens.token(outTradeNo)
            .orElseThrow(() -> new IllegalStateException(outTradeNo + " is not an Apple order"));
    Long fen = prices.get(productId);
    if (fen == null) throw new IllegalStateException("no App Store product " + productId);
    String jws = apple.purchase(token, productId, fen * 10).sign();
    CompletableFuture.runAsync(() -> {
      try {
        int status =
            apple.postNotification(URI.create(notifyUrl), apple.notification("ONE_TIME_CHARGE", jws));
        if (status / 100 == 2) {
          acknowledged.computeIfAbsent(outTradeNo, k -> new AtomicInteger()).incrementAndGet();
        }
      } catch (RuntimeException e) {
        log.warn("sandbox App Store: ONE_TIME_CHARGE for {} not delivered: {}", outTradeNo, e.toString());
      }
    });
    return jws;
  }

  /** How many of Apple's notifications about an order the app acknowledged. */
  long acknowledged(String outTradeNo) {
    AtomicInteger n = acknowledged.get(outTradeNo);
    return n == null ? 0 : n.get();
  }

  @Override
  public void close() {
    client.close();
    apple.close();
  }
}
