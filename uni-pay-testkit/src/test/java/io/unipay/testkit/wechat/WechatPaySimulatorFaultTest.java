package io.unipay.testkit.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Faults aimed at one endpoint, before or after applying, and the simulator's truth. */
class WechatPaySimulatorFaultTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REFUND =
      "{\"out_trade_no\":\"faulttrade01\",\"out_refund_no\":\"%s\","
          + "\"amount\":{\"refund\":30,\"total\":100,\"currency\":\"CNY\"}}";
  private static final Map<Fault, Integer> STATUS =
      Map.of(
          Fault.SERVER_ERROR, 500,
          Fault.RATE_LIMITED, 429,
          Fault.SIGN_ERROR, 401,
          Fault.NO_AUTH, 403,
          Fault.UNKNOWN_ERROR_CODE, 400);

  private WechatPaySimulator sim;
  private MerchantCalls merchant;

  @BeforeEach
  void start() {
    sim = WechatPaySimulator.builder().slowResponseDelay(Duration.ofMillis(50)).start();
    merchant = new MerchantCalls(sim, Clock.systemUTC());
    merchant.post(
        "/v3/pay/transactions/jsapi",
        MerchantCalls.jsapiOrder("faulttrade01", 100, "https://merchant.example/notify"));
    sim.pay("faulttrade01");
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private MerchantCalls.Answer refund(String outRefundNo) {
    return merchant.post("/v3/refund/domestic/refunds", String.format(REFUND, outRefundNo));
  }

  private static JsonNode json(MerchantCalls.Answer answer) {
    try {
      return JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Fault.class,
      names = {"SERVER_ERROR", "RATE_LIMITED", "SIGN_ERROR", "NO_AUTH", "UNKNOWN_ERROR_CODE"})
  void errorFaultBeforeApplyingLeavesNoRefundAndAfterApplyingLeavesOne(Fault fault) {
    sim.inject(fault, Endpoint.REFUND, Fault.Timing.BEFORE_APPLYING, 1);
    MerchantCalls.Answer before = refund("RFBEFORE");
    sim.inject(fault, Endpoint.REFUND, Fault.Timing.AFTER_APPLYING, 1);
    MerchantCalls.Answer after = refund("RFAFTER");

    assertThat(before.status()).isEqualTo(STATUS.get(fault));
    assertThat(after.status()).isEqualTo(STATUS.get(fault));
    assertThat(before.headers().get("Wechatpay-Signature"))
        .as("error answers are signed")
        .isNotNull();
    assertThat(sim.refundStatus("RFBEFORE")).isEmpty();
    assertThat(sim.refundStatus("RFAFTER")).contains("PROCESSING");
    assertThat(sim.refundedFen("faulttrade01")).isEqualTo(30);
    assertThat(sim.pendingFaults()).isZero();
  }

  @Test
  void connectionResetBeforeOrAfterApplyingGivesNoAnswerEitherWay() {
    sim.inject(Fault.CONNECTION_RESET, Endpoint.REFUND, Fault.Timing.BEFORE_APPLYING, 1);
    assertThatThrownBy(() -> refund("RFRESET1")).isInstanceOf(UncheckedIOException.class);
    sim.inject(Fault.CONNECTION_RESET, Endpoint.REFUND, Fault.Timing.AFTER_APPLYING, 1);
    assertThatThrownBy(() -> refund("RFRESET2")).isInstanceOf(UncheckedIOException.class);

    assertThat(sim.refundStatus("RFRESET1")).isEmpty();
    assertThat(sim.refundStatus("RFRESET2")).contains("PROCESSING");
    assertThat(sim.refundsOf("faulttrade01"))
        .extracting(SimulatedRefund::outRefundNo)
        .containsExactly("RFRESET2");
  }

  @Test
  void slowResponseBeforeApplyingAnswersSystemErrorLateAndAppliesNothing() {
    sim.inject(Fault.SLOW_RESPONSE, Endpoint.REFUND, Fault.Timing.BEFORE_APPLYING, 1);
    assertThat(refund("RFSLOW01").status()).isEqualTo(500);
    sim.inject(Fault.SLOW_RESPONSE, Endpoint.REFUND, 1);
    assertThat(refund("RFSLOW02").status()).isEqualTo(200);

    assertThat(sim.refundStatus("RFSLOW01")).isEmpty();
    assertThat(sim.refundStatus("RFSLOW02")).contains("PROCESSING");
  }

  @Test
  void faultsAimedAtOneEndpointLeaveTheOthersAloneForTheNextNCalls() {
    refund("RFQUERY1");
    sim.inject(Fault.SERVER_ERROR, Endpoint.REFUND_QUERY, 2);

    assertThat(
            merchant
                .get("/v3/pay/transactions/out-trade-no/faulttrade01?mchid=1230000109")
                .status())
        .isEqualTo(200);
    assertThat(refund("RFQUERY2").status()).isEqualTo(200);
    assertThat(merchant.get("/v3/refund/domestic/refunds/RFQUERY1").status()).isEqualTo(500);
    assertThat(merchant.get("/v3/refund/domestic/refunds/RFQUERY1").status()).isEqualTo(500);
    assertThat(merchant.get("/v3/refund/domestic/refunds/RFQUERY1").status()).isEqualTo(200);
  }

  @Test
  void orderQueryFaultsHitOnlyOrderQueries() {
    sim.inject(Fault.NO_AUTH, Endpoint.ORDER_QUERY, 1);
    assertThat(refund("RFORDERQ").status()).isEqualTo(200);
    MerchantCalls.Answer query =
        merchant.get("/v3/pay/transactions/out-trade-no/faulttrade01?mchid=1230000109");
    assertThat(query.status()).isEqualTo(403);
    assertThat(json(query).path("code").asText()).isEqualTo("NO_AUTH");
  }

  @Test
  void foreignAnswerNamesAnotherObjectButIsSignedAndApplied() {
    sim.inject(Fault.FOREIGN_ANSWER, Endpoint.REFUND, 1);
    sim.inject(Fault.FOREIGN_ANSWER, Endpoint.ORDER_QUERY, 1);
    MerchantCalls.Answer refund = refund("RFFOREIGN");
    MerchantCalls.Answer query =
        merchant.get("/v3/pay/transactions/out-trade-no/faulttrade01?mchid=1230000109");

    assertThat(json(refund).path("out_refund_no").asText()).isEqualTo("FOREIGNRFFOREIGN");
    assertThat(json(query).path("out_trade_no").asText()).isEqualTo("FOREIGNfaulttrade01");
    assertThat(refund.headers().get("Wechatpay-Signature")).isNotNull();
    assertThat(sim.refundStatus("RFFOREIGN")).contains("PROCESSING");
  }

  @Test
  void corruptingFaultsCannotStrikeBeforeApplyingAndNotificationFaultsNeedNoEndpoint() {
    assertThatThrownBy(
            () ->
                sim.inject(Fault.FOREIGN_ANSWER, Endpoint.REFUND, Fault.Timing.BEFORE_APPLYING, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sim.inject(Fault.DROP_NOTIFICATION, Endpoint.REFUND, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sim.inject(Fault.SERVER_ERROR, Endpoint.REFUND, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void truthFollowsClosedRefunds() {
    refund("RFTRUTH1");
    refund("RFTRUTH2");
    sim.completeRefund("RFTRUTH1", "CLOSED");
    sim.completeRefund("RFTRUTH2", "SUCCESS");

    assertThat(sim.refundedFen("faulttrade01")).isEqualTo(30);
    assertThat(sim.refundStatus("RFTRUTH1")).contains("CLOSED");
    assertThat(sim.refundStatus("RFTRUTH2")).contains("SUCCESS");
    assertThat(sim.refundedFen("nosuchtrade1")).isZero();
  }

  @Test
  void idleKeepAliveConnectionsAreClosedByTheServer() throws Exception {
    try (WechatPaySimulator idle =
        WechatPaySimulator.builder().closeIdleConnectionsAfter(Duration.ofMillis(300)).start()) {
      MerchantCalls calls = new MerchantCalls(idle, Clock.systemUTC());
      String query = "/v3/pay/transactions/out-trade-no/idlequery001?mchid=1230000109";
      assertThat(calls.get(query).status()).isEqualTo(404);
      assertThat(calls.get(query).status()).as("kept alive while busy").isEqualTo(404);
      Thread.sleep(700);
      assertThatThrownBy(() -> calls.get(query))
          .as("the pooled connection was closed by the server; this merchant does not retry")
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("unexpected end of stream");
      assertThat(calls.get(query).status()).as("a new connection works").isEqualTo(404);
    }
  }
}
