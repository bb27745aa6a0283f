package io.unipay.wechat.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unipay.core.ErrorCode;
import io.unipay.core.NotifyRejectedException;
import io.unipay.core.NotifyRequest;
import io.unipay.core.internal.LogSafe;
import io.unipay.core.spi.ProviderNotification;
import io.unipay.core.spi.RefundSnapshot;
import io.unipay.core.spi.TradeSnapshot;
import io.unipay.core.spi.TransferSnapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies and decrypts WeChat Pay notifications over their raw bytes: {@code TRANSACTION.SUCCESS}
 * becomes a {@code Payment}, {@code REFUND.SUCCESS|ABNORMAL|CLOSED} a {@code RefundResult}, {@code
 * MCHTRANSFER.BILL.FINISHED} (resource {@code mch_payment}) a {@code TransferResult}, and any other
 * verified event type an {@code Unrecognized} with the decrypted data. Duplicate JSON keys,
 * amounts that are not in-range JSON integers and fields of the wrong type are {@code MALFORMED}.
 * Every refusal is a {@link NotifyRejectedException}: code {@code SIGNATURE_INVALID} for {@code
 * SIGNTEST_PROBE}, {@code UNKNOWN_SERIAL} and {@code BAD_SIGNATURE}; code {@code NOTIFY_REJECTED}
 * for {@code BODY_TOO_LARGE}, {@code MISSING_HEADER}, {@code STALE_TIMESTAMP}, {@code MALFORMED},
 * {@code DECRYPT_FAILED}, {@code APPID_MISMATCH} and {@code MCHID_MISMATCH}. Thread-safe.
 */
public final class NotificationDecoder {
  private static final String PAYMENT = "TRANSACTION.SUCCESS";
  private static final String TRANSFER = "MCHTRANSFER.BILL.FINISHED";
  private static final String TRANSFER_RESOURCE = "mch_payment";

  /** The event types mapped to payments and refunds; any other is {@code Unrecognized}. */
  private static final Set<String> MAPPED =
      Set.of(PAYMENT, "REFUND.SUCCESS", "REFUND.ABNORMAL", "REFUND.CLOSED");

  private static final byte[] NO_AAD = new byte[0];

  private final SignatureVerifier verifier;
  private final Crypto crypto;
  private final SecretKeySpec apiV3Key;
  private final ObjectMapper mapper;
  private final String mchid;
  private final List<String> appIds;
  private final int maxBodyBytes;

  public NotificationDecoder(
      SignatureVerifier verifier,
      Crypto crypto,
      byte[] apiV3Key,
      ObjectMapper mapper,
      String mchid,
      List<String> appIds,
      int maxBodyBytes) {
    this.verifier = verifier;
    this.crypto = crypto;
    this.apiV3Key = new SecretKeySpec(apiV3Key, "AES");
    this.mapper = mapper;
    this.mchid = mchid;
    this.appIds = List.copyOf(appIds);
    this.maxBodyBytes = maxBodyBytes;
  }

  public ProviderNotification decode(NotifyRequest request) {
    byte[] body = request.body();
    if (body.length > maxBodyBytes) {
      throw rejected("BODY_TOO_LARGE", "body of " + body.length + " bytes exceeds " + maxBodyBytes);
    }
    verifier
        .check(
            request.header("Wechatpay-Timestamp").orElse(null),
            request.header("Wechatpay-Nonce").orElse(null),
            request.header("Wechatpay-Signature").orElse(null),
            request.header("Wechatpay-Serial").orElse(null),
            body,
            true)
        .ifPresent(
            failure -> {
              throw rejected(failure.reason(), failure.message());
            });

    Envelope envelope = envelope(body);
    String eventType = envelope.eventType();
    if (eventType == null || !envelope.hasResource()) {
      throw rejected("MALFORMED", "notification lacks event_type or resource");
    }
    if (!"AEAD_AES_256_GCM".equals(envelope.algorithm())) {
      throw rejected("MALFORMED", "resource.algorithm is not AEAD_AES_256_GCM");
    }
    byte[] plaintext = decrypt(envelope);
    String raw = new String(plaintext, UTF_8);
    if (eventType.equals(TRANSFER)) return transfer(envelope, plaintext, raw);
    if (!MAPPED.contains(eventType)) return unrecognized(eventType, plaintext, raw);

    PartialTree read = eventType.equals(PAYMENT) ? Mappings.TRADE_FIELDS : Mappings.REFUND_FIELDS;
    JsonNode data = readSelected(plaintext, read);
    String dataMchid = text(data, "mchid");
    if (!mchid.equals(dataMchid)) {
      throw rejected(
          "MCHID_MISMATCH",
          "decrypted mchid "
              + LogSafe.quote(dataMchid)
              + " is not this merchant's ("
              + mchid
              + ")");
    }
    try {
      if (eventType.equals(PAYMENT)) {
        String appid = text(data, "appid");
        if (appid == null || !appIds.contains(appid)) {
          throw rejected(
              "APPID_MISMATCH",
              "decrypted appid "
                  + LogSafe.quote(appid)
                  + " is none of the configured app ids "
                  + appIds);
        }
        TradeSnapshot trade = Mappings.trade(data, raw);
        if (trade.totalFee() <= 0) throw new IllegalArgumentException("amount.total missing");
        return new ProviderNotification.Payment(trade);
      }
      RefundSnapshot refund = Mappings.refund(data, raw);
      if (refund.outTradeNo() == null || refund.outTradeNo().isEmpty()) {
        throw new IllegalArgumentException("out_trade_no missing");
      }
      return new ProviderNotification.RefundResult(refund);
    } catch (IllegalArgumentException e) {
      throw rejected("MALFORMED", LogSafe.quote(eventType) + " resource: " + e.getMessage());
    }
  }

