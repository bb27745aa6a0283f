package io.unipay.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ProviderRejectedException;
import io.unipay.core.order.PayType;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.spi.CloseResult;
import io.unipay.core.spi.PrepayRequest;
import io.unipay.core.spi.PrepayResult;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.core.spi.RefundCommand;
import io.unipay.core.spi.RefundSnapshot;
import io.unipay.core.spi.TradeSnapshot;
import io.unipay.core.spi.TradeState;
import io.unipay.testkit.alipay.AlipaySimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every pay type and operation against the simulator over loopback HTTP; run per key mode. */
abstract class AlipayClientContract {
  private static final AtomicInteger SEQ = new AtomicInteger();

  AlipaySimulator alipay;
  AlipayClient client;
  NotifyReceiver merchant;

  abstract AlipaySimulator startSimulator();

  abstract AlipayConfig.Builder configFor(AlipaySimulator simulator);

  @BeforeEach
  void start() {
    alipay = startSimulator();
    client = new AlipayClient(configFor(alipay).build());
    merchant = new NotifyReceiver(client);
  }

  @AfterEach
  void stop() {
    merchant.close();
    client.close();
    alipay.close();
  }

  static String newOutTradeNo() {
    return "T" + System.nanoTime() + SEQ.incrementAndGet();
  }

  PrepayRequest request(String outTradeNo, PayType type, long fen) {
    return new PrepayRequest(outTradeNo, type, fen, "CNY", "VIP 月卡 & more", merchant.url(),
        Instant.now().plus(Duration.ofMinutes(30)),
        type == PayType.MP ? "2088102122524333" : null, null, "https://shop.example.com/done");
  }

  String paidNativeTrade(long fen) {
    String no = newOutTradeNo();
    client.prepay(request(no, PayType.NATIVE, fen));
    alipay.pay(no);
    return no;
  }

  @Test
  void nativePrepayGivesAQrCodeAndTheTradeIsUnknownUntilScanned() {
    String no = newOutTradeNo();

    PrepayResult result = client.prepay(request(no, PayType.NATIVE, 1));

    assertThat(result).isInstanceOfSatisfying(PrepayResult.QrCode.class,
        qr -> assertThat(qr.codeUrl()).startsWith("https://qr.alipay.com/"));
    assertThat(client.query(no).state()).isEqualTo(TradeState.NOT_FOUND);
    alipay.scan(no);
    assertThat(client.query(no).state()).isEqualTo(TradeState.NOT_PAID);
  }

  @Test
  void mpPrepayCreatesTheTradeForTheBuyer() {
    String no = newOutTradeNo();

    PrepayResult result = client.prepay(request(no, PayType.MP, 990));

    assertThat(result).isInstanceOf(PrepayResult.AlipayTradeNo.class);
    TradeSnapshot trade = client.query(no);
    assertThat(trade.state()).isEqualTo(TradeState.NOT_PAID);
    assertThat(trade.transactionId()).isEqualTo(((PrepayResult.AlipayTradeNo) result).tradeNo());
    assertThat(trade.totalFee()).isEqualTo(990);
    assertThat(trade.payerId()).isEqualTo("2088102122524333");
  }

  @Test
  void appOrderStringIsAcceptedByTheSimulatorAndCanBePaid() {
    String no = newOutTradeNo();

    PrepayResult result = client.prepay(request(no, PayType.APP, 12345));

    String orderStr = ((PrepayResult.AlipayOrderString) result).orderStr();
    assertThat(orderStr).contains("method=alipay.trade.app.pay").contains("sign=");
    assertThat(alipay.acceptOrderString(orderStr)).isEqualTo(no);
    alipay.pay(no);
    assertThat(client.query(no).totalFee()).isEqualTo(12345);
  }

