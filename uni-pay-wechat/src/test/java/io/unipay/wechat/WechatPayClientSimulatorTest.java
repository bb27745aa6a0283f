package io.unipay.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ProviderRejectedException;
import io.unipay.core.order.PayType;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.spi.CloseResult;
import io.unipay.core.spi.PrepayResult;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.core.spi.RefundCommand;
import io.unipay.core.spi.RefundSnapshot;
import io.unipay.core.spi.TradeSnapshot;
import io.unipay.core.spi.TradeState;
import io.unipay.testkit.wechat.Fault;
import io.unipay.testkit.wechat.NotificationDelivery;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** WechatPayClient against the WeChat Pay simulator over loopback HTTP, in every key mode. */
class WechatPayClientSimulatorTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @ParameterizedTest
  @ValueSource(strings = {"public-key", "certificate", "combined"})
  void everyPayTypePreparesWhatItsClientNeeds(String mode) {
    try (Harness h = new Harness(mode)) {
      PrepayResult jsapi = h.client.prepay(h.order("jsapi0000001", PayType.JSAPI, 100));
      PrepayResult mp = h.client.prepay(h.order("mp0000000001", PayType.MP, 100));
      PrepayResult app = h.client.prepay(h.order("app000000001", PayType.APP, 100));
      PrepayResult nativeQr = h.client.prepay(h.order("native000001", PayType.NATIVE, 100));
      PrepayResult h5 = h.client.prepay(h.order("h50000000001", PayType.H5, 100));

      assertThat(jsapi)
          .isInstanceOfSatisfying(
              PrepayResult.WechatJsapi.class,
              j -> {
                assertThat(j.packageValue()).startsWith("prepay_id=wx");
                assertThat(
                        verifiesWithMerchantKey(
                            h,
                            j.paySign(),
                            j.appId(),
                            j.timeStamp(),
                            j.nonceStr(),
                            j.packageValue()))
                    .isTrue();
              });
      assertThat(mp).isInstanceOf(PrepayResult.WechatJsapi.class);
      assertThat(app)
          .isInstanceOfSatisfying(
              PrepayResult.WechatApp.class,
              a -> {
                assertThat(a.packageValue()).isEqualTo("Sign=WXPay");
                assertThat(a.partnerid()).isEqualTo(h.sim.mchid());
                assertThat(
                        verifiesWithMerchantKey(
                            h, a.sign(), a.appid(), a.timestamp(), a.noncestr(), a.prepayid()))
                    .isTrue();
              });
      assertThat(nativeQr)
          .isInstanceOfSatisfying(
              PrepayResult.QrCode.class,
              q -> assertThat(q.codeUrl()).startsWith("weixin://wxpay/bizpayurl?pr="));
      assertThat(h5)
          .isInstanceOfSatisfying(
              PrepayResult.RedirectUrl.class,
              r -> assertThat(r.url()).startsWith("https://wx.tenpay.com/"));
      assertThat(h.sim.trade("mp0000000001").orElseThrow().tradeType()).isEqualTo("JSAPI");
      assertThat(h.sim.trade("h50000000001").orElseThrow().tradeType()).isEqualTo("MWEB");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"public-key", "certificate", "combined"})
  void samePrepayTwiceReturnsTheSamePrepayId(String mode) {
    try (Harness h = new Harness(mode)) {
      var order = h.order("idem00000001", PayType.APP, 100);
      PrepayResult.WechatApp first = (PrepayResult.WechatApp) h.client.prepay(order);
      PrepayResult.WechatApp second = (PrepayResult.WechatApp) h.client.prepay(order);

      assertThat(second.prepayid()).isEqualTo(first.prepayid());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"public-key", "certificate", "combined"})
  void paymentIsNotifiedAcknowledgedAndVisibleByQuery(String mode) {
    try (Harness h = new Harness(mode)) {
      h.client.prepay(h.order("paid00000001", PayType.NATIVE, 888));
      assertThat(h.client.query("paid00000001").state()).isEqualTo(TradeState.NOT_PAID);

      String transactionId = h.sim.pay("paid00000001");
      h.sim.awaitAcknowledged("paid00000001", WAIT);

      assertThat(h.received)
          .singleElement()
          .isInstanceOfSatisfying(
              ProviderNotification.Payment.class,
              p -> {
                TradeSnapshot trade = p.trade();
                assertThat(trade.outTradeNo()).isEqualTo("paid00000001");
                assertThat(trade.state()).isEqualTo(TradeState.PAID);
                assertThat(trade.totalFee()).isEqualTo(888);
                assertThat(trade.transactionId()).isEqualTo(transactionId);
                assertThat(trade.merchantId()).isEqualTo(h.sim.mchid());
                assertThat(trade.appId()).isEqualTo(h.sim.appId());
                assertThat(trade.payerId()).isNotEmpty();
                assertThat(trade.paidAt()).isNotNull();
              });
      TradeSnapshot queried = h.client.query("paid00000001");
      assertThat(queried.state()).isEqualTo(TradeState.PAID);
      assertThat(queried.transactionId()).isEqualTo(transactionId);
      assertThat(queried.totalFee()).isEqualTo(888);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"public-key", "certificate", "combined"})
  void closeAnswersClosedNotFoundOrAlreadyPaid(String mode) {
    try (Harness h = new Harness(mode)) {
      h.client.prepay(h.order("close0000001", PayType.NATIVE, 100));
      h.client.prepay(h.order("close0000002", PayType.NATIVE, 100));
      h.sim.pay("close0000002");

      assertThat(h.client.close("close0000001")).isEqualTo(CloseResult.CLOSED);
      assertThat(h.client.query("close0000001").state()).isEqualTo(TradeState.CLOSED);
      assertThat(h.client.close("close0000001")).isEqualTo(CloseResult.CLOSED);
      assertThat(h.client.close("close0000002")).isEqualTo(CloseResult.ALREADY_PAID);
      assertThat(h.client.close("neverCreated1")).isEqualTo(CloseResult.NOT_FOUND);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"public-key", "certificate", "combined"})
  void unknownTradeQueriesAsNotFound(String mode) {
    try (Harness h = new Harness(mode)) {
      assertThat(h.client.query("neverCreated1"))
          .isEqualTo(TradeSnapshot.notFound("neverCreated1"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"public-key", "certificate", "combined"})
  void refundIsIdempotentQueryableAndNotified(String mode) {
    try (Harness h = new Harness(mode)) {
      h.client.prepay(h.order("refund000001", PayType.JSAPI, 1000));
      String transactionId = h.sim.pay("refund000001");
      h.sim.awaitAcknowledged("refund000001", WAIT);
      RefundCommand command =
          new RefundCommand(
              "refund000001",
              transactionId,
              "R-refund000001-1",
              300,
              1000,
              "CNY",
              "退货",
              h.notifyUrl("/notify/wxpay/refund"));

      RefundSnapshot accepted = h.client.refund(command);
      RefundSnapshot again = h.client.refund(command);

      assertThat(accepted.status()).isEqualTo(RefundStatus.PROCESSING);
      assertThat(accepted.refundFee()).isEqualTo(300);
      assertThat(accepted.outTradeNo()).isEqualTo("refund000001");
      assertThat(again.refundId()).isEqualTo(accepted.refundId());
      assertThat(h.client.query("refund000001").state()).isEqualTo(TradeState.REFUNDED);

      h.sim.completeRefund("R-refund000001-1", "SUCCESS");
      h.sim.awaitDelivery(d -> d.eventType().equals("REFUND.SUCCESS") && d.acknowledged(), WAIT);

      assertThat(h.received)
          .last()
          .isInstanceOfSatisfying(
              ProviderNotification.RefundResult.class,
              r -> {
                assertThat(r.refund().outRefundNo()).isEqualTo("R-refund000001-1");
                assertThat(r.refund().status()).isEqualTo(RefundStatus.SUCCESS);
                assertThat(r.refund().refundFee()).isEqualTo(300);
                assertThat(r.refund().successAt()).isNotNull();
              });
      RefundSnapshot queried = h.client.queryRefund("refund000001", "R-refund000001-1");
      assertThat(queried.status()).isEqualTo(RefundStatus.SUCCESS);
      assertThat(queried.refundId()).isEqualTo(accepted.refundId());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"public-key", "certificate", "combined"})
  void refundBeyondTheBalanceIsRejectedAsNotEnough(String mode) {
    try (Harness h = new Harness(mode)) {
      h.client.prepay(h.order("refund000002", PayType.APP, 500));
      h.sim.pay("refund000002");
      h.client.refund(new RefundCommand("refund000002", null, "R2-a", 400, 500, "CNY", null, null));

      assertThatThrownBy(
              () ->
                  h.client.refund(
                      new RefundCommand("refund000002", null, "R2-b", 200, 500, "CNY", null, null)))
          .isInstanceOfSatisfying(
              ProviderRejectedException.class,
              e -> {
                assertThat(e.providerCode()).isEqualTo("NOT_ENOUGH");
                assertThat(e.httpStatus()).isEqualTo(403);
                assertThat(e.getMessage()).contains("refund000002", "R2-b");
              });
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"public-key", "certificate", "combined"})
  void closedAndAbnormalRefundsAreNotified(String mode) {
    try (Harness h = new Harness(mode)) {
      h.client.prepay(h.order("refund000003", PayType.NATIVE, 500));
      h.sim.pay("refund000003");
      String url = h.notifyUrl("/notify/wxpay/refund");
      h.client.refund(new RefundCommand("refund000003", null, "R3-a", 100, 500, "CNY", null, url));
      h.client.refund(new RefundCommand("refund000003", null, "R3-b", 100, 500, "CNY", null, url));

      h.sim.completeRefund("R3-a", "CLOSED");
      h.sim.completeRefund("R3-b", "ABNORMAL");
      h.sim.awaitDelivery(d -> d.eventType().equals("REFUND.CLOSED") && d.acknowledged(), WAIT);
      h.sim.awaitDelivery(d -> d.eventType().equals("REFUND.ABNORMAL") && d.acknowledged(), WAIT);

      assertThat(h.received)
          .filteredOn(n -> n instanceof ProviderNotification.RefundResult)
          .extracting(n -> ((ProviderNotification.RefundResult) n).refund().status())
          .containsExactlyInAnyOrder(RefundStatus.CLOSED, RefundStatus.ABNORMAL);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"public-key", "certificate"})
  void rejectedNotificationIsRedeliveredUntilAcknowledged(String mode) {
    try (Harness h = new Harness(mode)) {
      h.client.prepay(h.order("redeliver001", PayType.NATIVE, 100));
      h.sim.inject(Fault.BAD_NOTIFICATION_SIGNATURE, 1);
      h.sim.inject(Fault.SIGNTEST_PROBE_NOTIFICATION, 1);

      h.sim.pay("redeliver001");
      NotificationDelivery acknowledged = h.sim.awaitAcknowledged("redeliver001", WAIT);

      assertThat(acknowledged.attempt()).isEqualTo(3);
      assertThat(h.sim.deliveries())
          .extracting(NotificationDelivery::httpStatus)
          .containsExactly(500, 500, 204);
      assertThat(h.rejections).containsExactlyInAnyOrder("BAD_SIGNATURE", "SIGNTEST_PROBE");
      assertThat(h.received).hasSize(1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"public-key", "certificate", "combined"})
  void duplicateNotificationParsesToTheSamePayment(String mode) {
    try (Harness h = new Harness(mode)) {
      h.client.prepay(h.order("dup000000001", PayType.NATIVE, 100));
      h.sim.pay("dup000000001");
      h.sim.awaitAcknowledged("dup000000001", WAIT);

      h.sim.duplicateNotify("dup000000001");
      h.sim.awaitDelivery(
          d ->
              d.outTradeNo().equals("dup000000001")
                  && d.attempt() == 1
                  && h.sim.deliveries().stream().filter(NotificationDelivery::acknowledged).count()
                      == 2,
          WAIT);

      assertThat(h.received).hasSize(2);
      assertThat(h.received.get(1)).isEqualTo(h.received.get(0));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"PUBLIC_KEY", "CERTIFICATE", "MIXED"})
  void simulatorPropertiesConfigureAClientInThreeLines(String mode) {
    try (var wechat =
            io.unipay.testkit.wechat.WechatPaySimulator.builder()
                .signingMode(io.unipay.testkit.wechat.WechatPaySimulator.SigningMode.valueOf(mode))
                .start();
        var client =
            new WechatPayClient(
                WechatPayConfig.builder().properties(wechat.clientProperties()).build())) {
      PrepayResult result =
          client.prepay(
              new io.unipay.core.spi.PrepayRequest(
                  "props0000001",
                  PayType.NATIVE,
                  1,
                  "CNY",
                  "x",
                  "https://example.com/notify/wxpay/native",
                  java.time.Instant.now().plusSeconds(600),
                  null,
                  null,
                  null));

      assertThat(result).isInstanceOf(PrepayResult.QrCode.class);
      assertThat(client.query("props0000001").state()).isEqualTo(TradeState.NOT_PAID);
      assertThat(client.config().downloadsPlatformCertificates())
          .isEqualTo(!mode.equals("PUBLIC_KEY"));
      assertThat(client.config().wechatPayPublicKeyId().isPresent())
          .isEqualTo(!mode.equals("CERTIFICATE"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"public-key", "certificate"})
  void oneClientServesManyThreadsAtOnce(String mode) throws Exception {
    try (Harness h = new Harness(mode)) {
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(8);
      try {
        java.util.List<java.util.concurrent.Future<TradeState>> results =
            new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
          String no = String.format("conc%08d", i);
          results.add(
              pool.submit(
                  () -> {
                    h.client.prepay(h.order(no, PayType.NATIVE, 100));
                    return h.client.query(no).state();
                  }));
        }
        for (java.util.concurrent.Future<TradeState> result : results) {
          assertThat(result.get(30, java.util.concurrent.TimeUnit.SECONDS))
              .isEqualTo(TradeState.NOT_PAID);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static boolean verifiesWithMerchantKey(Harness h, String signature, String... lines) {
    try {
      return verify(h, signature, lines);
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private static boolean verify(Harness h, String signature, String... lines)
      throws java.security.GeneralSecurityException {
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(
        io.unipay.wechat.internal.Pem.certificate(h.sim.merchantCertificatePem(), "cert"));
    verifier.update(
        (String.join("\n", lines) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return verifier.verify(Base64.getDecoder().decode(signature));
  }
}
