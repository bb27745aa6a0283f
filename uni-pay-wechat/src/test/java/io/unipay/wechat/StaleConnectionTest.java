package io.unipay.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.NotifyRequest;
import io.unipay.core.UniPayException;
import io.unipay.core.order.PayType;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.core.spi.RefundCommand;
import io.unipay.core.spi.TradeState;
import io.unipay.testkit.wechat.SignedNotification;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Pooled connections the server closed while idle (issue 13 item 1): the simulator closes idle
 * keep-alive connections after 1 s, as gateways do after 30–60 s; calls after a longer pause must
 * still get their answer.
 */
class StaleConnectionTest {
  private static final Duration SERVER_IDLE_LIMIT = Duration.ofSeconds(1);
  private static final long PAUSE_MILLIS = 1300;

  private static Harness harness(String mode, UnaryOperator<WechatPayConfig.Builder> config) {
    return new Harness(mode, s -> s.closeIdleConnectionsAfter(SERVER_IDLE_LIMIT), config);
  }

  private static void paidOrderWithRefund(Harness h) {
    h.client.prepay(h.order("stale0000001", PayType.NATIVE, 100));
    h.sim.pay("stale0000001");
    h.client.refund(
        new RefundCommand("stale0000001", null, "STALERF1", 30, 100, "CNY", "test", null));
  }

  private static void pause() throws InterruptedException {
    Thread.sleep(PAUSE_MILLIS);
  }

  @Test
  void everyQueryAfterAnIdlePauseSucceedsWithTheDefaultPolicy() throws Exception {
    try (Harness h = harness("public-key", c -> c)) {
      paidOrderWithRefund(h);
      for (int round = 0; round < 3; round++) {
        pause();
        assertThat(h.client.query("stale0000001").state()).isEqualTo(TradeState.REFUNDED);
        pause();
        assertThat(h.client.queryRefund("stale0000001", "STALERF1").outRefundNo())
            .isEqualTo("STALERF1");
      }
    }
  }

  @Test
  void aShortKeepAliveAloneAvoidsTheStaleConnection() throws Exception {
    try (Harness h =
        harness(
            "public-key",
            c -> c.retryOnConnectionFailure(false).connectionKeepAlive(Duration.ofMillis(500)))) {
      paidOrderWithRefund(h);
      pause();
      assertThat(h.client.query("stale0000001").state()).isEqualTo(TradeState.REFUNDED);
      pause();
      assertThat(h.client.queryRefund("stale0000001", "STALERF1").status()).isNotNull();
    }
  }

  @Test
  void withoutRetryALongKeepAliveMeetsTheClosedConnectionAsOutcomeUnknown() throws Exception {
    try (Harness h =
        harness(
            "public-key",
            c -> c.retryOnConnectionFailure(false).connectionKeepAlive(Duration.ofMinutes(5)))) {
      paidOrderWithRefund(h);
      pause();
      assertThatThrownBy(() -> h.client.query("stale0000001"))
          .isInstanceOfSatisfying(
              UniPayException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN));
    }
  }

  @Test
  void certificateDownloadAfterAnIdlePauseSucceeds() throws Exception {
    try (Harness h = harness("certificate", c -> c)) {
      CertificateRotationTest.awaitTrue(() -> !h.client.platformCertificateSerials().isEmpty());
      h.client.prepay(h.order("stale0000002", PayType.NATIVE, 100));
      h.sim.inject(io.unipay.testkit.wechat.Fault.DROP_NOTIFICATION, 1);
      h.sim.pay("stale0000002");
      pause();
      String rotated = h.sim.rotatePlatformCertificate();
      SignedNotification n = h.sim.paymentNotification("stale0000002");

      ProviderNotification parsed =
          h.client.parseNotification(
              NotifyRequest.post("/notify/wxpay/native", n.headers(), n.body()));

      assertThat(parsed).isInstanceOf(ProviderNotification.Payment.class);
      assertThat(h.client.platformCertificateSerials()).contains(rotated);
    }
  }

  @Test
  void keepAliveAndRetryAreConfigurable() {
    WechatPayConfig config =
        Fixtures.publicKeyMode()
            .connectionKeepAlive(Duration.ofSeconds(2))
            .retryOnConnectionFailure(false)
            .build();
    assertThat(config.connectionKeepAlive()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.retryOnConnectionFailure()).isFalse();
    assertThat(Fixtures.publicKeyMode().build().connectionKeepAlive())
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(Fixtures.publicKeyMode().build().retryOnConnectionFailure()).isTrue();
  }
}