  @Test
  void appOrderStringWithAChangedAmountIsRefusedBySimulator() {
    String no = newOutTradeNo();
    String orderStr =
        ((PrepayResult.AlipayOrderString) client.prepay(request(no, PayType.APP, 100))).orderStr();

    assertThatThrownBy(() -> alipay.acceptOrderString(orderStr.replace("1.00", "0.01")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("isv.invalid-signature");
  }

  @Test
  void pageAndWapRedirectUrlsAreAcceptedBySimulator() {
    String page = newOutTradeNo();
    String wap = newOutTradeNo();

    PrepayResult pageResult = client.prepay(request(page, PayType.PAGE, 100));
    PrepayResult wapResult = client.prepay(request(wap, PayType.WAP, 200));

    String pageUrl = ((PrepayResult.RedirectUrl) pageResult).url();
    assertThat(pageUrl).startsWith(alipay.gatewayUrl() + "?").contains("return_url=");
    assertThat(alipay.acceptPageUrl(pageUrl)).isEqualTo(page);
    assertThat(alipay.acceptPageUrl(((PrepayResult.RedirectUrl) wapResult).url())).isEqualTo(wap);
    assertThat(client.query(wap).state()).isEqualTo(TradeState.NOT_PAID);
  }

  @Test
  void htmlFormModeGivesAPostFormTheSimulatorAccepts() {
    try (AlipayClient formClient =
        new AlipayClient(configFor(alipay).pageMode(AlipayConfig.PageMode.HTML_FORM).build())) {
      String no = newOutTradeNo();

      PrepayResult result = formClient.prepay(request(no, PayType.WAP, 300));

      String html = ((PrepayResult.HtmlForm) result).html();
      assertThat(html).contains("method=\"post\"").contains("&quot;out_trade_no&quot;");
      assertThat(alipay.acceptPageForm(html)).isEqualTo(no);
    }
  }

  @Test
  void paymentIsNotifiedVerifiedAndAcknowledged() throws Exception {
    String no = paidNativeTrade(8888);

    assertThat(alipay.truth().awaitAcknowledged(no, Duration.ofSeconds(10))).isTrue();
    assertThat(merchant.accepted).singleElement().isInstanceOfSatisfying(
        ProviderNotification.Payment.class, p -> {
          assertThat(p.trade().outTradeNo()).isEqualTo(no);
          assertThat(p.trade().totalFee()).isEqualTo(8888);
          assertThat(p.trade().state()).isEqualTo(TradeState.PAID);
          assertThat(p.trade().appId()).isEqualTo(alipay.appId());
          assertThat(p.trade().paidAt()).isNotNull();
        });
  }

  @Test
  void queryOfAPaidTradeReportsAmountPayerAndPayTime() {
    String no = paidNativeTrade(8888);

    TradeSnapshot trade = client.query(no);

    assertThat(trade.state()).isEqualTo(TradeState.PAID);
    assertThat(trade.totalFee()).isEqualTo(8888);
    assertThat(trade.payerId()).isEqualTo(AlipaySimulator.DEFAULT_BUYER_ID);
    assertThat(trade.paidAt()).isNotNull();
    assertThat(trade.raw()).contains("TRADE_SUCCESS");
  }

  @Test
  void closeOfAnUnpaidTradeClosesItAndIsRepeatable() {
    String no = newOutTradeNo();
    client.prepay(request(no, PayType.MP, 100));

    assertThat(client.close(no)).isEqualTo(CloseResult.CLOSED);
    assertThat(client.close(no)).isEqualTo(CloseResult.CLOSED);
    assertThat(client.query(no).state()).isEqualTo(TradeState.CLOSED);
  }

  @Test
  void closeOfAPaidTradeSaysAlreadyPaidAndOfAnUnknownTradeNotFound() {
    String paid = paidNativeTrade(100);
    String unscanned = newOutTradeNo();
    client.prepay(request(unscanned, PayType.NATIVE, 100));

    assertThat(client.close(paid)).isEqualTo(CloseResult.ALREADY_PAID);
    assertThat(client.close(unscanned)).isEqualTo(CloseResult.NOT_FOUND);
  }

  @Test
  void partialRefundSucceedsAndARetryWithTheSameNumberIsIdempotent() {
    String no = paidNativeTrade(1000);
    RefundCommand refund = new RefundCommand(no, null, "R" + no, 300, 1000, "CNY", "changed mind", null);

    RefundSnapshot first = client.refund(refund);
    RefundSnapshot retry = client.refund(refund);

    assertThat(first.status()).isEqualTo(RefundStatus.SUCCESS);
    assertThat(first.refundFee()).isEqualTo(300);
    assertThat(retry.status()).isEqualTo(RefundStatus.SUCCESS);
    assertThat(client.queryRefund(no, "R" + no).refundFee()).isEqualTo(300);
    assertThat(client.query(no).state()).isEqualTo(TradeState.PAID);
  }

  @Test
  void refundBeyondThePaidAmountIsRejectedWithAlipaysCode() {
    String no = paidNativeTrade(1000);
    client.refund(new RefundCommand(no, null, "A" + no, 800, 1000, "CNY", null, null));

    assertThatThrownBy(() -> client.refund(new RefundCommand(no, null, "B" + no, 300, 1000, "CNY", null, null)))
        .isInstanceOfSatisfying(ProviderRejectedException.class, e -> {
          assertThat(e.providerCode()).isEqualTo("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL");
          assertThat(e.providerMessage()).isNotEmpty();
          assertThat(e.getMessage()).contains(no);
        });
  }

  @Test
  void fullRefundLeavesTheTradeClosedButReportedAsRefunded() {
    String no = paidNativeTrade(500);

    client.refund(new RefundCommand(no, null, "F" + no, 500, 500, "CNY", null, null));

    assertThat(client.query(no).state()).isEqualTo(TradeState.REFUNDED);
  }

  @Test
  void aFinishedTradeIsPaidButNoLongerRefundable() throws Exception {
    String no = newOutTradeNo();
    String orderStr = ((PrepayResult.AlipayOrderString) client.prepay(request(no, PayType.APP, 700))).orderStr();
    alipay.payOrderString(orderStr);
    assertThat(alipay.truth().awaitAcknowledged(no, Duration.ofSeconds(10))).isTrue();

    alipay.finish(no);

    assertThat(client.query(no).state()).isEqualTo(TradeState.PAID);
    assertThatThrownBy(() -> client.refund(new RefundCommand(no, null, "X" + no, 100, 700, "CNY", null, null)))
        .isInstanceOfSatisfying(ProviderRejectedException.class,
            e -> assertThat(e.providerCode()).isEqualTo("ACQ.TRADE_HAS_FINISHED"));
  }

  @Test
  void refundQueryOfARefundAlipayNeverReceivedIsNotFoundSoItCanBeResent() {
    String no = paidNativeTrade(500);

    assertThatThrownBy(() -> client.queryRefund(no, "never-sent"))
        .isInstanceOfSatisfying(ProviderRejectedException.class,
            e -> assertThat(e.verdict()).isEqualTo(ProviderRejectedException.Verdict.NOT_FOUND));
    RefundSnapshot resent = client.refund(new RefundCommand(no, null, "never-sent", 200, 500, "CNY", "retry", null));
    assertThat(resent.status()).isEqualTo(RefundStatus.SUCCESS);
    assertThat(client.queryRefund(no, "never-sent").status()).isEqualTo(RefundStatus.SUCCESS);
  }
}
