package io.unipay.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipay.alipay.AlipayCertificate;
import io.unipay.alipay.AlipayCertificate.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How certificate validity turns into health: expired is DOWN, close to expiry is a warning. */
class CertificateHealthTest {
  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
  private static final Duration WARNING = Duration.ofDays(30);

  @Test
  void certificatesValidBeyondTheWarningPeriodAreUpWithoutWarnings() {
    CertificateHealth health = CertificateHealth.of(List.of(app(400), alipay("A", 400)), NOW, WARNING);

    assertThat(health.down()).isFalse();
    assertThat(health.warnings()).isEmpty();
    assertThat(health.details()).extracting(d -> d.get("state")).containsOnly("valid");
  }

  @Test
  void appCertificateExpiringWithinThirtyDaysIsAWarningButNotDown() {
    CertificateHealth health = CertificateHealth.of(List.of(app(10), alipay("A", 400)), NOW, WARNING);

    assertThat(health.down()).isFalse();
    assertThat(health.warnings()).singleElement().asString().contains("app certificate APP");
    assertThat(health.details().get(0)).containsEntry("state", "expiring").containsEntry("daysLeft", 10L);
  }

  @Test
  void expiredAppCertificateIsDown() {
    CertificateHealth health = CertificateHealth.of(List.of(app(-1), alipay("A", 400)), NOW, WARNING);

    assertThat(health.down()).isTrue();
    assertThat(health.warnings()).singleElement().asString().contains("expired");
  }

  @Test
  void expiredOldAlipayCertificateIsHarmlessWhileARotatedOneIsValid() {
    CertificateHealth health =
        CertificateHealth.of(List.of(app(400), alipay("NEW", 400), alipay("OLD", -5)), NOW, WARNING);

    assertThat(health.down()).isFalse();
    assertThat(health.warnings()).isEmpty();
    assertThat(health.details().get(2)).containsEntry("state", "expired");
  }

  @Test
  void everyAlipayCertificateExpiredIsDown() {
    CertificateHealth health = CertificateHealth.of(List.of(app(400), alipay("A", -1)), NOW, WARNING);

    assertThat(health.down()).isTrue();
  }

  private static AlipayCertificate app(int daysLeft) {
    return certificate(Kind.APP, "APP", daysLeft);
  }

  private static AlipayCertificate alipay(String sn, int daysLeft) {
    return certificate(Kind.ALIPAY, sn, daysLeft);
  }

  private static AlipayCertificate certificate(Kind kind, String sn, int daysLeft) {
    Instant notAfter = NOW.plus(Duration.ofDays(daysLeft)).plusSeconds(60);
    return new AlipayCertificate(
        kind, sn, "CN=" + sn, "CN=CA", NOW.minus(Duration.ofDays(365)), notAfter, false);
  }
}
