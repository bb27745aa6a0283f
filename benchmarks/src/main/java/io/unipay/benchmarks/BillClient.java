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
 * A provider account that only serves trade bills (a clean day makes no other call; any other
 * call fails the benchmark).
 */
final class BillClient implements PayClient {
  private final Provider provider;
  private final String merchantId;
  private final String appId;
  private final Function<LocalDate, TradeBill> bills;

  BillClient(
      Provider provider, String merchantId, String appId, Function<LocalDate, TradeBill> bills) {
    this.provider = provider;
    this.merchantId = merchantId;
    this.appId = appId;
    this.bills = bills;
  }

  @Override
  public TradeBill openTradeBill(LocalDate day) {
    return bills.apply(day);
  }

  @Override
  public Provider provider() {
    return provider;
  }

  @Override
  public String merchantId() {
    return merchantId;
  }

  @Override
  public Optional<String> appId(PayType payType) {
    return Optional.of(appId);
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
