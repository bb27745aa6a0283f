package io.unipay.core.spi;

import io.unipay.core.NotifyRequest;
import io.unipay.core.NotifyResponse;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import java.util.Optional;

/**
 * One provider account (a WeChat Pay merchant with its app ids, or an Alipay app): signing,
 * verification and the provider's HTTP API behind a provider-neutral interface.
 *
 * <p>Implementations are thread-safe and shared; keys are parsed once at construction.
 *
 * <p>Failures are thrown as {@link io.unipay.core.UniPayException}:
 * {@link io.unipay.core.ProviderRejectedException} when the provider answered no;
 * {@code PROVIDER_UNAVAILABLE} when nothing was sent (or the provider asked to retry);
 * {@code OUTCOME_UNKNOWN} when a request was sent and no valid answer came back;
 * {@code SIGNATURE_INVALID} when a response did not verify.
 */
public interface PayClient {

  /** Which provider this client talks to. */
  Provider provider();

  /** The merchant id the provider reports in results (WeChat mchid; Alipay seller id or app id). */
  String merchantId();

  /** The provider app id configured for a pay type, or empty when the pay type is not set up. */
  Optional<String> appId(PayType payType);

  /** The provider's limit on the description (WeChat 127 bytes UTF-8, Alipay 256 chars). */
  default int maxDescriptionBytes() {
    return 127;
  }

  /** Creates the trade at the provider (or builds the signed order string) for the client. */
  PrepayResult prepay(PrepayRequest request);

  /** Queries the trade; {@link TradeState#NOT_FOUND} when the provider does not know it. */
  TradeSnapshot query(String outTradeNo);

  /** Closes the trade so it can no longer be paid. */
  CloseResult close(String outTradeNo);

  /** Requests a refund; idempotent for the same {@code outRefundNo}. */
  RefundSnapshot refund(RefundCommand command);

  /** Queries a refund by our refund number. */
  RefundSnapshot queryRefund(String outTradeNo, String outRefundNo);

  /**
   * Verifies and parses a notification over its raw bytes. Throws
   * {@link io.unipay.core.NotifyRejectedException} for anything that fails a check; never returns
   * unverified data.
   */
  ProviderNotification parseNotification(NotifyRequest request);

  /** The provider's acknowledgement format: success stops redelivery, failure asks for it. */
  NotifyResponse acknowledge(boolean success, String message);
}
