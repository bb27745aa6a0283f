package io.unipay.apple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AppleValuesTest {

  @Test
  void applePricesConvertToFenOnlyWhenExact() {
    assertThat(AppleMoney.milliToFen(9900)).hasValue(990);
    assertThat(AppleMoney.milliToFen(0)).hasValue(0);
    assertThat(AppleMoney.milliToFen(9905)).isEmpty();
    assertThat(AppleMoney.milliToFen(-10)).isEmpty();
  }

  @Test
  void tokensAndOutTradeNosMapOneToOne() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      UUID token = AccountTokens.newToken(Clock.systemUTC());
      String outTradeNo = AccountTokens.outTradeNo(token);
      assertThat(outTradeNo).matches("[0-9a-f]{32}");
      assertThat(AccountTokens.token(outTradeNo)).contains(token);
      assertThat(AccountTokens.outTradeNoOf(token.toString().toUpperCase())).contains(outTradeNo);
      assertThat(seen.add(outTradeNo)).isTrue();
    }
    assertThat(AccountTokens.token("20260101000000abcdefABCDEF012345")).isEmpty();
    assertThat(AccountTokens.outTradeNoOf("1-1-1-1-1")).isEmpty();
    assertThat(AccountTokens.outTradeNoOf("not a uuid")).isEmpty();
  }

  @Test
  void aConfigurationWithoutRootsProductsOrProductionAppIdIsRefused() {
    AppleIapConfig.Builder noRoot =
        AppleIapConfig.builder().bundleId("com.example.app").environment(AppleEnvironment.SANDBOX)
            .product("vip", "com.example.vip");
    assertThatThrownBy(noRoot::build)
        .isInstanceOfSatisfying(
            UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION_INVALID));
    assertThatThrownBy(
            () -> AppleIapConfig.builder().bundleId("com.example.app")
                .environment(AppleEnvironment.PRODUCTION).product("vip", "com.example.vip")
                .rootCertificate(new byte[] {1, 2, 3}))
        .isInstanceOf(UniPayException.class)
        .hasMessageContaining("root certificate");
  }
  @Test
  void badServerApiKeysUrlsAndLegacySettingsAreRefusedWithoutEchoingSecrets() {
    String secret = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg";
    assertConfigInvalid(() -> AppleIapConfig.builder().serverApi("not-a-uuid", "ABCDEFGHIJ", ""));
    assertConfigInvalid(
        () -> AppleIapConfig.builder().serverApi(UUID.randomUUID().toString(), "short", ""));
    assertThatThrownBy(
            () -> AppleIapConfig.builder().serverApi(
                UUID.randomUUID().toString(), "ABCDEFGHIJ",
                "-----BEGIN PRIVATE KEY-----\n" + secret + "\n-----END PRIVATE KEY-----"))
        .isInstanceOf(UniPayException.class)
        .hasMessageContaining(".p8")
        .hasMessageNotContaining(secret);
    assertConfigInvalid(
        () -> AppleIapConfig.builder().apiBaseUrls("http://api.example.com", "https://x.example"));
    assertConfigInvalid(() -> AppleIapConfig.builder().legacyReceipts(""));
    assertConfigInvalid(
        () -> base().legacyReceipts("s3cr3t").build()); // no legacyPrice for the product
    assertConfigInvalid(() -> base().sandboxFallback(true).build()); // SANDBOX needs none
    assertConfigInvalid(
        () -> AppleIapConfig.builder().tokenLifetime(java.time.Duration.ofMinutes(61)));
  }

  @Test
  void theConfigurationNeverShowsTheKeyOrTheSharedSecret() {
    try (var apple = new io.unipay.testkit.apple.AppStoreSimulator("com.example.app", "Sandbox")) {
      AppleIapConfig config =
          base().serverApi(apple.issuerId(), apple.keyId(), apple.privateKeyPem())
              .legacyReceipts("the-shared-secret").legacyPrice("com.example.vip", 990).build();
      String shown;
      try (AppleIapClient client = new AppleIapClient(config)) {
        shown = config.toString() + client;
      }
      assertThat(shown).contains(apple.keyId()).doesNotContain("the-shared-secret")
          .doesNotContain(apple.privateKeyPem().substring(40, 80));
    }
  }

  @Test
  void refundNumbersNameTheTransactionAndProratedAmountsRoundHalfUpToTheFen() {
    assertThat(AppleRefundFacts.transactionIdOf("appleiap-refund-2000000000000001"))
        .contains("2000000000000001");
    assertThat(AppleRefundFacts.transactionIdOf("20260101abc")).isEmpty();
    assertThat(prorated(990, 50_000)).isEqualTo(495);
    assertThat(prorated(990, 33_333)).isEqualTo(330);
    assertThat(prorated(995, 50_000)).isEqualTo(498); // 497.5 → 498
    assertThat(prorated(990, 100_000)).isEqualTo(990);
  }

  private static long prorated(long fen, int milliPercent) {
    String raw = "{\"transactionId\":\"7\",\"price\":" + fen * 10
        + ",\"currency\":\"CNY\",\"revocationDate\":1,\"revocationType\":\"REFUND_PRORATED\""
        + ",\"revocationPercentage\":" + milliPercent + "}";
    try {
      return AppleRefundFacts.of(AppleTransaction.of(new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(raw))).orElseThrow().refundFee();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static AppleIapConfig.Builder base() {
    try (var apple = new io.unipay.testkit.apple.AppStoreSimulator("com.example.app", "Sandbox")) {
      return AppleIapConfig.builder().bundleId("com.example.app")
          .environment(AppleEnvironment.SANDBOX).product("vip", "com.example.vip")
          .rootCertificate(apple.rootCertificate());
    }
  }

  private static void assertConfigInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION_INVALID));
  }
}
