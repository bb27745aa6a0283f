package io.unipay.apple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.CreateOrderResult;
import io.unipay.core.ErrorCode;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.SettlementOutcome;
import io.unipay.core.UniPayException;
import io.unipay.core.memory.InMemoryOrderRepository;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.Provider;
import io.unipay.testkit.apple.ApiFault;
import io.unipay.testkit.apple.AppStoreSimulator;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Confirmations by transaction id through the simulated App Store Server API, over loopback. */
class AppStoreServerApiTest {
  private AppleFixture f = new AppleFixture(new InMemoryOrderRepository());

  @AfterEach
  void close() {
    f.close();
  }

  private String purchase(CreateOrderResult order) {
    var purchase = f.apple.purchase(AppleFixture.token(order), AppleFixture.VIP_PRODUCT, 9900);
    purchase.sign(); // what the App Store records
    return purchase.transactionId();
  }

  @Test
  void aPurchaseConfirmedByTransactionIdIsFetchedVerifiedAndSettledOnce() {
    CreateOrderResult order = f.order("vip", 990);
    String transactionId = purchase(order);

    assertThat(f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), transactionId))
        .isEqualTo(SettlementOutcome.SETTLED);
    assertThat(f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), transactionId))
        .isEqualTo(SettlementOutcome.ALREADY_SETTLED);

    assertThat(f.vipGranted).hasValue(1);
    assertThat(f.pay.getOrder(order.outTradeNo()).transactionId()).isEqualTo(transactionId);
    assertThat(f.apple.apiCalls()).isEqualTo(2);
    assertThat(f.apple.refusedTokens()).isEmpty();
  }

  @Test
  void aTransactionIdOfAnotherOrdersPurchaseSettlesOnlyThatOrder() {
    CreateOrderResult mine = f.order("vip", 990);
    CreateOrderResult other = f.order("vip", 990);
    String transactionId = purchase(other);

    assertThat(f.pay.confirmPurchase(Provider.APPLEIAP, mine.outTradeNo(), transactionId))
        .isEqualTo(SettlementOutcome.REJECTED);

    assertThat(f.pay.getOrder(mine.outTradeNo()).status()).isEqualTo(OrderStatus.UNPAID);
    assertThat(f.pay.getOrder(other.outTradeNo()).status()).isEqualTo(OrderStatus.PAID);
  }

  @Test
  void theBearerTokenIsSignedES256WithTheKeyIdAndClaimsApplesAudienceTheIssuerAndTheBundle()
      throws Exception {
    AppleBearerTokens tokens =
        new AppleBearerTokens(
            new AppleApiKey(f.apple.issuerId(), f.apple.keyId(), f.apple.privateKeyPem()),
            AppleFixture.BUNDLE, Duration.ofMinutes(5), java.time.Clock.systemUTC());

    String token = tokens.token();
    String[] parts = token.split("\\.");
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
    var claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));

    assertThat(header.path("alg").asText()).isEqualTo("ES256");
    assertThat(header.path("kid").asText()).isEqualTo(f.apple.keyId());
    assertThat(claims.path("iss").asText()).isEqualTo(f.apple.issuerId());
    assertThat(claims.path("aud").asText()).isEqualTo("appstoreconnect-v1");
    assertThat(claims.path("bid").asText()).isEqualTo(AppleFixture.BUNDLE);
    assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(300);
    assertThat(Base64.getUrlDecoder().decode(parts[2])).hasSize(64);
    assertThat(tokens.token()).isSameAs(token); // reused while it is fresh
  }

  @Test
  void aTokenWithAnotherIssuerKeyKeyIdBundleOrAnExpiredOneIsRefusedWith401AndChangesNothing() throws Exception {
    CreateOrderResult order = f.order("vip", 990);
    String transactionId = purchase(order);
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    String otherKey =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(g.generateKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----";
    AppStoreSimulator apple = f.apple;

    assertUnauthorized(order, transactionId,
        b -> b.serverApi(UUID.randomUUID().toString(), apple.keyId(), apple.privateKeyPem()));
    assertUnauthorized(order, transactionId,
        b -> b.serverApi(apple.issuerId(), apple.keyId(), otherKey));
    assertUnauthorized(order, transactionId,
        b -> b.serverApi(apple.issuerId(), "ABCDEFGHIJ", apple.privateKeyPem()));

    assertUnauthorized(order, transactionId, b -> b.bundleId("com.example.other"));
    assertUnauthorized(order, transactionId,
        b -> b.clock(java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofHours(-2))));

    assertThat(apple.refusedTokens())
        .containsExactly("wrong iss", "bad signature", "unknown kid", "wrong bid", "expired");
  }

  private void assertUnauthorized(
      CreateOrderResult order, String transactionId, Consumer<AppleIapConfig.Builder> change) {
    AppleIapConfig.Builder config = AppleFixture.standard(f.apple);
    change.accept(config);
    try (AppleIapClient client = new AppleIapClient(config.build())) {
      assertThatThrownBy(() -> client.verifyPurchase(order.outTradeNo(), transactionId))
          .isInstanceOfSatisfying(ProviderRejectedException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(401);
            assertThat(e.isDefinite()).isFalse();
            assertThat(e.getMessage()).doesNotContain("PRIVATE KEY");
          });
    }
    assertThat(f.pay.getOrder(order.outTradeNo()).status()).isEqualTo(OrderStatus.UNPAID);
  }

  @Test
  void anUnknownTransactionIdIsADefiniteNotFoundAndChangesNothing() {
    CreateOrderResult order = f.order("vip", 990);

    assertThatThrownBy(() -> f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), "42"))
        .isInstanceOfSatisfying(ProviderRejectedException.class, e -> {
          assertThat(e.verdict()).isEqualTo(ProviderRejectedException.Verdict.NOT_FOUND);
          assertThat(e.providerCode()).isEqualTo("4040010");
        });
    assertNothingChanged(order);
  }

  @Test
  void rateLimitsServerErrorsAndTimeoutsAreProviderUnavailableAndChangeNothing() {
    f.close();
    f = new AppleFixture(new InMemoryOrderRepository(),
        b -> b.timeouts(Duration.ofSeconds(2), Duration.ofMillis(700)));
    CreateOrderResult order = f.order("vip", 990);
    String transactionId = purchase(order);

    for (ApiFault fault : new ApiFault[] {ApiFault.RATE_LIMITED, ApiFault.SERVER_ERROR,
        ApiFault.SLOW}) {
      f.apple.failNextApiCall(fault);
      assertThatThrownBy(
              () -> f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), transactionId))
          .as(fault.name())
          .isInstanceOfSatisfying(UniPayException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
      assertNothingChanged(order);
    }
    assertThat(f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), transactionId))
        .isEqualTo(SettlementOutcome.SETTLED);
  }

  @Test
  void anAnswerSignedByAnUntrustedChainOrAboutAnotherTransactionIsRefused() {
    CreateOrderResult order = f.order("vip", 990);
    String transactionId = purchase(order);

    f.apple.failNextApiCall(ApiFault.UNTRUSTED_SIGNATURE);
    assertThatThrownBy(
            () -> f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), transactionId))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID));
    f.apple.failNextApiCall(ApiFault.ANOTHER_TRANSACTION);
    assertThatThrownBy(
            () -> f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), transactionId))
        .isInstanceOfSatisfying(UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN));
    assertNothingChanged(order);
  }

  @Test
  void productionLooksInTheSandboxForAnUnknownTransactionOnlyWhenConfigured() {
    f.close();
    f = new AppleFixture(new InMemoryOrderRepository(),
        b -> b.environment(AppleEnvironment.PRODUCTION).appAppleId(1234567890L));
    CreateOrderResult order = f.order("vip", 990);
    String transactionId = purchase(order); // an App Review purchase: Sandbox

    assertThatThrownBy(
            () -> f.pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), transactionId))
        .isInstanceOfSatisfying(ProviderRejectedException.class,
            e -> assertThat(e.verdict()).isEqualTo(ProviderRejectedException.Verdict.NOT_FOUND));
    assertNothingChanged(order);

    AppleIapConfig.Builder review =
        AppleFixture.standard(f.apple)
            .environment(AppleEnvironment.PRODUCTION).appAppleId(1234567890L)
            .sandboxFallback(true);
    try (AppleIapClient client = new AppleIapClient(review.build())) {
      assertThat(client.verifyPurchase(order.outTradeNo(), transactionId).transactionId())
          .isEqualTo(transactionId);
    }
  }

  @Test
  void withoutTheServerApiATransactionIdCannotBeConfirmed() {
    AppleIapConfig config =
        AppleIapConfig.builder()
            .bundleId(AppleFixture.BUNDLE).environment(AppleEnvironment.SANDBOX)
            .rootCertificate(f.apple.rootCertificate()).product("vip", AppleFixture.VIP_PRODUCT)
            .onlineChecks(false).build();
    try (AppleIapClient client = new AppleIapClient(config)) {
      assertThatThrownBy(() -> client.verifyPurchase("0".repeat(32), "2000000000000001"))
          .isInstanceOfSatisfying(UniPayException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_NOT_CONFIGURED));
    }
  }

  private void assertNothingChanged(CreateOrderResult order) {
    assertThat(f.pay.getOrder(order.outTradeNo()).status()).isEqualTo(OrderStatus.UNPAID);
    assertThat(f.pay.ledger().events(order.outTradeNo())).isEmpty();
    assertThat(f.vipGranted).hasValue(0);
  }
}