  /**
   * {@code MCHTRANSFER.BILL.FINISHED}: the resource must be an {@code mch_payment} (original type
   * and associated data) of this merchant ({@code mch_id}) with a positive {@code transfer_amount}.
   */
  private ProviderNotification transfer(Envelope envelope, byte[] plaintext, String raw) {
    if (!TRANSFER_RESOURCE.equals(envelope.originalType())
        || !TRANSFER_RESOURCE.equals(envelope.associatedData())) {
      throw rejected(
          "MALFORMED",
          TRANSFER
              + " resource is not "
              + TRANSFER_RESOURCE
              + " (original_type "
              + LogSafe.quote(envelope.originalType())
              + ")");
    }
    JsonNode data = readObject(plaintext, "decrypted resource");
    String dataMchid = text(data, "mch_id");
    if (!mchid.equals(dataMchid)) {
      throw rejected(
          "MCHID_MISMATCH",
          "decrypted mch_id "
              + LogSafe.quote(dataMchid)
              + " is not this merchant's ("
              + mchid
              + ")");
    }
    try {
      TransferSnapshot bill = TransferMappings.snapshot(data, raw);
      if (bill.amount() <= 0) throw new IllegalArgumentException("transfer_amount missing");
      return new ProviderNotification.TransferResult(bill);
    } catch (IllegalArgumentException e) {
      throw rejected("MALFORMED", TRANSFER + " resource: " + e.getMessage());
    }
  }

  /**
   * A verified event of a type not mapped here: kept for the engine's ledger with its decrypted
   * data (design §14.6). A JSON resource naming another merchant is still refused.
   */
  private ProviderNotification unrecognized(String eventType, byte[] plaintext, String raw) {
    JsonNode data;
    try {
      data = mapper.readTree(plaintext);
    } catch (IOException | RuntimeException e) {
      data = null;
    }
    if (data == null || !data.isObject()) {
      return new ProviderNotification.Unrecognized(eventType, null, raw);
    }
    String dataMchid = text(data, "mchid");
    if (dataMchid != null && !mchid.equals(dataMchid)) {
      throw rejected(
          "MCHID_MISMATCH",
          "decrypted mchid "
              + LogSafe.quote(dataMchid)
              + " is not this merchant's ("
              + mchid
              + ")");
    }
    return new ProviderNotification.Unrecognized(eventType, text(data, "out_trade_no"), raw);
  }

  private byte[] decrypt(Envelope resource) {
    ByteBuffer ciphertext = resource.ciphertext();
    String nonce = resource.nonce();
    String aad = resource.associatedData();
    if (ciphertext == null || nonce == null) {
      throw rejected("MALFORMED", "resource lacks ciphertext or nonce");
    }
    ByteBuffer input;
    try {
      input = Base64.getDecoder().decode(ciphertext);
    } catch (IllegalArgumentException e) {
      throw rejected("MALFORMED", "resource.ciphertext is not Base64");
    }
    byte[] nonceBytes = nonce.getBytes(UTF_8);
    if (nonceBytes.length != 12 || input.remaining() < 16) {
      throw rejected(
          "MALFORMED", "resource nonce must be 12 bytes and ciphertext hold a 16-byte tag");
    }
    try {
      return crypto.decrypt(
          apiV3Key,
          nonceBytes,
          aad == null ? NO_AAD : aad.getBytes(UTF_8),
          input.array(),
          input.arrayOffset() + input.position(),
          input.remaining());
    } catch (AEADBadTagException e) {
      throw rejected(
          "DECRYPT_FAILED", "AES-GCM tag does not verify (wrong APIv3 key or altered resource)");
    } catch (GeneralSecurityException e) {
      throw rejected(
          "DECRYPT_FAILED", "AES-GCM decryption failed: " + e.getClass().getSimpleName());
    }
  }

  /** The envelope, streamed (no tree of the body, whose ciphertext is most of it). */
  private Envelope envelope(byte[] body) {
    try {
      return Envelope.read(mapper.getFactory(), body);
    } catch (Envelope.NotAnObject e) {
      throw rejected("MALFORMED", "notification body is not a JSON object");
    } catch (IOException e) {
      throw rejected("MALFORMED", "notification body is not valid JSON");
    }
  }

  /**
   * The decrypted resource's fields the mapping reads ({@link PartialTree}), or its full tree when
   * it holds a shape only the tree reads; no {@code String} of the resource is parsed.
   */
  private JsonNode readSelected(byte[] json, PartialTree fields) {
    JsonNode selected;
    try {
      selected = fields.read(mapper.getFactory(), json);
    } catch (IOException e) {
      throw rejected("MALFORMED", "decrypted resource is not valid JSON");
    }
    return selected != null ? selected : readObject(json, "decrypted resource");
  }

  private JsonNode readObject(byte[] json, String what) {
    try {
      JsonNode node = mapper.readTree(json);
      if (node == null || !node.isObject())
        throw rejected("MALFORMED", what + " is not a JSON object");
      return node;
    } catch (IOException e) {
      throw rejected("MALFORMED", what + " is not valid JSON");
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || !value.isTextual() ? null : value.textValue();
  }

  private static NotifyRejectedException rejected(String reason, String message) {
    ErrorCode code =
        switch (reason) {
          case "SIGNTEST_PROBE", "UNKNOWN_SERIAL", "BAD_SIGNATURE" -> ErrorCode.SIGNATURE_INVALID;
          default -> ErrorCode.NOTIFY_REJECTED;
        };
    return new NotifyRejectedException(code, reason, "WeChat Pay notification: " + message);
  }
}
