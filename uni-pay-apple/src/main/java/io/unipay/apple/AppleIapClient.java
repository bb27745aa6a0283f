package io.unipay.apple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unipay.core.ErrorCode;
import io.unipay.core.NotifyRequest;
import io.unipay.core.NotifyResponse;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.UniPayException;
import io.unipay.core.internal.LogSafe;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.spi.CloseResult;
import io.unipay.core.spi.PayClient;
import io.unipay.core.spi.PrepayRequest;
import io.unipay.core.spi.PrepayResult;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.core.spi.RefundCommand;
import io.unipay.core.spi.RefundSnapshot;
import io.unipay.core.spi.TradeSnapshot;
import io.unipay.core.spi.TradeState;
import java.io.IOException;
import java.time.Instant;
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
 * Apple's refunds (notifications {@code REFUND} / {@code REVOKE}, revoked transactions) are
 * recorded as refunds the provider made ({@link AppleRefundFacts}). Thread-safe; build once per
 * app, {@link #close()} on shutdown.
 */
public final class AppleIapClient implements PayClient, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AppleIapConfig config;
  private final AppleTransactions transactions;
  private final AppleNotifications notifications;
  private final AppleHttp http; // null when neither the API nor receipts are configured
  private final AppStoreServerApi api; // null without serverApi
  private final AppleLegacyReceipts receipts; // null without legacyReceipts

  public AppleIapClient(AppleIapConfig config) {
    if (config == null) throw UniPayException.invalid("config is required");
    this.config = config;
    AppleJwsVerifier verifier =
        new AppleJwsVerifier(config.rootCertificates(), config.onlineChecks(), config.clock());
    this.transactions = new AppleTransactions(config, verifier);
    this.notifications = new AppleNotifications(config, verifier, transactions);
    this.http =
        config.hasServerApi() || config.hasLegacyReceipts() ? new AppleHttp(config) : null;
    this.api = config.hasServerApi() ? new AppStoreServerApi(config, http) : null;
    this.receipts = config.hasLegacyReceipts() ? new AppleLegacyReceipts(config, http) : null;
  }

  /**
   * The proof text of a legacy StoreKit 1 purchase for {@code UniPay.confirmPurchase}: the app's
   * base64 receipt and the purchase's {@code transactionIdentifier}.
   */
  public static String receiptProof(String receiptData, String transactionId) {
    return AppleProof.receipt(receiptData, transactionId);
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
   * Verifies what the app reports ({@link AppleProof}): a StoreKit 2 {@code jwsRepresentation}; a
   * transaction id, fetched with the App Store Server API and verified like any JWS; or, when
   * enabled, a legacy receipt ({@link #receiptProof}). For the first two the snapshot names the
   * order the transaction's {@code appAccountToken} is bound to (whatever {@code outTradeNo}
   * says); a receipt is bound by its {@code app_account_token} when it has one, else to {@code
   * outTradeNo} by the app's word and the engine's claim of its transaction id ({@link
   * AppleLegacyReceipts}).
   *
   * @throws UniPayException {@code SIGNATURE_INVALID} / {@code INVALID_ARGUMENT} for a proof that
   *     does not verify; {@code PROVIDER_NOT_CONFIGURED} for a transaction id without {@code
   *     serverApi} or a receipt without {@code legacyReceipts}; {@code PROVIDER_UNAVAILABLE} when
   *     Apple cannot be asked now; {@code PROVIDER_REJECTED} when Apple refuses the request (a
   *     transaction it does not know: verdict {@code NOT_FOUND}) — nothing changed in every case
   */
  @Override
  public TradeSnapshot verifyPurchase(String outTradeNo, String clientProof) {
    AppleProof proof = AppleProof.parse(clientProof);
    return switch (proof.kind()) {
      case JWS -> checked(verified(outTradeNo, proof.value()));
      case TRANSACTION_ID -> checked(fetch(outTradeNo, proof.value()));
      case RECEIPT -> {
        if (receipts == null) {
          throw new UniPayException(
              ErrorCode.PROVIDER_NOT_CONFIGURED,
              "legacy receipts are off; enable AppleIapConfig.legacyReceipts(sharedSecret) for"
                  + " StoreKit 1 apps");
        }
        yield receipts.verify(outTradeNo, proof.value(), proof.transactionId());
      }
    };
  }

  /** The refund a verified, revoked purchase reports ({@link AppleRefundFacts}), if any. */
  @Override
  public Optional<RefundSnapshot> providerRefund(TradeSnapshot verified) {
    if (verified.state() != TradeState.REFUNDED) return Optional.empty();
    JsonNode raw;
    try {
      raw = JSON.readTree(verified.raw());
    } catch (IOException e) {
      return Optional.empty();
    }
    if (raw == null) return Optional.empty();
    if ("verifyReceipt".equals(raw.path("source").asText())) {
      if (verified.totalFee() <= 0) return Optional.empty();
      String cancelled = raw.path("in_app").path("cancellation_date_ms").asText("");
      return Optional.of(
          AppleRefundFacts.ofReceipt(
              verified.outTradeNo(), verified.transactionId(), verified.totalFee(),
              cancelled.matches("[0-9]{1,15}")
                  ? Instant.ofEpochMilli(Long.parseLong(cancelled)) : null,
              verified.raw()));
    }
    return AppleRefundFacts.of(AppleTransaction.of(raw));
  }

  /**
   * Apple cannot be asked about a payment order: the App Store Server API finds transactions by
   * their id, never by {@code appAccountToken}, and an unpaid order has no transaction id. So this
   * answers NOT_FOUND, meaning "no purchase of this order has been reported": after expiry the
   * sweeper closes the order locally, and a purchase reported later (by the app, which StoreKit
   * reminds of unfinished transactions, or by Apple's notification) still settles it (-1 → 1,
   * flagged late).
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

  /**
   * The state of one of Apple's refunds the engine recorded ({@code appleiap-refund-{id}}),
   * asked with Get Transaction Info: revoked → SUCCESS with the refunded amount; no longer revoked
   * (Apple reversed the refund) → CLOSED. Any other refund number was never Apple's: NOT_FOUND.
   *
   * @throws UniPayException {@code PROVIDER_NOT_CONFIGURED} without {@code serverApi} (Apple's
   *     next {@code REFUND} delivery completes the refund instead), or an inconclusive failure
   */
  @Override
  public RefundSnapshot queryRefund(String outTradeNo, String outRefundNo) {
    Optional<String> transactionId = AppleRefundFacts.transactionIdOf(outRefundNo);
    if (transactionId.isEmpty()) {
      throw new ProviderRejectedException(
          "REFUND_NOT_SUPPORTED", "", 0,
          "App Store purchases have no merchant refunds to query (" + outRefundNo + ")",
          ProviderRejectedException.Verdict.NOT_FOUND);
    }
    AppleTransaction t;
    try {
      t = fetch(outTradeNo, transactionId.get());
    } catch (ProviderRejectedException e) {
      // Apple not finding the transaction says nothing against a refund it reported before.
      throw new ProviderRejectedException(
          e.providerCode(), e.providerMessage(), e.httpStatus(), e.getMessage());
    }
    Optional<RefundSnapshot> refund = AppleRefundFacts.of(t);
    if (refund.isPresent()) return refund.get();
    return new RefundSnapshot(
        t.outTradeNo(), outRefundNo, transactionId.get(), RefundStatus.CLOSED, -1, null, t.raw());
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

  /** A verified StoreKit 2 transaction (JWS). */
  private AppleTransaction verified(String outTradeNo, String jws) {
    try {
      return transactions.verify(jws);
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
  }

  /** The transaction {@code transactionId} as the App Store Server API reports it, verified. */
  private AppleTransaction fetch(String outTradeNo, String transactionId) {
    if (api == null) {
      throw new UniPayException(
          ErrorCode.PROVIDER_NOT_CONFIGURED,
          "the App Store Server API is not configured; AppleIapConfig.serverApi(issuerId, keyId,"
              + " p8) is needed to look up transaction " + transactionId);
    }
    AppleTransaction t = verified(outTradeNo, api.transactionInfo(transactionId));
    if (!transactionId.equals(t.transactionId())) {
      throw new UniPayException(
          ErrorCode.OUTCOME_UNKNOWN,
          "Apple answered the lookup of transaction " + transactionId + " with transaction "
              + LogSafe.quote(t.transactionId()));
    }
    return t;
  }

  /** One unit, paid by this customer: else no order can be settled by it. */
  private static TradeSnapshot checked(AppleTransaction t) {
    if (t.quantity() != 1) {
      throw UniPayException.invalid(
          "Apple transaction " + t.transactionId() + " has quantity " + t.quantity()
              + "; one order pays for exactly one unit");
    }
    if (t.familyShared()) {
      throw UniPayException.invalid(
          "Apple transaction " + t.transactionId() + " was shared by family; nobody paid for it");
    }
    return t.toSnapshot();
  }

  /** Releases the HTTP client of the API and receipt calls. */
  @Override
  public void close() {
    if (http != null) http.close();
  }

  @Override
  public String toString() {
    return "AppleIapClient{" + config + "}";
  }
}
