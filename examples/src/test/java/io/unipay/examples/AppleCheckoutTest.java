package io.unipay.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.unipay.core.order.Provider;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The VIP packages sold through Apple in sandbox mode: the checkout page's simulated StoreKit
 * purchase, the app's confirmation and Apple's ONE_TIME_CHARGE notification, over real HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppleCheckoutTest {
  private static final Duration NOTIFY_TIMEOUT = Duration.ofSeconds(20);

  private VipRechargeApp app;

  @BeforeAll
  void startApp() throws Exception {
    app = VipRechargeApp.start(AppConfig.of(Map.of(
        "mode", "sandbox",
        "http.port", "0",
        "db.url", "jdbc:h2:mem:apple-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")));
  }

  @AfterAll
  void stopApp() {
    if (app != null) app.close();
  }

  private AppClient newUser() {
    return new AppClient(app.url()).signUp("apple" + UUID.randomUUID().toString().substring(0, 8));
  }

  @Test
  void aPackageBoughtWithTheSimulatedStoreKitPurchaseExtendsTheVipOnce() {
    AppClient user = newUser();
    JsonNode created = user.createOrder("q1", "appleiap", "iap");
    String outTradeNo = created.get("outTradeNo").asText();
    assertThat(created.get("payloadKind").asText()).isEqualTo("AppleInAppPurchase");
    assertThat(created.path("payload").path("productId").asText())
        .isEqualTo("io.unipay.example.vip.q1");
    assertThat(created.path("payload").path("appAccountToken").asText().replace("-", ""))
        .isEqualTo(outTradeNo);

    Instant paidFrom = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String signed = storeKit(user, outTradeNo);
    JsonNode confirmed = confirm(user, outTradeNo, "signedTransaction", signed);

    assertThat(confirmed.get("outcome").asText()).isIn("SETTLED", "ALREADY_SETTLED");
    assertThat(confirmed.get("status").asInt()).isEqualTo(1);
    assertThat(confirmed.get("finishTransaction").asBoolean()).isTrue();
    Eventually.await("Apple's ONE_TIME_CHARGE acknowledged", NOTIFY_TIMEOUT,
        () -> app.providers.sandbox.acknowledgedNotifications(Provider.APPLEIAP, outTradeNo) == 1);
    assertThat(confirm(user, outTradeNo, "transactionId", transactionId(signed))
            .get("outcome").asText())
        .isEqualTo("ALREADY_SETTLED");
    Instant expiry = user.vipExpiry();
    assertThat(expiry).isBetween(paidFrom.plus(Duration.ofDays(90)),
        Instant.now().plus(Duration.ofDays(90)));
    assertThat(user.order(outTradeNo, 0).get("transactionId").asText())
        .isEqualTo(transactionId(signed));
  }

  @Test
  void anotherUsersAppleOrderCannotBePurchasedOrConfirmed() {
    AppClient owner = newUser();
    String outTradeNo = owner.createOrder("m1", "appleiap", "iap").get("outTradeNo").asText();
    AppClient other = newUser();

    assertThat(other.post("/api/apple/" + outTradeNo + "/storekit", "{}").status())
        .isEqualTo(403);
    String signed = storeKit(owner, outTradeNo);
    assertThat(other.post("/api/apple/" + outTradeNo + "/confirm",
        "{\"signedTransaction\":\"" + signed + "\"}").status()).isEqualTo(403);
  }

  @Test
  void aTamperedSignedTransactionIsRefusedAndChangesNothing() {
    AppClient user = newUser();
    JsonNode created = user.createOrder("y1", "appleiap", "iap");
    String outTradeNo = created.get("outTradeNo").asText();
    AppClient stranger = newUser();
    JsonNode strangersOrder = stranger.createOrder("m1", "appleiap", "iap");
    String strangers = strangersOrder.get("outTradeNo").asText();
    String cheap = storeKit(stranger, strangers); // a real purchase of the ¥9.90 package
    String[] parts = cheap.split("\\.");
    String token = strangersOrder.path("payload").path("appAccountToken").asText();
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]));
    assertThat(payload).contains(token);
    payload = payload.replace(token, created.path("payload").path("appAccountToken").asText());
    String tampered = parts[0] + "."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "."
        + parts[2];

    AppClient.Answer answer = user.post("/api/apple/" + outTradeNo + "/confirm",
        "{\"signedTransaction\":\"" + tampered + "\"}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().get("error").asText()).isEqualTo("SIGNATURE_INVALID");
    assertThat(user.order(outTradeNo, 0).get("status").asInt()).isZero();
    assertThat(user.vipExpiry()).isNull();
  }

  @Test
  void theGenericSimulatedPaymentIsRefusedForAnAppleOrder() {
    AppClient user = newUser();
    String outTradeNo = user.createOrder("m1", "appleiap", "iap").get("outTradeNo").asText();

    assertThat(user.post("/api/sandbox/pay/" + outTradeNo, "{}").status()).isEqualTo(409);
  }

  private static String storeKit(AppClient user, String outTradeNo) {
    AppClient.Answer answer = user.post("/api/apple/" + outTradeNo + "/storekit", "{}");
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    return answer.json().get("signedTransaction").asText();
  }

  private static JsonNode confirm(AppClient user, String outTradeNo, String field, String value) {
    AppClient.Answer answer = user.post("/api/apple/" + outTradeNo + "/confirm",
        "{\"" + field + "\":\"" + value + "\"}");
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    return answer.json();
  }

  private static String transactionId(String signed) {
    try {
      return AppClient.JSON.readTree(Base64.getUrlDecoder().decode(signed.split("\\.")[1]))
          .get("transactionId").asText();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
