package io.unipay.apple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unipay.core.UniPayException;
import java.io.IOException;

/**
 * What the app can report for {@code UniPay.confirmPurchase(APPLEIAP, outTradeNo, proof)}:
 *
 * <ul>
 *   <li>a StoreKit 2 {@code jwsRepresentation} (a compact JWS);
 *   <li>a StoreKit 2 transaction id (digits), looked up with the App Store Server API;
 *   <li>a legacy StoreKit 1 receipt, as the JSON {@code {"receiptData": "...", "transactionId":
 *       "..."}} ({@link AppleIapClient#receiptProof}), when legacy receipts are enabled.
 * </ul>
 *
 * @param kind which of the three
 * @param value the JWS, the transaction id, or the receipt data
 * @param transactionId the StoreKit 1 transaction id of a receipt, else null
 */
record AppleProof(Kind kind, String value, String transactionId) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_RECEIPT_CHARS = 512 * 1024;

  enum Kind {
    JWS,
    TRANSACTION_ID,
    RECEIPT
  }

  static AppleProof parse(String proof) {
    String p = proof.trim();
    if (AppStoreServerApi.TRANSACTION_ID.matcher(p).matches()) {
      return new AppleProof(Kind.TRANSACTION_ID, p, null);
    }
    if (!p.startsWith("{")) return new AppleProof(Kind.JWS, p, null);
    if (p.length() > MAX_RECEIPT_CHARS) {
      throw UniPayException.invalid("the receipt proof is larger than 512 KiB");
    }
    JsonNode node;
    try {
      node = JSON.readTree(p);
    } catch (IOException e) {
      throw UniPayException.invalid("the receipt proof is not JSON {receiptData, transactionId}");
    }
    JsonNode data = node == null ? null : node.get("receiptData");
    JsonNode id = node == null ? null : node.get("transactionId");
    if (data == null || !data.isTextual() || data.asText().isBlank()
        || id == null || !id.isTextual()
        || !AppStoreServerApi.TRANSACTION_ID.matcher(id.asText()).matches()) {
      throw UniPayException.invalid(
          "the receipt proof needs receiptData (base64) and transactionId (digits)");
    }
    return new AppleProof(Kind.RECEIPT, data.asText(), id.asText());
  }

  /** The proof text of a legacy receipt and its StoreKit 1 transaction id. */
  static String receipt(String receiptData, String transactionId) {
    ObjectNode node = JSON.createObjectNode();
    node.put("receiptData", receiptData);
    node.put("transactionId", transactionId);
    return node.toString();
  }
}
