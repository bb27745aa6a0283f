package io.unipay.spring;

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
import io.unipay.core.spi.TransferCommand;
import io.unipay.core.spi.TransferSnapshot;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A {@link PayClient} that delegates every method to the provider's client and times the ones that
 * call the provider with {@link ProviderCallMetrics}. Local work (parsing notifications,
 * acknowledgements, checks, ids) is delegated untimed. Every method of {@link PayClient}, default
 * ones included, is overridden here, so the provider's own implementation always runs.
 */
final class MeteredPayClient implements PayClient {
  private final PayClient client;
  private final ProviderCallMetrics metrics;

  MeteredPayClient(PayClient client, ProviderCallMetrics metrics) {
    this.client = client;
    this.metrics = metrics;
  }

  @Override
  public Provider provider() {
    return client.provider();
  }

  @Override
  public String merchantId() {
    return client.merchantId();
  }

  @Override
  public Optional<String> appId(PayType payType) {
    return client.appId(payType);
  }

  @Override
  public Optional<String> appId(PayType payType, String type) {
    return client.appId(payType, type);
  }

  @Override
  public String newOutTradeNo(Supplier<String> engineIds) {
    return client.newOutTradeNo(engineIds);
  }

  @Override
  public TradeSnapshot verifyPurchase(String outTradeNo, String clientProof) {
    return metrics.time(
        client, "verify_purchase", () -> client.verifyPurchase(outTradeNo, clientProof));
  }

  @Override
  public Optional<RefundSnapshot> providerRefund(TradeSnapshot verified) {
    return client.providerRefund(verified); // local work on a verified trade: not a provider call
  }

  @Override
  public int maxDescriptionBytes() {
    return client.maxDescriptionBytes();
  }

  @Override
  public PrepayResult prepay(PrepayRequest request) {
    return metrics.time(client, "prepay", () -> client.prepay(request));
  }

  @Override
  public TradeSnapshot query(String outTradeNo) {
    return metrics.time(client, "query", () -> client.query(outTradeNo));
  }

  @Override
  public CloseResult close(String outTradeNo) {
    return metrics.time(client, "close", () -> client.close(outTradeNo));
  }

  @Override
  public RefundSnapshot refund(RefundCommand command) {
    return metrics.time(client, "refund", () -> client.refund(command));
  }

  @Override
  public RefundSnapshot queryRefund(String outTradeNo, String outRefundNo) {
    return metrics.time(
        client, "query_refund", () -> client.queryRefund(outTradeNo, outRefundNo));
  }

  @Override
  public ProviderNotification parseNotification(NotifyRequest request) {
    return client.parseNotification(request);
  }

  @Override
  public NotifyResponse acknowledge(boolean success, String message) {
    return client.acknowledge(success, message);
  }

  @Override
  public void checkTransfer(TransferCommand command) {
    client.checkTransfer(command);
  }

  @Override
  public TransferSnapshot transfer(TransferCommand command) {
    return metrics.time(client, "transfer", () -> client.transfer(command));
  }

  @Override
  public TransferSnapshot queryTransfer(String outBillNo) {
    return metrics.time(client, "query_transfer", () -> client.queryTransfer(outBillNo));
  }

  @Override
  public TransferSnapshot cancelTransfer(String outBillNo) {
    return metrics.time(client, "cancel_transfer", () -> client.cancelTransfer(outBillNo));
  }

  @Override
  public TradeBill openTradeBill(LocalDate day) {
    return metrics.time(client, "open_trade_bill", () -> client.openTradeBill(day));
  }

  @Override
  public String toString() {
    return client.toString();
  }
}
