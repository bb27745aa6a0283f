package io.unipay.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.unipay.core.NotifyRejectedException;
import io.unipay.core.NotifyRequest;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.core.spi.RefundSnapshot;
import io.unipay.core.spi.TradeSnapshot;
import io.unipay.testkit.wechat.SignedNotification;
import io.unipay.testkit.wechat.WechatPaySimulator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based fuzzing of the notification parser (issue 13): mutated signed bytes never verify,
 * mutated headers are refused, and re-signed, re-encrypted mutations of the plaintext are parsed
 * faithfully or refused — never another exception, never silently the original.
 */
class NotificationFuzzTest {
  static final String TRADE =
      "{\"mchid\":\"1230000109\",\"appid\":\"wxd678efh567hg6787\",\"out_trade_no\":\"fuzz00000001\","
          + "\"transaction_id\":\"4200000000000000000000000001\",\"trade_type\":\"NATIVE\","
          + "\"trade_state\":\"SUCCESS\",\"success_time\":\"2026-01-01T10:00:00+08:00\","
          + "\"payer\":{\"openid\":\"o1\"},\"amount\":{\"total\":990,\"payer_total\":990,"
          + "\"currency\":\"CNY\",\"payer_currency\":\"CNY\"}}";
  static final String REFUND =
      "{\"mchid\":\"1230000109\",\"out_trade_no\":\"fuzz00000001\",\"transaction_id\":\"42001\","
          + "\"out_refund_no\":\"FRF1\",\"refund_id\":\"50001\",\"refund_status\":\"SUCCESS\","
          + "\"success_time\":\"2026-01-01T10:00:00+08:00\",\"user_received_account\":\"x\","
          + "\"amount\":{\"total\":990,\"refund\":90,\"payer_total\":990,\"payer_refund\":90}}";
  static final AtomicInteger CASES = new AtomicInteger();

  private static WechatPaySimulator sim;
  private static WechatPayClient client;
  private static SignedNotification payment;
  private static long startNanos;

  @BeforeContainer
  static void start() {
    startNanos = System.nanoTime();
    sim = fuzzSimulator();
    client = new WechatPayClient(Fixtures.forSimulator(sim, "public-key").build());
    payment = sim.notification().resource("transaction", TRADE).build();
  }

  @AfterContainer
  static void stop() {
    client.close();
    sim.close();
    System.out.printf(
        "WeChat notification fuzz: %d cases in %d ms%n",
        CASES.get(), (System.nanoTime() - startNanos) / 1_000_000);
  }

  /**
   * A simulator signing with a fresh 1024-bit platform key: real RSA, four times cheaper to sign
   * than 2048 bits, so ten thousand re-signed cases fit the time budget on a shared machine.
   */
  static WechatPaySimulator fuzzSimulator() {
    java.time.Instant now = java.time.Instant.now();
    TestCertificates.Identity platform =
        TestCertificates.create(1024, now.minusSeconds(86400), now.plusSeconds(86400 * 365));
    return WechatPaySimulator.builder()
        .platformKey(
            platform.privateKeyPem(),
            platform.certificatePem(),
            "PUB_KEY_ID_0000000000000000000000000000000001")
        .start();
  }

  private static ProviderNotification parse(Map<String, String> headers, byte[] body) {
    CASES.incrementAndGet();
    try {
      return client.parseNotification(NotifyRequest.post("/notify/wxpay/native", headers, body));
    } catch (NotifyRejectedException e) {
      return null;
    } catch (RuntimeException e) {
      throw new AssertionError("not a NotifyRejectedException: " + e, e);
    }
  }

  @Property(tries = 2000)
  void mutatedSignedBytesNeverVerify(@ForAll long seed) {
    byte[] body = FuzzMutations.mutateBytes(payment.body(), new Random(seed));
    assertThat(parse(payment.headers(), body)).as("a mutated body verified").isNull();
  }

  @Property(tries = 1000)
  void mutatedHeadersAreRefused(@ForAll long seed) {
    Random random = new Random(seed);
    Map<String, String> headers = new LinkedHashMap<>(payment.headers());
    String name =
        new String[] {
              "Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Signature", "Wechatpay-Serial"
            }
            [random.nextInt(4)];
    String value = headers.get(name);
    String mutated =
        switch (random.nextInt(5)) {
          case 0 -> null;
          case 1 -> value + (char) random.nextInt(0x3000);
          case 2 -> value.isEmpty() ? "x" : value.substring(1);
          case 3 -> "\r\nX-Forged: 1\u0000" + value;
          default -> Long.toString(random.nextLong());
        };
    if (mutated == null) headers.remove(name);
    else headers.put(name, mutated);
    assertThat(parse(headers, payment.body())).as(name + " mutated to verify").isNull();
  }

