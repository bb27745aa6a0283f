package io.unipay.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.UniPayException;
import io.unipay.core.order.PayType;
import io.unipay.core.spi.PrepayRequest;
import io.unipay.testkit.wechat.Fault;
import io.unipay.wechat.internal.ErrorCodes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** What each kind of failure becomes, and that no failure message leaks a secret. */
class WechatPayClientErrorTest {

  @Test
  void paramErrorIsAProviderRejectionWithItsDetail() {
    try (Harness h = new Harness("public-key")) {
      assertThatThrownBy(() -> h.client.prepay(h.order("short", PayType.NATIVE, 100)))
          .isInstanceOfSatisfying(
              ProviderRejectedException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_REJECTED);
                assertThat(e.providerCode()).isEqualTo("PARAM_ERROR");
                assertThat(e.httpStatus()).isEqualTo(400);
                assertThat(e.getMessage()).contains("prepay out_trade_no=short", "/out_trade_no");
                assertNoSecrets(h, e);
              });
    }
  }

  @Test
  void reusedOutTradeNoWithOtherParametersIsRejected() {
    try (Harness h = new Harness("public-key")) {
      h.client.prepay(h.order("reused000001", PayType.NATIVE, 100));

      assertThatThrownBy(() -> h.client.prepay(h.order("reused000001", PayType.NATIVE, 200)))
          .isInstanceOfSatisfying(
              ProviderRejectedException.class,
              e -> assertThat(e.providerCode()).isEqualTo("OUT_TRADE_NO_USED"));
    }
  }

  @Test
  void serverErrorMeansTheOutcomeIsUnknown() {
    try (Harness h = new Harness("public-key")) {
      h.sim.inject(Fault.SERVER_ERROR, 2);

      assertCode(
          () -> h.client.prepay(h.order("fivexx000001", PayType.NATIVE, 100)),
          ErrorCode.OUTCOME_UNKNOWN,
          h);
      assertCode(() -> h.client.close("fivexx000001"), ErrorCode.OUTCOME_UNKNOWN, h);
    }
  }

  @Test
  void readTimeoutAfterSendingMeansTheOutcomeIsUnknown() {
    try (Harness h =
        new Harness(
            "public-key",
            s -> s.slowResponseDelay(Duration.ofMillis(1500)),
            c -> c.readTimeout(Duration.ofMillis(300)))) {
      h.sim.inject(Fault.SLOW_RESPONSE, 1);

      assertCode(
          () -> h.client.prepay(h.order("slow00000001", PayType.NATIVE, 100)),
          ErrorCode.OUTCOME_UNKNOWN,
          h);
      assertThat(h.sim.trade("slow00000001")).as("the simulator did create the trade").isPresent();
    }
  }

  @Test
  void connectionResetAfterSendingMeansTheOutcomeIsUnknown() {
    try (Harness h = new Harness("public-key")) {
      h.sim.inject(Fault.CONNECTION_RESET, 1);

      assertCode(
          () -> h.client.prepay(h.order("reset0000001", PayType.NATIVE, 100)),
          ErrorCode.OUTCOME_UNKNOWN,
          h);
      assertThat(h.sim.trade("reset0000001")).isPresent();
    }
  }

  @Test
  void connectionRefusedMeansTheProviderIsUnavailable() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    WechatPayConfig config = Fixtures.publicKeyMode().baseUrl("http://127.0.0.1:" + port).build();
    try (WechatPayClient client = new WechatPayClient(config)) {
      assertThatThrownBy(() -> client.query("refused00001"))
          .isInstanceOfSatisfying(
              UniPayException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
                assertThat(e.getMessage())
                    .contains("query out_trade_no=refused00001", "nothing was sent");
              });
    }
  }

  @Test
  void responsesThatDoNotVerifyAreSignatureInvalid() {
    try (Harness h = new Harness("public-key")) {
      h.client.prepay(h.order("badsig000001", PayType.NATIVE, 100));
      h.sim.inject(Fault.BAD_RESPONSE_SIGNATURE, 1);
      h.sim.inject(Fault.UNSIGNED_RESPONSE, 1);
      h.sim.inject(Fault.STALE_RESPONSE_TIMESTAMP, 1);

      // close answers 204 with an empty body: that, too, must be signed
      assertCode(() -> h.client.close("badsig000001"), ErrorCode.SIGNATURE_INVALID, h);
      assertCode(() -> h.client.query("badsig000001"), ErrorCode.SIGNATURE_INVALID, h);
      assertCode(() -> h.client.query("badsig000001"), ErrorCode.SIGNATURE_INVALID, h);
      assertThat(h.client.close("badsig000001")).isNotNull();
    }
  }

  @Test
  void responseSignedUnderAnotherKeyIdIsSignatureInvalid() {
    try (Harness h = new Harness("certificate", s -> s, c -> c)) {
      // the client only knows the public key; the simulator signs with its certificate serial
      WechatPayConfig publicKeyOnly = Fixtures.forSimulator(h.sim, "public-key").build();
      try (WechatPayClient client = new WechatPayClient(publicKeyOnly)) {
        assertThatThrownBy(() -> client.query("anything0001"))
            .isInstanceOfSatisfying(
                UniPayException.class,
                e -> {
                  assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID);
                  assertThat(e.getMessage()).contains("UNKNOWN_SERIAL");
                });
      }
    }
  }

  @Test
  void rateLimitFromTheSimulatorMeansTheProviderIsUnavailableAndNothingHappened() {
    try (Harness h = new Harness("public-key")) {
      h.sim.inject(Fault.RATE_LIMITED, 1);

      assertCode(
          () -> h.client.prepay(h.order("limited00002", PayType.NATIVE, 100)),
          ErrorCode.PROVIDER_UNAVAILABLE,
          h);
      assertThat(h.sim.trade("limited00002")).isEmpty();
    }
  }

  @Test
  void rateLimitMeansTheProviderIsUnavailable() throws IOException {
    try (MockWebServer server = new MockWebServer()) {
      server.start(InetAddress.getLoopbackAddress(), 0);
      server.enqueue(
          new MockResponse.Builder()
              .code(429)
              .body("{\"code\":\"FREQUENCY_LIMITED\",\"message\":\"频率超限\"}")
              .build());
      try (WechatPayClient client =
          new WechatPayClient(
              Fixtures.publicKeyMode().baseUrl(server.url("/").toString()).build())) {
        assertThatThrownBy(() -> client.query("limited00001"))
            .isInstanceOfSatisfying(
                UniPayException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
      }
    }
  }

  @Test
  void
      systemErrorInAFourHundredAnswerStillMeansUnknownAndUnsignedCodesAreNormalisedButInconclusive()
          throws IOException {
    try (MockWebServer server = new MockWebServer()) {
      server.start(InetAddress.getLoopbackAddress(), 0);
      server.enqueue(
          new MockResponse.Builder()
              .code(400)
              .body("{\"code\":\"SYSTEMERROR\",\"message\":\"x\"}")
              .build());
      server.enqueue(
          new MockResponse.Builder()
              .code(403)
              .body("{\"code\":\"NOTENOUGH\",\"message\":\"余额不足\"}")
              .build());
      server.enqueue(
          new MockResponse.Builder()
              .code(404)
              .body("{\"code\":\"ORDERNOTEXIST\",\"message\":\"订单不存在\"}")
              .build());
      try (WechatPayClient client =
          new WechatPayClient(
              Fixtures.publicKeyMode().baseUrl(server.url("/").toString()).build())) {
        assertThatThrownBy(() -> client.query("syserr000001"))
            .isInstanceOfSatisfying(
                UniPayException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN));
        assertThatThrownBy(() -> client.queryRefund("syserr000001", "r1"))
            .isInstanceOfSatisfying(
                ProviderRejectedException.class,
                e -> {
                  assertThat(e.providerCode()).isEqualTo("NOT_ENOUGH");
                  assertThat(e.providerMessage()).isEqualTo("余额不足");
                });
        assertThatThrownBy(() -> client.query("syserr000001"))
            .as("an unsigned 'no such order' proves nothing (design §14.3)")
            .isInstanceOfSatisfying(
                ProviderRejectedException.class,
                e -> {
                  assertThat(e.providerCode()).isEqualTo("ORDER_NOT_EXIST");
                  assertThat(e.verdict()).isEqualTo(ProviderRejectedException.Verdict.INCONCLUSIVE);
                });
      }
    }
  }

  @Test
  void errorCodeSpellingsAreNormalised() {
    assertThat(ErrorCodes.normalise("SYSTEMERROR")).isEqualTo("SYSTEM_ERROR");
    assertThat(ErrorCodes.normalise("SYSTEM_ERROR")).isEqualTo("SYSTEM_ERROR");
    assertThat(ErrorCodes.normalise("NOTENOUGH")).isEqualTo("NOT_ENOUGH");
    assertThat(ErrorCodes.normalise("ORDERNOTEXIST")).isEqualTo("ORDER_NOT_EXIST");
    assertThat(ErrorCodes.normalise("ORDERPAID")).isEqualTo("ORDER_PAID");
    assertThat(ErrorCodes.normalise("param_error")).isEqualTo("PARAM_ERROR");
    assertThat(ErrorCodes.normalise("SOMETHING_NEW")).isEqualTo("SOMETHING_NEW");
    assertThat(ErrorCodes.normalise(null)).isEmpty();
  }

  @Test
  void requestsTheClientCanRejectItselfNeverReachTheProvider() {
    try (Harness h = new Harness("public-key")) {
      int before = h.sim.requestCount();
      PrepayRequest noOpenid =
          new PrepayRequest(
              "noopenid0001",
              PayType.JSAPI,
              100,
              "CNY",
              "x",
              h.notifyUrl("/n"),
              Instant.now().plusSeconds(600),
              null,
              null,
              null);
      PrepayRequest noIp =
          new PrepayRequest(
              "noip00000001",
              PayType.H5,
              100,
              "CNY",
              "x",
              h.notifyUrl("/n"),
              Instant.now().plusSeconds(600),
              null,
              null,
              null);
      PrepayRequest longDescription =
          new PrepayRequest(
              "longdesc0001",
              PayType.NATIVE,
              100,
              "CNY",
              "商".repeat(43),
              h.notifyUrl("/n"),
              Instant.now().plusSeconds(600),
              null,
              null,
              null);
      PrepayRequest alipayOnly =
          new PrepayRequest(
              "page00000001",
              PayType.PAGE,
              100,
              "CNY",
              "x",
              h.notifyUrl("/n"),
              Instant.now().plusSeconds(600),
              null,
              null,
              null);

      assertCode(() -> h.client.prepay(noOpenid), ErrorCode.INVALID_ARGUMENT, h);
      assertCode(() -> h.client.prepay(noIp), ErrorCode.INVALID_ARGUMENT, h);
      assertCode(() -> h.client.prepay(longDescription), ErrorCode.INVALID_ARGUMENT, h);
      assertCode(() -> h.client.prepay(alipayOnly), ErrorCode.PROVIDER_NOT_CONFIGURED, h);
      assertThat(h.sim.requestCount()).isEqualTo(before);
    }
  }

  @Test
  void timeExpireIsSentInChinaTimeWithANumericOffset() {
    assertThat(
            io.unipay.wechat.internal.Mappings.timeExpire(
                Instant.parse("2018-06-08T02:34:56.789Z")))
        .isEqualTo("2018-06-08T10:34:56+08:00");
  }

  private static void assertCode(ThrowingCallable call, ErrorCode code, Harness h) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            UniPayException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertNoSecrets(h, e);
            });
  }

  static void assertNoSecrets(Harness h, Throwable e) {
    String privateKeyBody = h.sim.merchantPrivateKeyPem().lines().skip(1).findFirst().orElseThrow();
    assertThat(e.getMessage())
        .doesNotContain(h.sim.apiV3Key())
        .doesNotContain(privateKeyBody)
        .doesNotContain("WECHATPAY2-SHA256-RSA2048 mchid")
        .doesNotContain("signature=");
  }
}
