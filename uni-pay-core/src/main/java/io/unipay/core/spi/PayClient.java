package io.unipay.core.spi;

import io.unipay.core.NotifyRequest;
import io.unipay.core.NotifyResponse;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.bill.TradeBill;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Supplier;

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

  /**
   * The provider-side id a payment order of business {@code type} is bound to, stored as the
   * order's {@code provider_appid} and checked against every verified result's {@link
   * TradeSnapshot#appId()}. By default the app id of the pay type; a provider that sells one
   * product per business type (Apple: the product id) answers per type.
   */
  default Optional<String> appId(PayType payType, String type) {
    return appId(payType);
  }

  /**
   * The out_trade_no for a new payment order. By default the engine's generated one; a provider
   * that must bind the order to an id of a fixed form (Apple: the hex of the order's {@code
   * appAccountToken} UUID) makes its own, unique by construction and of at most 32 chars of
   * {@code [0-9A-Za-z]}.
   */
  default String newOutTradeNo(Supplier<String> engineIds) {
    return engineIds.get();
  }

  /**
   * Verifies a purchase that the paying client reports (e.g. a StoreKit 2 signed transaction)
   * for the payment order {@code outTradeNo}, and returns the verified trade for settlement. The
   * snapshot names the order the provider bound the purchase to, which may differ from {@code
   * outTradeNo}; the engine settles it only where it belongs.
   *
   * @throws UniPayException {@code PROVIDER_NOT_CONFIGURED} when the provider has no client-side
   *     proof (the default), {@code SIGNATURE_INVALID} or {@code INVALID_ARGUMENT} when the proof
   *     does not verify
   */
  default TradeSnapshot verifyPurchase(String outTradeNo, String clientProof) {
    throw new UniPayException(
        ErrorCode.PROVIDER_NOT_CONFIGURED,
        provider().code() + " has no client-reported purchases; its payments arrive by notify"
            + " and query");
  }

  /**
   * The refund the provider made on its own that a verified trade reports (Apple: a revoked
   * transaction), built like {@link ProviderNotification.ProviderRefund#refund()}; empty when the
   * trade reports none. The engine records it when a client-reported purchase ({@link
   * #verifyPurchase}) turns out to be refunded. By default empty: refunds are only the engine's.
   */
  default Optional<RefundSnapshot> providerRefund(TradeSnapshot verified) {
    return Optional.empty();
  }

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

  /**
   * Checks a transfer against this provider's and account's rules before anything is persisted
   * or sent (e.g. WeChat: scene report infos present, the payee's real name at or above the
   * provider's threshold; Alipay: certificate mode). Never calls the provider.
   *
   * @throws UniPayException {@code INVALID_ARGUMENT} naming the field, or {@code
   *     PROVIDER_NOT_CONFIGURED} when this account cannot transfer (the default), with the reason
   */
  default void checkTransfer(TransferCommand command) {
    throw new UniPayException(
        ErrorCode.PROVIDER_NOT_CONFIGURED, provider().code() + " has no transfers");
  }

  /**
   * Sends a transfer (payout) to a payee. Idempotent for the same {@code outBillNo}: re-sending a
   * number the provider already has answers with that transfer's state and never moves money
   * twice. A verified answer about another transfer, or one that does not verify, is thrown, not
   * returned.
   *
   * @throws UniPayException {@code PROVIDER_NOT_CONFIGURED} when this provider or account has no
   *     transfers (the default); {@code OUTCOME_UNKNOWN} when the request was sent and no valid
   *     answer came; {@link io.unipay.core.ProviderRejectedException} with its verdict otherwise
   */
  default TransferSnapshot transfer(TransferCommand command) {
    throw new UniPayException(
        ErrorCode.PROVIDER_NOT_CONFIGURED, provider().code() + " has no transfers");
  }

  /**
   * Queries a transfer by our number; {@link TransferSnapshot#notFound} when the provider has
   * none (which, shortly after a send, is not yet definite).
   */
  default TransferSnapshot queryTransfer(String outBillNo) {
    throw new UniPayException(
        ErrorCode.PROVIDER_NOT_CONFIGURED, provider().code() + " has no transfers");
  }

  /**
   * Asks the provider to cancel a transfer the payee has not confirmed yet (WeChat); answers the
   * transfer's state after the request (CANCELING or CANCELLED, or the final state it reached).
   */
  default TransferSnapshot cancelTransfer(String outBillNo) {
    throw new UniPayException(
        ErrorCode.PROVIDER_NOT_CONFIGURED, provider().code() + " cannot cancel transfers");
  }

  /**
   * Opens the provider's trade bill for one day (payments and refunds), streaming: lines are
   * parsed as they are downloaded, the hash (where the provider gives one) checked at the end.
   *
   * @throws UniPayException {@code BILL_NOT_AVAILABLE}, {@code BILL_NOT_READY}, {@code
   *     BILL_MALFORMED}, or {@code PROVIDER_NOT_CONFIGURED} when the provider has no bills
   */
  default TradeBill openTradeBill(LocalDate day) {
    throw new UniPayException(
        ErrorCode.PROVIDER_NOT_CONFIGURED, provider().code() + " has no downloadable bills");
  }
}