  @Property(tries = 2000)
  void resignedPaymentMutationsAreFaithfulOrRefused(@ForAll long seed) {
    FuzzMutations.Mutated m = FuzzMutations.mutateTree(TRADE, new Random(seed));
    SignedNotification n = sim.notification().resource("transaction", m.json()).build();
    ProviderNotification parsed = parse(n.headers(), n.body());
    if (parsed == null) return;
    if (m.mustReject()) fail("accepted " + m.description());
    assertThat(parsed).isInstanceOf(ProviderNotification.Payment.class);
    assertFaithful(((ProviderNotification.Payment) parsed).trade(), read(m.json()), m);
  }

  @Property(tries = 1500)
  void resignedRefundMutationsAreFaithfulOrRefused(@ForAll long seed) {
    FuzzMutations.Mutated m = FuzzMutations.mutateTree(REFUND, new Random(seed));
    SignedNotification n =
        sim.notification().eventType("REFUND.SUCCESS").resource("refund", m.json()).build();
    ProviderNotification parsed = parse(n.headers(), n.body());
    if (parsed == null) return;
    if (m.mustReject()) fail("accepted " + m.description());
    assertThat(parsed).isInstanceOf(ProviderNotification.RefundResult.class);
    JsonNode json = read(m.json());
    RefundSnapshot refund = ((ProviderNotification.RefundResult) parsed).refund();
    assertThat(FuzzMutations.text(json, "mchid")).isEqualTo("1230000109");
    assertFaithful(refund, json, m);
  }

  static void assertFaithful(TradeSnapshot trade, JsonNode json, FuzzMutations.Mutated m) {
    String why = m.description();
    assertThat(trade.outTradeNo()).as(why).isEqualTo(FuzzMutations.text(json, "out_trade_no"));
    assertThat(trade.transactionId()).as(why).isEqualTo(FuzzMutations.text(json, "transaction_id"));
    assertThat(trade.appId()).as(why).isEqualTo(FuzzMutations.text(json, "appid"));
    assertThat(trade.merchantId()).as(why).isEqualTo(FuzzMutations.text(json, "mchid"));
    assertThat(trade.payerId()).as(why).isEqualTo(FuzzMutations.text(json, "payer.openid"));
    assertThat(trade.totalFee()).as(why).isEqualTo(FuzzMutations.amount(json, "amount.total"));
    assertThat(FuzzMutations.amount(json, "amount.payer_total")).as(why).isNotNull();
    assertThat(trade.state().name())
        .as(why)
        .isEqualTo(
            switch (FuzzMutations.text(json, "trade_state")) {
              case "SUCCESS" -> "PAID";
              case "REFUND" -> "REFUNDED";
              case "NOTPAY", "PAYERROR" -> "NOT_PAID";
              case "USERPAYING" -> "PAYING";
              case "CLOSED", "REVOKED" -> "CLOSED";
              default -> "unknown state accepted";
            });
    assertThat(trade.raw()).isEqualTo(m.json());
  }

  static void assertFaithful(RefundSnapshot refund, JsonNode json, FuzzMutations.Mutated m) {
    String why = m.description();
    assertThat(refund.outRefundNo()).as(why).isEqualTo(FuzzMutations.text(json, "out_refund_no"));
    assertThat(refund.outTradeNo()).as(why).isEqualTo(FuzzMutations.text(json, "out_trade_no"));
    assertThat(refund.refundId()).as(why).isEqualTo(FuzzMutations.text(json, "refund_id"));
    assertThat(refund.refundFee()).as(why).isEqualTo(FuzzMutations.amount(json, "amount.refund"));
    for (String amount : new String[] {"total", "payer_total", "payer_refund"}) {
      assertThat(FuzzMutations.amount(json, "amount." + amount)).as(why).isNotNull();
    }
    String status = FuzzMutations.text(json, "status");
    if (status == null) status = FuzzMutations.text(json, "refund_status");
    assertThat(refund.status().name()).as(why).isEqualTo(status);
    assertThat(refund.raw()).isEqualTo(m.json());
  }

  static JsonNode read(String json) {
    try {
      return FuzzMutations.JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
