package io.unipay.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.fake.MutableClock;
import io.unipay.core.order.PayType;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.spi.CloseResult;
import io.unipay.core.spi.PrepayRequest;
import io.unipay.core.spi.PrepayResult;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.core.spi.RefundCommand;
import io.unipay.core.spi.TradeState;
import io.unipay.testkit.alipay.AlipaySimulator;
import io.unipay.testkit.alipay.SimulatorCertificates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alipay re-issues its public-key certificate (issue 20): the client downloads the new one once,
 * checks it against the configured root bundle and keeps verifying, against the simulator over
 * loopback HTTP with real certificates.
 */
class CertificateRotationTest {
  private static final String DOWNLOAD = "alipay.open.app.alipaycert.download";

  AlipaySimulator alipay;
  SimulatorCertificates pki;
  MutableClock clock;
  AlipayClient client;
  NotifyReceiver merchant;
  String originalSn;

  @BeforeEach
  void start() {
    alipay = AlipaySimulator.builder().certificateMode(true).start();
    pki = alipay.certificates();
    originalSn = pki.alipayCertSn();
    clock = new MutableClock(Instant.now());
    client = new AlipayClient(configFor(alipay).clock(clock).build());
    merchant = new NotifyReceiver(client);
  }

  @AfterEach
  void stop() {
    merchant.close();
    client.close();
    alipay.close();
  }

  static AlipayConfig.Builder configFor(AlipaySimulator simulator) {
    return AlipayConfig.builder()
        .appId(simulator.appId())
        .appPrivateKey(simulator.appPrivateKeyPem())
        .appCert(simulator.certificates().appCertPem())
        .alipayPublicCert(simulator.certificates().alipayCertPem())
        .alipayRootCert(simulator.certificates().alipayRootCertPem())
        .gatewayUrl(simulator.gatewayUrl());
  }

  private PrepayRequest request(String outTradeNo, PayType type) {
    return new PrepayRequest(
        outTradeNo,
        type,
        1000,
        "CNY",
        "VIP",
        merchant.url(),
        Instant.now().plus(Duration.ofMinutes(30)),
        type == PayType.MP ? AlipaySimulator.DEFAULT_BUYER_ID : null,
        null,
        null);
  }

  private List<String> downloads() {
    return alipay.truth().certificateDownloads();
  }

  @Test
  void afterARotationQueryRefundCloseCreateAndNotificationsSucceedWithExactlyOneDownload()
      throws Exception {
    String newSn = pki.rotateAlipayCertificate();

    assertThat(client.prepay(request("R1", PayType.MP)))
        .isInstanceOf(PrepayResult.AlipayTradeNo.class);
    alipay.pay("R1");
    assertThat(alipay.truth().awaitAcknowledged("R1", Duration.ofSeconds(10))).isTrue();
    assertThat(client.query("R1").state()).isEqualTo(TradeState.PAID);
    assertThat(
            client
                .refund(new RefundCommand("R1", null, "RF1", 300, 1000, "CNY", null, null))
                .status())
        .isEqualTo(RefundStatus.SUCCESS);
    client.prepay(request("R2", PayType.NATIVE));
    alipay.scan("R2");
    assertThat(client.close("R2")).isEqualTo(CloseResult.CLOSED);

    assertThat(downloads()).containsExactly(newSn);
    assertThat(merchant.rejected).isEmpty();
    assertThat(merchant.accepted).singleElement().isInstanceOf(ProviderNotification.Payment.class);
  }

  @Test
  void aNotificationSignedWithTheNewCertificateVerifiesOnceAnAnswerNamedIt() throws Exception {
    client.prepay(request("N1", PayType.MP));
    pki.rotateAlipayCertificate();
    client.query("N1");

    alipay.pay("N1");

    assertThat(alipay.truth().awaitAcknowledged("N1", Duration.ofSeconds(10))).isTrue();
    assertThat(merchant.rejected).isEmpty();
  }

  @Test
  void twentyConcurrentAnswersUnderANewSnCauseExactlyOneDownload() throws Exception {
    client.prepay(request("C1", PayType.MP));
    String newSn = pki.rotateAlipayCertificate();
    ExecutorService pool = Executors.newFixedThreadPool(20);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<TradeState>> results = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      results.add(
          pool.submit(
              () -> {
                go.await();
                return client.query("C1").state();
              }));
    }

    go.countDown();

    for (Future<TradeState> f : results) {
      assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(TradeState.NOT_PAID);
    }
    pool.shutdown();
    assertThat(downloads()).containsExactly(newSn);
  }

  @Test
  void aCertificateIssuedByAnImpostorRootWithTheGenuineNameIsRefusedAndNothingChanges() {
    client.prepay(request("I1", PayType.MP));
    String impostorSn = pki.rotateToImpostorCertificate();

    assertThatThrownBy(() -> client.query("I1"))
        .isInstanceOfSatisfying(
            UniPayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID))
        .hasMessageContaining(impostorSn)
        .hasMessageContaining("root");

    assertThat(downloads()).containsExactly(impostorSn);
    pki.signWith(originalSn);
    assertThat(client.query("I1").state()).isEqualTo(TradeState.NOT_PAID);
    pki.signWith(impostorSn);
    clock.advance(Duration.ofMinutes(10));
    assertThatThrownBy(() -> client.query("I1"))
        .isInstanceOfSatisfying(
            UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID));
    assertThat(downloads()).containsExactly(impostorSn, impostorSn); // never cached
  }

  @Test
  void aCertificateWhoseSnIsNotTheOneRequestedIsRefusedAndNeverCached() {
    client.prepay(request("M1", PayType.MP));
    String newSn = pki.rotateAlipayCertificate();
    alipay.faults().serveAnotherCertificateOnDownload(originalSn, 1);

    assertThatThrownBy(() -> client.query("M1"))
        .isInstanceOfSatisfying(
            UniPayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID))
        .hasMessageContaining(newSn)
        .hasMessageContaining(originalSn);

    clock.advance(Duration.ofMinutes(10));
    assertThat(client.query("M1").state()).isEqualTo(TradeState.NOT_PAID);
    assertThat(downloads()).containsExactly(newSn, newSn);
  }

  @Test
  void theOldCertificateStillVerifiesAnswersAndNotificationsThatNameIt() throws Exception {
    client.prepay(request("O1", PayType.MP));
    String newSn = pki.rotateAlipayCertificate();
    assertThat(client.query("O1").state()).isEqualTo(TradeState.NOT_PAID);

    pki.signWith(originalSn);

    assertThat(client.query("O1").state()).isEqualTo(TradeState.NOT_PAID);
    alipay.pay("O1");
    assertThat(alipay.truth().awaitAcknowledged("O1", Duration.ofSeconds(10))).isTrue();
    assertThat(merchant.rejected).isEmpty();
    assertThat(downloads()).containsExactly(newSn);
  }
}
