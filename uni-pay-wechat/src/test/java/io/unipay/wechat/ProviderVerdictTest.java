package io.unipay.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.ProviderRejectedException.Verdict;
import io.unipay.core.UniPayException;
import io.unipay.core.order.PayType;
import io.unipay.core.spi.CloseResult;
import io.unipay.core.spi.PrepayRequest;
import io.unipay.core.spi.RefundCommand;
import io.unipay.core.spi.TradeState;
import io.unipay.testkit.wechat.Endpoint;
import io.unipay.testkit.wechat.Fault;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What each WeChat Pay refusal says about the refund or order asked about (design §14.3), and that
 * answers about another object are never applied (§14.4).
 */
class ProviderVerdictTest {
  private Harness h;
  private PrepayRequest order;

  @BeforeEach
  void start() {
    h = new Harness("public-key");
    order = h.order("verdict00001", PayType.NATIVE, 100);
    h.client.prepay(order);
    h.sim.pay("verdict00001");
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private RefundCommand refund(String outRefundNo, long fen) {
    return new RefundCommand("verdict00001", null, outRefundNo, fen, 100, "CNY", null, null);
  }

  private static void assertVerdict(ThrowingCallable call, String code, Verdict verdict) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ProviderRejectedException.class,
            e -> {
              assertThat(e.providerCode()).isEqualTo(code);
              assertThat(e.verdict()).isEqualTo(verdict);
              assertThat(e.isDefinite()).isEqualTo(verdict != Verdict.INCONCLUSIVE);
            });
  }

  @ParameterizedTest
  @EnumSource(
      value = Fault.class,
      names = {"SIGN_ERROR", "NO_AUTH", "UNKNOWN_ERROR_CODE"})
  void signatureAuthAndUnknownCodesAreInconclusiveOnEveryEndpoint(Fault fault) {
    String code = fault == Fault.UNKNOWN_ERROR_CODE ? "SIMULATED_UNKNOWN_CODE" : fault.name();
    h.client.refund(refund("VRF00001", 10));
    for (Endpoint endpoint :
        new Endpoint[] {
          Endpoint.REFUND, Endpoint.REFUND_QUERY, Endpoint.ORDER_QUERY, Endpoint.CLOSE
        }) {
      h.sim.inject(fault, endpoint, 1);
    }
    assertVerdict(() -> h.client.refund(refund("VRF00002", 10)), code, Verdict.INCONCLUSIVE);
    assertVerdict(
        () -> h.client.queryRefund("verdict00001", "VRF00001"), code, Verdict.INCONCLUSIVE);
    assertVerdict(() -> h.client.query("verdict00001"), code, Verdict.INCONCLUSIVE);
    assertVerdict(() -> h.client.close("verdict00001"), code, Verdict.INCONCLUSIVE);
  }

  @Test
  void refundBeyondTheBalanceIsADefiniteRefusal() {
    h.client.refund(refund("VRF00003", 90));
    assertVerdict(() -> h.client.refund(refund("VRF00004", 20)), "NOT_ENOUGH", Verdict.REFUSED);
  }

  @Test
  void signedNoSuchRefundOrOrderIsNotFound() {
    assertVerdict(
        () -> h.client.queryRefund("verdict00001", "VRFNONE1"),
        "RESOURCE_NOT_EXISTS",
        Verdict.NOT_FOUND);
    assertThat(h.client.query("nosuchorder1").state()).isEqualTo(TradeState.NOT_FOUND);
    assertThat(h.client.close("nosuchorder1")).isEqualTo(CloseResult.NOT_FOUND);
  }

  @Test
  void refundOfAnUnknownPaymentIsRefused() {
    RefundCommand unknown =
        new RefundCommand("nosuchorder2", null, "VRF00005", 10, 100, "CNY", null, null);
    assertVerdict(() -> h.client.refund(unknown), "RESOURCE_NOT_EXISTS", Verdict.REFUSED);
  }

  @Test
  void paramErrorIsInconclusive() {
    assertVerdict(
        () -> h.client.refund(refund("bad refund no with spaces", 10)),
        "PARAM_ERROR",
        Verdict.INCONCLUSIVE);
  }

  @Test
  void prepayOfAPaidOrderIsRefused() {
    assertVerdict(() -> h.client.prepay(order), "ORDER_PAID", Verdict.REFUSED);
  }

  @Test
  void rateLimitAndServerErrorsAreNotRefusals() {
    h.sim.inject(Fault.RATE_LIMITED, Endpoint.REFUND, 1);
    h.sim.inject(Fault.SERVER_ERROR, Endpoint.REFUND, Fault.Timing.AFTER_APPLYING, 1);
    assertCode(() -> h.client.refund(refund("VRF00006", 10)), ErrorCode.PROVIDER_UNAVAILABLE);
    assertCode(() -> h.client.refund(refund("VRF00007", 10)), ErrorCode.OUTCOME_UNKNOWN);
    assertThat(h.sim.refundStatus("VRF00006")).isEmpty();
    assertThat(h.sim.refundStatus("VRF00007")).contains("PROCESSING");
    assertThat(h.client.refund(refund("VRF00007", 10)).outRefundNo())
        .as("the re-send with the same out_refund_no finds the refund")
        .isEqualTo("VRF00007");
  }

  @Test
  void answersAboutAnotherRefundOrOrderAreOutcomeUnknownNamingBothValues() {
    h.sim.inject(Fault.FOREIGN_ANSWER, Endpoint.REFUND, 1);
    h.sim.inject(Fault.FOREIGN_ANSWER, Endpoint.REFUND_QUERY, 1);
    h.sim.inject(Fault.FOREIGN_ANSWER, Endpoint.ORDER_QUERY, 1);

    assertCode(
        () -> h.client.refund(refund("VRF00008", 10)),
        ErrorCode.OUTCOME_UNKNOWN,
        "\"FOREIGNVRF00008\"",
        "\"VRF00008\"");
    assertCode(
        () -> h.client.queryRefund("verdict00001", "VRF00008"),
        ErrorCode.OUTCOME_UNKNOWN,
        "out_refund_no \"FOREIGNVRF00008\"");
    assertCode(
        () -> h.client.query("verdict00001"),
        ErrorCode.OUTCOME_UNKNOWN,
        "out_trade_no \"FOREIGNverdict00001\"",
        "\"verdict00001\" asked");
    assertThat(h.client.queryRefund("verdict00001", "VRF00008").outRefundNo())
        .isEqualTo("VRF00008");
  }

  @Test
  void refundAnswerForAnotherTradeIsOutcomeUnknown() {
    h.client.refund(refund("VRF00009", 10));
    assertCode(
        () -> h.client.queryRefund("otherorder01", "VRF00009"),
        ErrorCode.OUTCOME_UNKNOWN,
        "out_trade_no \"verdict00001\"",
        "\"otherorder01\" asked");
  }

  private static void assertCode(ThrowingCallable call, ErrorCode code, String... message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            UniPayException.class,
            e -> {
              assertThat(e).isNotInstanceOf(ProviderRejectedException.class);
              assertThat(e.code()).isEqualTo(code);
              if (message.length > 0) assertThat(e.getMessage()).contains(message);
            });
  }
}
