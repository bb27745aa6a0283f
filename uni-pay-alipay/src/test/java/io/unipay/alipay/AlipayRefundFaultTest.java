package io.unipay.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ProviderRejectedException;
import io.unipay.core.ProviderRejectedException.Verdict;
import io.unipay.core.UniPayException;
import io.unipay.core.order.PayType;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.spi.PrepayRequest;
import io.unipay.core.spi.RefundCommand;
import io.unipay.core.spi.RefundSnapshot;
import io.unipay.testkit.alipay.AlipaySimulator;
import io.unipay.testkit.alipay.Fault;
import io.unipay.testkit.alipay.FaultPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Design §14.3 for Alipay refunds: only verified answers about that refund are definite. */
class AlipayRefundFaultTest {
  private static final String REFUND = "alipay.trade.refund";
  private static final String REFUND_QUERY = "alipay.trade.fastpay.refund.query";
  private static final AtomicInteger SEQ = new AtomicInteger();

  private final AlipaySimulator alipay =
      AlipaySimulator.builder().slowResponseDelay(Duration.ofMillis(800)).start();
  private final AlipayClient client =
      new AlipayClient(
          AlipayConfig.builder()
              .appId(alipay.appId())
              .appPrivateKey(alipay.appPrivateKeyPem())
              .alipayPublicKey(alipay.alipayPublicKeyPem())
              .gatewayUrl(alipay.gatewayUrl())
              .readTimeout(Duration.ofMillis(300))
              .build());

  @AfterEach
  void stop() {
    client.close();
    alipay.close();
  }

  private String paidTrade() {
    String no = "F" + System.nanoTime() + SEQ.incrementAndGet();
    client.prepay(new PrepayRequest(no, PayType.NATIVE, 1000, "CNY", "VIP", "http://127.0.0.1:1/n",
        Instant.now().plusSeconds(600), null, null, null));
    alipay.pay(no);
    return no;
  }

  private static RefundCommand refund(String no, long fen) {
    return new RefundCommand(no, null, "R-" + no, fen, 1000, "CNY", null, null);
  }

  private static void assertNotDefinite(Throwable e) {
    assertThat(e).isInstanceOf(UniPayException.class);
    if (e instanceof ProviderRejectedException p) assertThat(p.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @ParameterizedTest
  @EnumSource(value = Fault.class, names = {"HTTP_502", "RATE_LIMITED", "DISCONNECT", "SLOW_RESPONSE",
      "INVALID_SIGNATURE", "SYSTEM_ERROR", "UNKNOWN_ERROR", "UNKNOWN_CODE", "BAD_RESPONSE_SIGNATURE"})
  void aRefundFaultBeforeItIsAppliedIsInconclusiveAndAResendRefundsOnce(Fault fault) {
    String no = paidTrade();
    alipay.faults().injectFault(REFUND, fault, FaultPoint.BEFORE_APPLY, 1);

    try {
      client.refund(refund(no, 300));
    } catch (RuntimeException e) {
      assertNotDefinite(e);
      assertThat(alipay.truth().refund(no, "R-" + no)).isEmpty();
    }
    RefundSnapshot resent = client.refund(refund(no, 300));

    assertThat(resent.status()).isEqualTo(RefundStatus.SUCCESS);
    assertThat(alipay.truth().refunds(no)).hasSize(1);
    assertThat(alipay.truth().refundedFen(no)).isEqualTo(300);
  }

  @ParameterizedTest
  @EnumSource(value = Fault.class, names = {"HTTP_502", "RATE_LIMITED", "DISCONNECT", "SLOW_RESPONSE",
      "INVALID_SIGNATURE", "SYSTEM_ERROR", "UNKNOWN_ERROR", "UNKNOWN_CODE", "BAD_RESPONSE_SIGNATURE"})
  void aRefundWhoseAnswerIsLostAfterItWasAppliedIsInconclusiveAndAResendIsIdempotent(Fault fault) {
    String no = paidTrade();
    alipay.faults().injectFault(REFUND, fault, FaultPoint.AFTER_APPLY, 1);

    try {
      client.refund(refund(no, 300));
    } catch (RuntimeException e) {
      assertNotDefinite(e);
    }
    assertThat(alipay.truth().refund(no, "R-" + no)).hasValueSatisfying(r -> assertThat(r.fen()).isEqualTo(300));
    RefundSnapshot resent = client.refund(refund(no, 300));

    assertThat(resent.status()).isEqualTo(RefundStatus.SUCCESS);
    assertThat(alipay.truth().refunds(no)).hasSize(1);
    assertThat(alipay.truth().refundedFen(no)).isEqualTo(300);
  }

  @ParameterizedTest
  @EnumSource(value = Fault.class, names = {"HTTP_502", "RATE_LIMITED", "DISCONNECT", "SLOW_RESPONSE",
      "INVALID_SIGNATURE", "SYSTEM_ERROR", "UNKNOWN_ERROR", "UNKNOWN_CODE", "BAD_RESPONSE_SIGNATURE"})
  void aRefundQueryFaultIsNeverADefiniteAnswer(Fault fault) {
    String no = paidTrade();
    alipay.faults().injectFault(REFUND_QUERY, fault, 5); // lasting: OkHttp re-sends after a reset

    assertThatThrownBy(() -> client.queryRefund(no, "R-" + no)).satisfies(AlipayRefundFaultTest::assertNotDefinite);
  }

  @Test
  void faultsForOneMethodLeaveTheOthersAlone() {
    String no = paidTrade();
    alipay.faults().injectFault(REFUND_QUERY, Fault.SYSTEM_ERROR, 2);

    assertThat(client.refund(refund(no, 100)).status()).isEqualTo(RefundStatus.SUCCESS); // fund_change=Y
    assertThat(client.query(no).totalFee()).isEqualTo(1000);
    assertThatThrownBy(() -> client.queryRefund(no, "R-" + no)).isInstanceOf(UniPayException.class);
    assertThatThrownBy(() -> client.queryRefund(no, "R-" + no)).isInstanceOf(UniPayException.class);
    assertThat(client.queryRefund(no, "R-" + no).status()).isEqualTo(RefundStatus.SUCCESS);
  }

  @Test
  void aRefundOfATradeAlipayDoesNotKnowIsNotFound() {
    assertThatThrownBy(() -> client.refund(refund("NOPE", 100)))
        .isInstanceOfSatisfying(ProviderRejectedException.class,
            e -> assertThat(e.verdict()).isEqualTo(Verdict.NOT_FOUND));
  }

  @Test
  void aRefundBeyondWhatIsLeftIsADefiniteRefusal() {
    String no = paidTrade();
    client.refund(new RefundCommand(no, null, "A" + no, 800, 1000, "CNY", null, null));

    assertThatThrownBy(() -> client.refund(new RefundCommand(no, null, "B" + no, 300, 1000, "CNY", null, null)))
        .isInstanceOfSatisfying(ProviderRejectedException.class, e -> {
          assertThat(e.providerCode()).isEqualTo("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL");
          assertThat(e.verdict()).isEqualTo(Verdict.REFUSED);
        });
  }

  @Test
  void anUnsignedInvalidSignatureErrorIsInconclusive() {
    String no = paidTrade();
    alipay.faults().injectFault(REFUND, Fault.INVALID_SIGNATURE, 1);

    assertThatThrownBy(() -> client.refund(refund(no, 100)))
        .isInstanceOfSatisfying(ProviderRejectedException.class, e -> {
          assertThat(e.providerCode()).isEqualTo("isv.invalid-signature");
          assertThat(e.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        });
  }
}
