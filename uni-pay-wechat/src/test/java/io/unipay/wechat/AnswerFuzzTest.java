package io.unipay.wechat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.spi.RefundCommand;
import io.unipay.core.spi.RefundSnapshot;
import io.unipay.core.spi.TradeSnapshot;
import java.io.IOException;
import java.net.InetAddress;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import okio.Buffer;

/**
 * Property-based fuzzing of the API answer parsers through the client (issue 13): a loopback server
 * answers query, refund and refund query with mutated JSON, validly signed; every call ends in a
 * snapshot that faithfully reflects the answer and belongs to the request, or a UniPayException.
 */
class AnswerFuzzTest {
  private static final String KEY_ID = "PUB_KEY_ID_0000000000000000000000000000000002";
  private static final String REFUND_ANSWER =
      "{\"refund_id\":\"50001\",\"out_refund_no\":\"FRF1\",\"transaction_id\":\"42001\","
          + "\"out_trade_no\":\"fuzz00000001\",\"channel\":\"ORIGINAL\",\"status\":\"PROCESSING\","
          + "\"create_time\":\"2026-01-01T10:00:00+08:00\",\"success_time\":null,"
          + "\"amount\":{\"total\":990,\"refund\":90,\"payer_total\":990,\"payer_refund\":90,"
          + "\"currency\":\"CNY\"}}";
  private static final AtomicInteger CASES = new AtomicInteger();
  private static final RefundCommand COMMAND =
      new RefundCommand("fuzz00000001", null, "FRF1", 90, 990, "CNY", null, null);

  private static MockWebServer server;
  private static WechatPayClient client;
  private static PrivateKey platformKey;
  private static volatile byte[] answer = new byte[0];
  private static volatile boolean corruptAfterSigning;
  private static long startNanos;

  @BeforeContainer
  static void start() throws IOException {
    startNanos = System.nanoTime();
    Instant now = Instant.now();
    TestCertificates.Identity platform =
        TestCertificates.create(1024, now.minusSeconds(86400), now.plusSeconds(86400 * 365));
    platformKey = platform.keys().getPrivate();
    server = new MockWebServer();
    server.setServerSocketFactory(io.unipay.testkit.NoDelayServerSocketFactory.INSTANCE);
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return signed(answer);
          }
        });
    server.start(InetAddress.getLoopbackAddress(), 0);
    client =
        new WechatPayClient(
            Fixtures.merchant()
                // A fresh 1024-bit merchant key: requests are signed per case, cheaply.
                .privateKey(
                    TestCertificates.create(1024, now, now.plusSeconds(86400)).privateKeyPem())
                .wechatPayPublicKey(platform.publicKeyPem(), KEY_ID)
                .baseUrl(server.url("/").toString().replaceAll("/$", ""))
                .build());
  }

  @AfterContainer
  static void stop() {
    client.close();
    server.close();
    System.out.printf(
        "WeChat answer fuzz: %d cases in %d ms%n",
        CASES.get(), (System.nanoTime() - startNanos) / 1_000_000);
  }

  private static MockResponse signed(byte[] body) {
    String timestamp = Long.toString(Instant.now().getEpochSecond());
    String nonce = Long.toHexString(System.nanoTime());
    String signature;
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(platformKey);
      rsa.update((timestamp + "\n" + nonce + "\n").getBytes(UTF_8));
      rsa.update(body);
      rsa.update((byte) '\n');
      signature = Base64.getEncoder().encodeToString(rsa.sign());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    byte[] sent = corruptAfterSigning ? FuzzMutations.mutateBytes(body, new Random()) : body;
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .addHeader("Wechatpay-Timestamp", timestamp)
        .addHeader("Wechatpay-Nonce", nonce)
        .addHeader("Wechatpay-Signature", signature)
        .addHeader("Wechatpay-Serial", KEY_ID)
        .body(new Buffer().write(sent))
        .build();
  }

  private static <T> T call(Supplier<T> call) {
    CASES.incrementAndGet();
    try {
      return call.get();
    } catch (UniPayException e) {
      return null;
    } catch (RuntimeException e) {
      throw new AssertionError("not a UniPayException: " + e, e);
    }
  }

  @Property(tries = 1500)
  void queryAnswersAreFaithfulBoundOrRefused(@ForAll long seed) {
    FuzzMutations.Mutated m =
        FuzzMutations.mutateTree(NotificationFuzzTest.TRADE, new Random(seed));
    answer = m.json().getBytes(UTF_8);
    TradeSnapshot trade = call(() -> client.query("fuzz00000001"));
    if (trade == null) return;
    if (m.mustReject()) fail("accepted " + m.description());
    JsonNode json = NotificationFuzzTest.read(m.json());
    NotificationFuzzTest.assertFaithful(trade, json, m);
    assertThat(trade.outTradeNo()).isEqualTo("fuzz00000001");
    if (trade.merchantId() != null) assertThat(trade.merchantId()).isEqualTo("1230000109");
    if (trade.appId() != null) assertThat(trade.appId()).isEqualTo(Fixtures.APPID);
  }

  @Property(tries = 1000)
  void refundAnswersAreFaithfulBoundOrRefused(@ForAll long seed) {
    FuzzMutations.Mutated m = FuzzMutations.mutateTree(REFUND_ANSWER, new Random(seed));
    answer = m.json().getBytes(UTF_8);
    RefundSnapshot refund = call(() -> client.refund(COMMAND));
    if (refund == null) return;
    if (m.mustReject()) fail("accepted " + m.description());
    NotificationFuzzTest.assertFaithful(refund, NotificationFuzzTest.read(m.json()), m);
    assertThat(refund.outRefundNo()).isEqualTo("FRF1");
    assertThat(refund.outTradeNo()).isEqualTo("fuzz00000001");
  }

  @Property(tries = 500)
  void refundQueryAnswersAreFaithfulBoundOrRefused(@ForAll long seed) {
    FuzzMutations.Mutated m = FuzzMutations.mutateTree(REFUND_ANSWER, new Random(seed));
    answer = m.json().getBytes(UTF_8);
    RefundSnapshot refund = call(() -> client.queryRefund("fuzz00000001", "FRF1"));
    if (refund == null) return;
    if (m.mustReject()) fail("accepted " + m.description());
    NotificationFuzzTest.assertFaithful(refund, NotificationFuzzTest.read(m.json()), m);
    assertThat(refund.outRefundNo()).isEqualTo("FRF1");
  }

  @Property(tries = 500)
  void answerBytesChangedAfterSigningNeverVerify(@ForAll long seed) {
    answer = (seed % 2 == 0 ? NotificationFuzzTest.TRADE : REFUND_ANSWER).getBytes(UTF_8);
    corruptAfterSigning = true;
    CASES.incrementAndGet();
    try {
      if (seed % 2 == 0) client.query("fuzz00000001");
      else client.queryRefund("fuzz00000001", "FRF1");
      fail("a body changed after signing verified");
    } catch (UniPayException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID);
    } finally {
      corruptAfterSigning = false;
    }
  }
}
