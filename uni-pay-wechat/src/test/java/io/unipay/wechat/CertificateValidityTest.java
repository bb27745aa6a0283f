package io.unipay.wechat;

import static io.unipay.wechat.WechatVectorsTest.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.core.ErrorCode;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.testkit.wechat.SignedNotification;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Platform certificates verify only inside their validity and expired ones are pruned (item 11).
 */
class CertificateValidityTest {
  private static final String TRADE =
      NotificationFuzzTest.TRADE.replace("fuzz00000001", "cert00000001");
  private static final Instant NOW = Instant.now();

  private static final TestCertificates.Identity EXPIRED =
      TestCertificates.create(2048, NOW.minus(Duration.ofDays(30)), NOW.minusSeconds(60));
  private static final TestCertificates.Identity NOT_YET_VALID =
      TestCertificates.create(2048, NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
  private static final TestCertificates.Identity VALID =
      TestCertificates.create(2048, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));

  private static SignedNotification signedBy(Harness h, TestCertificates.Identity identity) {
    return h.sim
        .notification()
        .resource("transaction", TRADE)
        .signer(identity.serial(), identity.privateKeyPem())
        .build();
  }

  @Test
  void onlyCertificatesInsideTheirValidityVerify() {
    try (Harness h =
        new Harness(
            "public-key",
            s -> s,
            c ->
                c.platformCertificate(EXPIRED.certificatePem())
                    .platformCertificate(NOT_YET_VALID.certificatePem())
                    .platformCertificate(VALID.certificatePem()))) {
      assertRejected(
          h.client,
          Fixtures.request(signedBy(h, EXPIRED)),
          "UNKNOWN_SERIAL",
          ErrorCode.SIGNATURE_INVALID);
      assertRejected(
          h.client,
          Fixtures.request(signedBy(h, NOT_YET_VALID)),
          "UNKNOWN_SERIAL",
          ErrorCode.SIGNATURE_INVALID);
      assertThat(h.client.parseNotification(Fixtures.request(signedBy(h, VALID))))
          .isInstanceOf(ProviderNotification.Payment.class);
    }
  }

  @Test
  void validityIsJudgedByTheInjectedClock() {
    Instant later = NOW.plus(Duration.ofDays(2));
    try (Harness h =
        new Harness(
            "public-key",
            s -> s.clock(java.time.Clock.fixed(later, java.time.ZoneOffset.UTC)),
            c ->
                c.clock(java.time.Clock.fixed(later, java.time.ZoneOffset.UTC))
                    .platformCertificate(NOT_YET_VALID.certificatePem()))) {
      assertThat(h.client.parseNotification(Fixtures.request(signedBy(h, NOT_YET_VALID))))
          .isInstanceOf(ProviderNotification.Payment.class);
    }
  }

  @Test
  void expiredCertificatesArePrunedOnRefresh() {
    try (Harness h =
        new Harness("certificate", s -> s, c -> c.platformCertificate(EXPIRED.certificatePem()))) {
      CertificateRotationTest.awaitTrue(
          () -> h.client.platformCertificateSerials().contains(h.sim.platformCertificateSerial()));
      assertThat(h.client.platformCertificateSerials()).doesNotContain(EXPIRED.serial());
    }
  }

  @Test
  void knownPlatformCertificatesAreReportedWithTheirValidity() {
    try (Harness h =
        new Harness(
            "public-key",
            s -> s,
            c ->
                c.platformCertificate(VALID.certificatePem())
                    .platformCertificate(NOT_YET_VALID.certificatePem()))) {
      assertThat(h.client.platformCertificates())
          .extracting(WechatPlatformCertificate::serial)
          .containsExactlyInAnyOrder(VALID.serial(), NOT_YET_VALID.serial());
      WechatPlatformCertificate valid =
          h.client.platformCertificates().stream()
              .filter(c -> c.serial().equals(VALID.serial()))
              .findFirst()
              .orElseThrow();
      assertThat(valid.notAfter()).isEqualTo(VALID.certificate().getNotAfter().toInstant());
      assertThat(valid.notBefore()).isEqualTo(VALID.certificate().getNotBefore().toInstant());
      assertThat(valid.validityLeft(NOW).toDays()).isBetween(29L, 30L);
    }
  }

  @Test
  void downloadedPlatformCertificatesAreReportedWithTheirValidity() {
    try (Harness h = new Harness("certificate", s -> s, c -> c)) {
      CertificateRotationTest.awaitTrue(() -> !h.client.platformCertificates().isEmpty());
      assertThat(h.client.platformCertificates())
          .extracting(WechatPlatformCertificate::serial)
          .contains(h.sim.platformCertificateSerial());
      assertThat(h.client.platformCertificates())
          .allSatisfy(c -> assertThat(c.notAfter()).isAfter(Instant.now()));
    }
  }
}
