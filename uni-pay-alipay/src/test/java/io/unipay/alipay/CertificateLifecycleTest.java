package io.unipay.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.alipay.AlipayCertificate.Kind;
import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.fake.MutableClock;
import io.unipay.core.order.PayType;
import io.unipay.core.spi.PrepayRequest;
import io.unipay.core.spi.TradeState;
import io.unipay.testkit.alipay.AlipaySimulator;
import io.unipay.testkit.alipay.Fault;
import io.unipay.testkit.alipay.SimulatorCertificates;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The certificate lifecycle the host sees: {@link AlipayClient#certificates()}, the {@link
 * CertificateListener}, expiry warnings, and the limits on downloads.
 */
class CertificateLifecycleTest {
  private static final String DOWNLOAD = "alipay.open.app.alipaycert.download";

  /** Records what it hears. */
  static final class Recorder implements CertificateListener {
    final List<AlipayCertificate> accepted = new CopyOnWriteArrayList<>();
    final List<String> refused = new CopyOnWriteArrayList<>();
    final List<AlipayCertificate> expiring = new CopyOnWriteArrayList<>();

    @Override
    public void accepted(AlipayCertificate certificate) {
      accepted.add(certificate);
    }

    @Override
    public void refused(String alipayCertSn, String reason) {
      refused.add(alipayCertSn + ": " + reason);
    }

    @Override
    public void expiring(AlipayCertificate certificate, Duration left) {
      expiring.add(certificate);
    }
  }

  AlipaySimulator alipay;
  SimulatorCertificates pki;
  MutableClock clock;
  Recorder recorder;
  AlipayClient client;

  @BeforeEach
  void start() {
    alipay = AlipaySimulator.builder().certificateMode(true).start();
    pki = alipay.certificates();
    clock = new MutableClock(Instant.now());
    recorder = new Recorder();
  }

  @AfterEach
  void stop() {
    if (client != null) client.close();
    alipay.close();
  }

  private AlipayClient client(CertificateMode.Builder mode) {
    client =
        new AlipayClient(
            AlipayConfig.builder()
                .appId(alipay.appId())
                .appPrivateKey(alipay.appPrivateKeyPem())
                .certificateMode(
                    mode.appCert(pki.appCertPem())
                        .alipayPublicCert(pki.alipayCertPem())
                        .alipayRootCert(pki.alipayRootCertPem()))
                .certificateListener(recorder)
                .clock(clock)
                .gatewayUrl(alipay.gatewayUrl())
                .build());
    client.prepay(
        new PrepayRequest(
            "L1",
            PayType.MP,
            100,
            "CNY",
            "VIP",
            "http://127.0.0.1:1/n",
            Instant.now().plusSeconds(600),
            AlipaySimulator.DEFAULT_BUYER_ID,
            null,
            null));
    return client;
  }

  private AlipayClient client() {
    return client(CertificateMode.builder());
  }

