package io.unipay.benchmarks;

import io.unipay.core.NotifyRequest;
import io.unipay.core.NotifyResponse;
import io.unipay.core.bill.TradeBill;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.CloseResult;
import io.unipay.core.spi.PayClient;
import io.unipay.core.spi.PrepayRequest;
import io.unipay.core.spi.PrepayResult;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.core.spi.RefundCommand;
import io.unipay.core.spi.RefundSnapshot;
import io.unipay.core.spi.TradeSnapshot;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Function;

/**
 * A WeChat account that only serves trade bills (a clean day makes no other call; any other call
 * fails the benchmark).
 */
final class BillClient implements PayClient {
  private final Function<LocalDate, TradeBill> bills;

  BillClient(Function<LocalDate, TradeBill> bills) {
    this.bills = bills;
  }

  @Override
  public TradeBill openTradeBill(LocalDate day) {
    return bills.apply(day);
  }

  @Override
  public Provider provider() {
    return Provider.WXPAY;
  }

  @Override
  public String merchantId() {
    return SyntheticBill.MCHID;
  }

  @Override
  public Optional<String> appId(PayType payType) {
    return Optional.of(SyntheticBill.APPID);
  }

  @Override
  public PrepayResult prepay(PrepayRequest request) {
    throw unexpected("prepay");
  }

  @Override
  public TradeSnapshot query(String outTradeNo) {
    throw unexpected("query " + outTradeNo);
  }

  @Override
  public CloseResult close(String outTradeNo) {
    throw unexpected("close");
  }

  @Override
  public RefundSnapshot refund(RefundCommand command) {
    throw unexpected("refund");
  }

  @Override
  public RefundSnapshot queryRefund(String outTradeNo, String outRefundNo) {
    throw unexpected("refund query " + outRefundNo);
  }

  @Override
  public ProviderNotification parseNotification(NotifyRequest request) {
    throw unexpected("notification");
  }

  @Override
  public NotifyResponse acknowledge(boolean success, String message) {
    throw unexpected("acknowledge");
  }

  private static IllegalStateException unexpected(String call) {
    return new IllegalStateException("a clean day makes no " + call + " call");
  }
}
