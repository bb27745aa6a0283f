package io.unipay.apple;

import io.unipay.core.ErrorCode;
import io.unipay.core.NotifyRequest;
import io.unipay.core.NotifyResponse;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.UniPayException;
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
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Apple App Store in-app purchases behind the engine's {@link PayClient}.
 *
 * <ul>
 *   <li>{@code createOrder} (pay type {@code iap}) returns {@link
 *       PrepayResult.AppleInAppPurchase}: the product configured for the order's type and the
 *       {@code appAccountToken}, whose hex is the order's out_trade_no ({@link AccountTokens}).
 *   <li>{@code UniPay.confirmPurchase(APPLEIAP, outTradeNo, jwsRepresentation)} verifies the
 *       StoreKit 2 signed transaction and settles it through the engine's one settlement path.
 *   <li>Notifications V2 arrive at {@code {notifyBaseUrl}/appleiap/iap}.
 * </ul>
 *
 * <p>Every JWS is verified (see {@link AppleJwsVerifier}); the environment is configuration.
 * Thread-safe; build once per app.
 */
public final class AppleIapClient implements PayClient {
  private final AppleIapConfig config;
  private final AppleTransactions transactions;
  private final AppleNotifications notifications;

  public AppleIapClient(AppleIapConfig config) {
    if (config == null) throw UniPayException.invalid("config is required");
    this.config = config;
    AppleJwsVerifier verifier =
        new AppleJwsVerifier(config.rootCertificates(), config.onlineChecks(), config.clock());
    this.transactions = new AppleTransactions(config, verifier);
    this.notifications = new AppleNotifications(config, verifier, transactions);
  }

  @Override
  public Provider provider() {
    return Provider.APPLEIAP;
  }

  /** The bundle id: the engine checks it against every verified transaction's bundle. */
  @Override
  public String merchantId() {
    return config.bundleId();
  }

  @Override
  public Optional<String> appId(PayType payType) {
    return payType == PayType.IAP ? Optional.of(config.bundleId()) : Optional.empty();
  }

  /** The product sold for {@code type}: stored as the order's provider_appid and checked. */
  @Override
  public Optional<String> appId(PayType payType, String type) {
    return payType == PayType.IAP ? config.productFor(type) : Optional.empty();
  }

  @Override
  public int maxDescriptionBytes() {
    return 256;
  }

  /** The hex of a new UUID v7 {@code appAccountToken}. */
  @Override
  public String newOutTradeNo(Supplier<String> engineIds) {
    return AccountTokens.outTradeNo(AccountTokens.newToken(config.clock()));
  }

  @Override
  public PrepayResult prepay(PrepayRequest request) {
    if (request.payType() != PayType.IAP) {
      throw UniPayException.invalid("appleiap offers only pay type iap");
    }
    String productId =
        config.productFor(request.type())
            .orElseThrow(
                () -> new UniPayException(
                    ErrorCode.PROVIDER_NOT_CONFIGURED,
                    "no Apple product configured for type '" + request.type() + "'"));
    UUID token =
        AccountTokens.token(request.outTradeNo())
            .orElseThrow(
                () -> new UniPayException(
                    ErrorCode.CONFIGURATION_INVALID,
                    "out_trade_no " + request.outTradeNo()
                        + " was not made by AppleIapClient; it cannot carry an appAccountToken"));
    return new PrepayResult.AppleInAppPurchase(productId, token);
  }

  /**
   * Verifies the app's StoreKit 2 {@code jwsRepresentation}. The snapshot names the order the
   * transaction's {@code appAccountToken} is bound to, and carries Apple's bundle, product and
   * price for the engine to check against that order.
   */
  @Override
  public TradeSnapshot verifyPurchase(String outTradeNo, String clientProof) {
    AppleTransaction t;
    try {
      t = transactions.verify(clientProof);
    } catch (AppleJwsVerifier.Rejected e) {
      ErrorCode code =
          switch (e.reason) {
            case "CHAIN", "SIGNATURE", "ALGORITHM" -> ErrorCode.SIGNATURE_INVALID;
            default -> ErrorCode.INVALID_ARGUMENT;
          };
      throw new UniPayException(
          code, "Apple signed transaction for " + outTradeNo + " rejected (" + e.reason + "): "
              + e.getMessage());
    }
    if (t.quantity() != 1) {
      throw UniPayException.invalid(
          "Apple transaction " + t.transactionId() + " has quantity " + t.quantity()
              + "; one order pays for exactly one unit");
    }
    return t.toSnapshot();
  }

  /**
   * Apple cannot be asked about an order without a transaction id (the App Store Server API
   * lookup is not built yet), so this honestly answers NOT_FOUND; settlement comes from the app's
   * confirmation and from notifications.
   */
  @Override
  public TradeSnapshot query(String outTradeNo) {
    return TradeSnapshot.notFound(outTradeNo);
  }

  /** Apple has nothing to close: an unpaid order is closed locally only. */
  @Override
  public CloseResult close(String outTradeNo) {
    return CloseResult.CLOSED;
  }

  /** Apple refunds are requested by the customer from Apple; a merchant cannot start one. */
  @Override
  public RefundSnapshot refund(RefundCommand command) {
    throw new ProviderRejectedException(
        "REFUND_NOT_SUPPORTED", "", 0,
        "App Store purchases are refunded only by Apple at the customer's request"
            + " (reportaproblem.apple.com); out_trade_no " + command.outTradeNo(),
        ProviderRejectedException.Verdict.REFUSED);
  }

  @Override
  public RefundSnapshot queryRefund(String outTradeNo, String outRefundNo) {
    throw new ProviderRejectedException(
        "REFUND_NOT_SUPPORTED", "", 0,
        "App Store purchases have no merchant refunds to query (" + outRefundNo + ")",
        ProviderRejectedException.Verdict.NOT_FOUND);
  }

  @Override
  public ProviderNotification parseNotification(NotifyRequest request) {
    return notifications.parse(request.body());
  }

  /** Apple stops retrying on any 2xx; failure is a 500 so a production retry follows. */
  @Override
  public NotifyResponse acknowledge(boolean success, String message) {
    return success
        ? new NotifyResponse(200, "text/plain", "", true)
        : new NotifyResponse(500, "text/plain", "", false);
  }

  @Override
  public String toString() {
    return "AppleIapClient{" + config + "}";
  }
}
