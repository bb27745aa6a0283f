package io.unipay.examples;

import com.fasterxml.jackson.databind.JsonNode;
import io.unipay.core.SettlementOutcome;
import io.unipay.core.UniPay;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The Apple in-app purchase routes, for orders created with {@code provider = appleiap, payType =
 * iap} (the answer's payload carries the product id and the {@code appAccountToken}):
 *
 * <ul>
 *   <li>{@code POST /api/apple/{outTradeNo}/confirm} with {@code {"signedTransaction": "..."}} (the
 *       StoreKit 2 {@code jwsRepresentation}) or {@code {"transactionId": "..."}}: what the iOS app
 *       posts after {@code product.purchase(options: [.appAccountToken(token)])}; answers the
 *       settlement outcome. The app finishes the transaction only after this answered.
 *   <li>{@code POST /api/apple/{outTradeNo}/storekit} (sandbox only): a simulated StoreKit
 *       purchase, answering the {@code signedTransaction} the iOS app would get.
 * </ul>
 *
 * Both are for the order's owner only (the caller checks before).
 */
final class AppleRoutes {
  static final String PREFIX = "/api/apple/";
  private final Sandbox sandbox; // null in live mode

  AppleRoutes(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  /** The business type of an Apple order for a VIP package: one App Store product each. */
  static String type(String packageId) {
    return "vip_" + packageId;
  }

  /**
   * Handles {@code POST PREFIX{outTradeNo}/{action}}; {@code owned} looks the order up for the
   * caller (refusing other users' orders).
   */
  Map<String, Object> handle(
      UniPay pay, String path, Function<String, PayOrder> owned, JsonNode body) {
    String[] parts = path.substring(PREFIX.length()).split("/");
    if (parts.length != 2) {
      throw new BadRequest(404, "NOT_FOUND", "no route POST " + path);
    }
    PayOrder order = owned.apply(parts[0]);
    if (order.provider() != Provider.APPLEIAP) {
      throw new BadRequest(400, "NOT_AN_APPLE_ORDER",
          "order " + order.outTradeNo() + " is paid with " + order.provider().code());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("outTradeNo", order.outTradeNo());
    switch (parts[1]) {
      case "confirm" -> {
        String proof = text(body, "signedTransaction");
        if (proof == null) proof = text(body, "transactionId");
        if (proof == null) {
          throw new BadRequest(400, "INVALID_ARGUMENT",
              "signedTransaction (StoreKit 2 jwsRepresentation) or transactionId is required");
        }
        SettlementOutcome outcome = pay.confirmPurchase(Provider.APPLEIAP, order.outTradeNo(), proof);
        out.put("outcome", outcome.name());
        out.put("finishTransaction", outcome.isRecorded() || outcome == SettlementOutcome.REJECTED);
        out.put("status", pay.getOrder(order.outTradeNo()).status().code());
      }
      case "storekit" -> {
        if (sandbox == null) {
          throw new BadRequest(404, "NOT_FOUND", "the sandbox is off in live mode");
        }
        try {
          out.put("signedTransaction", sandbox.storeKitPurchase(order.outTradeNo(),
              order.providerAppId(), pay.notifyUrl(Provider.APPLEIAP, PayType.IAP)));
        } catch (IllegalStateException e) {
          throw new BadRequest(409, "NOT_PAYABLE", e.getMessage());
        }
      }
      default -> throw new BadRequest(404, "NOT_FOUND", "no route POST " + path);
    }
    return out;
  }

  private static String text(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) return null;
    if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > 64 * 1024) {
      throw new BadRequest(400, "INVALID_ARGUMENT", field + " must be a string");
    }
    return node.asText();
  }
}