  private static void assertSignatureInvalid(Runnable call, String... fragments) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            UniPayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID))
        .message()
        .contains(fragments);
  }

  @Test
  void certificatesListTheAppCertificateThenEveryTrustedAlipayCertificateNewestFirst() {
    String originalSn = pki.alipayCertSn();
    client();
    assertThat(client.certificates())
        .extracting(AlipayCertificate::kind, AlipayCertificate::sn, AlipayCertificate::downloaded)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Kind.APP, pki.appCertSn(), false),
            org.assertj.core.groups.Tuple.tuple(Kind.ALIPAY, originalSn, false));

    String newSn = pki.rotateAlipayCertificate();
    client.query("L1");

    assertThat(client.certificates())
        .extracting(AlipayCertificate::sn)
        .containsExactly(pki.appCertSn(), newSn, originalSn);
    AlipayCertificate accepted = client.certificates().get(1);
    assertThat(accepted.downloaded()).isTrue();
    assertThat(accepted.subject()).contains("Simulated Alipay Public Key");
    assertThat(accepted.issuer()).contains("Simulated Alipay CA Class 2 R1");
    assertThat(accepted.notAfter()).isAfter(Instant.now());
    assertThat(recorder.accepted).containsExactly(accepted);
    assertThat(recorder.refused).isEmpty();
  }

  @Test
  void anImpostorCertificateChangesNoStateAndIsReportedAsRefused() {
    client();
    List<AlipayCertificate> before = client.certificates();
    String impostorSn = pki.rotateToImpostorCertificate();

    assertSignatureInvalid(() -> client.query("L1"), impostorSn, "configured root");

    assertThat(client.certificates()).isEqualTo(before);
    assertThat(recorder.accepted).isEmpty();
    assertThat(recorder.refused).singleElement().asString().startsWith(impostorSn);
  }

  @Test
  void aRefusedSnIsNotDownloadedAgainWithinTheRetryInterval() {
    client(CertificateMode.builder().downloadRetryInterval(Duration.ofMinutes(5)));
    pki.rotateToImpostorCertificate();
    assertSignatureInvalid(() -> client.query("L1"), "configured root");

    clock.advance(Duration.ofMinutes(4));
    assertSignatureInvalid(() -> client.query("L1"), "not downloaded again before");
    assertThat(alipay.truth().certificateDownloads()).hasSize(1);

    clock.advance(Duration.ofMinutes(2));
    assertSignatureInvalid(() -> client.query("L1"), "configured root");
    assertThat(alipay.truth().certificateDownloads()).hasSize(2);
  }

  @Test
  void downloadsAreCappedPerHourOverAllSns() {
    client(CertificateMode.builder().maxDownloadsPerHour(2));
    for (int i = 0; i < 2; i++) {
      pki.rotateToImpostorCertificate();
      assertSignatureInvalid(() -> client.query("L1"), "configured root");
    }
    String third = pki.rotateToImpostorCertificate();

    assertSignatureInvalid(() -> client.query("L1"), third, "within an hour");

    assertThat(alipay.truth().certificateDownloads()).hasSize(2);
    clock.advance(Duration.ofMinutes(61));
    pki.rotateAlipayCertificate();
    assertThat(client.query("L1").state()).isEqualTo(TradeState.NOT_PAID);
  }

  @Test
  void aDownloadedCertificateNotValidAtTheClientsClockIsRefused() {
    client();
    String shortLived = pki.rotateAlipayCertificate(Instant.now().plus(Duration.ofDays(2)));
    clock.advance(Duration.ofDays(5));

    assertSignatureInvalid(() -> client.query("L1"), shortLived, "not valid at");

    assertThat(recorder.accepted).isEmpty();
  }

  @Test
  void aBadlySignedDownloadAnswerIsRefusedAndNotCached() {
    client();
    String newSn = pki.rotateAlipayCertificate();
    alipay.faults().injectFault(DOWNLOAD, Fault.BAD_RESPONSE_SIGNATURE, 1);

    assertSignatureInvalid(() -> client.query("L1"), newSn, "does not verify");

    clock.advance(Duration.ofMinutes(2));
    assertThat(client.query("L1").state()).isEqualTo(TradeState.NOT_PAID);
    assertThat(alipay.truth().certificateDownloads()).containsExactly(newSn, newSn);
  }

  @Test
  void aDownloadThatFailsInTransitLeavesAQueryUnavailableNotForged() {
    client();
    pki.rotateAlipayCertificate();
    alipay.faults().injectFault(DOWNLOAD, Fault.HTTP_502, 1);

    assertThatThrownBy(() -> client.query("L1"))
        .isInstanceOfSatisfying(
            UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));

    clock.advance(Duration.ofMinutes(2));
    assertThat(client.query("L1").state()).isEqualTo(TradeState.NOT_PAID);
  }

  @Test
  void certificatesCloseToExpiryAreReportedOnceEach() {
    String soon = pki.rotateAlipayCertificate(Instant.now().plus(Duration.ofDays(10)));
    client(CertificateMode.builder().expiryWarning(Duration.ofDays(30)));

    client.query("L1");
    client.query("L1");

    assertThat(recorder.expiring).extracting(AlipayCertificate::sn).containsExactly(soon);
  }

  @Test
  void theAppCertificateIsReportedWhenItExpiresWithinTheWarningPeriod() {
    clock.advance(Duration.ofDays(3640)); // the simulator's certificates are valid 3650 days

    client();

    assertThat(recorder.expiring)
        .extracting(AlipayCertificate::kind)
        .containsExactly(Kind.APP, Kind.ALIPAY);
  }

  @Test
  void publicKeyModeHasNoCertificates() {
    try (AlipaySimulator plain = AlipaySimulator.start();
        AlipayClient c =
            new AlipayClient(
                AlipayConfig.builder()
                    .appId(plain.appId())
                    .appPrivateKey(plain.appPrivateKeyPem())
                    .alipayPublicKey(plain.alipayPublicKeyPem())
                    .gatewayUrl(plain.gatewayUrl())
                    .build())) {
      assertThat(c.certificates()).isEmpty();
    }
  }

  @Test
  void certificateModeSettingsAreValidated() {
    assertThatThrownBy(() -> CertificateMode.builder().maxDownloadsPerHour(0))
        .isInstanceOfSatisfying(
            UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION_INVALID));
    assertThatThrownBy(() -> CertificateMode.builder().appCert(pki.appCertPem()).build())
        .isInstanceOf(UniPayException.class)
        .hasMessageContaining("alipayPublicCert required");
  }
}
