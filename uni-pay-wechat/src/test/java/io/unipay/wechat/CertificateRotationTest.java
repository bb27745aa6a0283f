package io.unipay.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.ErrorCode;
import io.unipay.core.order.PayType;
import io.unipay.core.spi.TradeState;
import io.unipay.testkit.wechat.SignedNotification;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Platform certificates: download, rotation without a restart, bounded refresh on unknown serials.
 */
class CertificateRotationTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @ParameterizedTest
  @ValueSource(strings = {"certificate", "combined"})
  void clientKeepsWorkingWhenWechatRotatesItsCertificate(String mode) {
    try (Harness h = new Harness(mode)) {
      awaitTrue(
          () -> h.client.platformCertificateSerials().contains(h.sim.platformCertificateSerial()));
      h.client.prepay(h.order("rotate000001", PayType.NATIVE, 100));

      String fresh = h.sim.rotatePlatformCertificate();
      for (int i = 0; i < 4; i++) {
        assertThat(h.client.query("rotate000001").state()).isEqualTo(TradeState.NOT_PAID);
      }
      h.sim.pay("rotate000001");
      h.sim.awaitAcknowledged("rotate000001", WAIT);

      assertThat(h.client.platformCertificateSerials()).contains(fresh, Fixtures.PLATFORM_SERIAL);
      assertThat(h.rejections).isEmpty();
    }
  }

  @Test
  void backgroundRefreshPicksUpANewCertificateOffTheRequestPath() {
    try (Harness h =
        new Harness(
            "certificate",
            s -> s,
            c ->
                c.certificateRefreshInterval(Duration.ofSeconds(1))
                    .unknownSerialRefreshInterval(Duration.ofHours(1)))) {
      awaitTrue(() -> !h.client.platformCertificateSerials().isEmpty());

      String fresh = h.sim.rotatePlatformCertificate();
      awaitTrue(() -> h.client.platformCertificateSerials().contains(fresh));

      assertThat(h.client.query("unknown00001").state()).isEqualTo(TradeState.NOT_FOUND);
    }
  }

  @Test
  void unknownSerialsTriggerAtMostOneDownloadPerInterval() {
    try (Harness h = new Harness("certificate")) {
      awaitTrue(() -> !h.client.platformCertificateSerials().isEmpty());
      int before = h.sim.requestCount();

      for (int i = 0; i < 5; i++) {
        SignedNotification forged =
            h.sim
                .notification()
                .resource("transaction", "{}")
                .signer(
                    "7132D72A03E93CDDF8C03BBD1F37EEDF204BD1C" + i, h.sim.merchantPrivateKeyPem())
                .build();
        WechatVectorsTest.assertRejected(
            h.client, Fixtures.request(forged), "UNKNOWN_SERIAL", ErrorCode.SIGNATURE_INVALID);
      }

      assertThat(h.sim.requestCount() - before).as("certificate downloads").isEqualTo(1);
    }
  }

  @Test
  void responsesFromARotatedCertificateAreRefusedWhileTheRefreshIsRateLimited() {
    try (Harness h =
        new Harness(
            "certificate", s -> s, c -> c.unknownSerialRefreshInterval(Duration.ofHours(1)))) {
      awaitTrue(() -> !h.client.platformCertificateSerials().isEmpty());
      h.sim.rotatePlatformCertificate();
      assertThat(h.client.query("first0000001").state()).isEqualTo(TradeState.NOT_FOUND);

      h.sim.rotatePlatformCertificate();

      org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.client.query("second000001"))
          .isInstanceOfSatisfying(
              io.unipay.core.UniPayException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID));
    }
  }

  static void awaitTrue(BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline)
        throw new AssertionError("condition not met within " + WAIT);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
