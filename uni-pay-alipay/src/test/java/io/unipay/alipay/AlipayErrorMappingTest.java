package io.unipay.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.UniPayException;
import io.unipay.core.order.PayType;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.spi.PrepayRequest;
import io.unipay.core.spi.RefundCommand;
import io.unipay.core.spi.RefundSnapshot;
import io.unipay.core.spi.TradeState;
import io.unipay.testkit.alipay.AlipaySimulator;
import io.unipay.testkit.alipay.Fault;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AlipayErrorMappingTest {
  private final AlipaySimulator alipay =
      AlipaySimulator.builder().slowResponseDelay(Duration.ofMillis(1500)).deferRefundSettlement(false).start();
  private final AlipayClient client =
      new AlipayClient(
          AlipayConfig.builder()
              .appId(alipay.appId())
              .appPrivateKey(alipay.appPrivateKeyPem())
              .alipayPublicKey(alipay.alipayPublicKeyPem())
              .gatewayUrl(alipay.gatewayUrl())
              .readTimeout(Duration.ofMillis(500))
              .build());

  @AfterEach
  void stop() {
    client.close();
    alipay.close();
  }

  private static PrepayRequest nativeRequest(String no) {
    return new PrepayRequest(no, PayType.NATIVE, 100, "CNY", "VIP", "http://127.0.0.1:1/notify",
        Instant.now().plusSeconds(600), null, null, null);
  }

  private static ErrorCode codeOf(Throwable t) {
    return ((UniPayException) t).code();
  }

  @ParameterizedTest
  @EnumSource(value = Fault.class, names = {"HTTP_502", "SYSTEM_ERROR", "UNKNOWN_ERROR", "SLOW_RESPONSE", "DISCONNECT"})
  void aPrepayWithoutATrustworthyAnswerHasAnUnknownOutcome(Fault fault) {
    alipay.faults().injectFault(fault, 1);

    assertThatThrownBy(() -> client.prepay(nativeRequest("F" + fault.ordinal())))
        .isInstanceOf(UniPayException.class)
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.OUTCOME_UNKNOWN))
        .hasMessageContaining("F" + fault.ordinal());
  }

  @ParameterizedTest
  @EnumSource(value = Fault.class, names = {"HTTP_502", "SYSTEM_ERROR", "UNKNOWN_ERROR", "SLOW_RESPONSE", "DISCONNECT"})
  void aQueryWithoutATrustworthyAnswerIsProviderUnavailable(Fault fault) {
    alipay.faults().injectFault(fault, 1);

    assertThatThrownBy(() -> client.query("Q1"))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
  }

  @Test
  void aResponseWithAWrongSignatureIsSignatureInvalid() {
    alipay.faults().injectFault(Fault.BAD_RESPONSE_SIGNATURE, 1);

    assertThatThrownBy(() -> client.prepay(nativeRequest("S1")))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.SIGNATURE_INVALID));
  }

  @Test
  void aRefusedConnectionMeansNothingWasSent() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (AlipayClient offline = new AlipayClient(client.config().newBuilder()
        .gatewayUrl("http://127.0.0.1:" + port + "/gateway.do").build())) {
      assertThatThrownBy(() -> offline.prepay(nativeRequest("C1")))
          .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
    }
  }

  @Test
  void aRequestSignedWithTheWrongKeyIsRejectedFromTheUnsignedErrorResponse() {
    try (AlipayClient wrongKey = new AlipayClient(client.config().newBuilder()
        .appPrivateKey(TestKeys.alipayPrivateKeyPem()).build())) {
      assertThatThrownBy(() -> wrongKey.prepay(nativeRequest("W1")))
          .isInstanceOfSatisfying(ProviderRejectedException.class, e -> {
            assertThat(e.providerCode()).isEqualTo("isv.invalid-signature");
            assertThat(e.httpStatus()).isEqualTo(200);
            assertThat(e.getMessage()).doesNotContain(TestKeys.bare(TestKeys.alipayPrivateKeyPem()).substring(0, 40));
          });
    }
  }

  @Test
  void anUnsignedTradeNotExistIsNotTakenAsNotFound() {
    try (AlipayClient wrongKey = new AlipayClient(client.config().newBuilder()
        .appPrivateKey(TestKeys.alipayPrivateKeyPem()).build())) {
      assertThatThrownBy(() -> wrongKey.query("nobody"))
          .isInstanceOf(ProviderRejectedException.class);
    }
    assertThat(client.query("nobody").state()).isEqualTo(TradeState.NOT_FOUND);
  }

  @Test
  void refundOfAnUnpaidTradeIsRejectedWithTheSubCode() {
    client.prepay(new PrepayRequest("U1", PayType.MP, 100, "CNY", "VIP", "http://127.0.0.1:1/n",
        Instant.now().plusSeconds(600), "2088102122524333", null, null));

    assertThatThrownBy(() -> client.refund(new RefundCommand("U1", null, "RU1", 100, 100, "CNY", null, null)))
        .isInstanceOfSatisfying(ProviderRejectedException.class, e -> {
          assertThat(e.providerCode()).isEqualTo("ACQ.TRADE_STATUS_ERROR");
          assertThat(e.providerMessage()).isEqualTo("交易状态不合法");
        });
  }

  @Test
  void aRefundInterruptedAfterSendingHasAnUnknownOutcomeAndARetryIsSafe() throws Exception {
    client.prepay(nativeRequest("P1"));
    alipay.pay("P1");
    RefundCommand refund = new RefundCommand("P1", null, "RP1", 60, 100, "CNY", null, null);
    alipay.faults().injectFault("alipay.trade.refund", Fault.DISCONNECT, 10);
    int before = alipay.truth().calls().size();

    assertThatThrownBy(() -> client.refund(refund))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.OUTCOME_UNKNOWN));
    // OkHttp re-sent the POST on fresh connections before giving up (3 attempts with OkHttp 5.5).
    assertThat(alipay.truth().calls().size() - before).isGreaterThan(1);
    alipay.faults().clearFaults();
    assertThat(client.refund(refund).status()).isEqualTo(RefundStatus.SUCCESS);
    assertThat(client.queryRefund("P1", "RP1").refundFee()).isEqualTo(60);
  }

  @Test
  void aSingleConnectionResetAfterTheRefundWasAppliedIsResentWithoutASecondRefund() {
    client.prepay(nativeRequest("P2"));
    alipay.pay("P2");
    alipay.faults().injectFault("alipay.trade.refund", Fault.DISCONNECT, 1);

    RefundSnapshot refund = client.refund(new RefundCommand("P2", null, "RP2", 60, 100, "CNY", null, null));

    assertThat(refund.status()).isEqualTo(RefundStatus.SUCCESS);
    assertThat(alipay.truth().refunds("P2")).hasSize(1);
    assertThat(alipay.truth().refundedFen("P2")).isEqualTo(60);
  }

  @Test
  void aRefundAlipayHasNotSettledIsProcessingUntilItIs() {
    try (AlipaySimulator deferred = AlipaySimulator.builder().deferRefundSettlement(true).start();
        AlipayClient c = new AlipayClient(client.config().newBuilder().gatewayUrl(deferred.gatewayUrl()).build())) {
      c.prepay(nativeRequest("D1"));
      deferred.pay("D1");

      assertThat(c.refund(new RefundCommand("D1", null, "RD1", 100, 100, "CNY", null, null)).status())
          .isEqualTo(RefundStatus.PROCESSING);
      assertThat(c.queryRefund("D1", "RD1").status()).isEqualTo(RefundStatus.PROCESSING);
      deferred.settleRefund("D1", "RD1");
      assertThat(c.queryRefund("D1", "RD1").status()).isEqualTo(RefundStatus.SUCCESS);
    }
  }

  @Test
  void aGatewayFromAnotherRootBundleIsRefusedInCertificateMode() {
    try (AlipaySimulator certA = AlipaySimulator.builder().certificateMode(true).start();
        AlipaySimulator certB = AlipaySimulator.builder().certificateMode(true).start();
        AlipayClient c = new AlipayClient(AlipayConfig.builder()
            .appId(certA.appId())
            .appPrivateKey(certA.appPrivateKeyPem())
            .appCert(certA.certificates().appCertPem())
            .alipayPublicCert(certA.certificates().alipayCertPem())
            .alipayRootCert(certA.certificates().alipayRootCertPem())
            .gatewayUrl(certB.gatewayUrl())
            .build())) {
      assertThatThrownBy(() -> c.query("X1"))
          .isInstanceOfSatisfying(ProviderRejectedException.class,
              e -> assertThat(e.providerCode()).isEqualTo("isv.app-cert-sn-not-match"));
    }
  }
}
