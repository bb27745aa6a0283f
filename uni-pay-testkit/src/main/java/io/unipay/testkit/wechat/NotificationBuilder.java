package io.unipay.testkit.wechat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds a signed, AES-256-GCM encrypted WeChat Pay notification for any resource JSON, with every
 * variable part overridable so published vectors can be reproduced byte for byte. Obtain one from
 * {@link WechatPaySimulator#notification()}; defaults come from the simulator (its signing key and
 * serial, its clock, fresh nonces).
 *
 * <p>The body is written as WeChat Pay writes it: {@code id, create_time, resource_type,
 * event_type, summary, resource{original_type, algorithm, ciphertext, associated_data, nonce}}.
 */
public final class NotificationBuilder {
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

  private final ObjectMapper mapper;
  private final byte[] apiV3Key;
  private String serial;
  private PrivateKey signingKey;
  private String id;
  private String createTime;
  private String eventType = "TRANSACTION.SUCCESS";
  private String summary = "支付成功";
  private String originalType = "transaction";
  private String associatedData;
  private String resourceJson;
  private String aeadNonce;
  private long timestamp;
  private String nonce;

  NotificationBuilder(
      ObjectMapper mapper,
      byte[] apiV3Key,
      String serial,
      PrivateKey signingKey,
      Clock clock,
      Supplier<String> nonces) {
    this.mapper = mapper;
    this.apiV3Key = apiV3Key.clone();
    this.serial = serial;
    this.signingKey = signingKey;
    this.id = "EV-" + SimCrypto.hex(10);
    this.createTime =
        OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.ofHours(8)).format(RFC3339);
    this.aeadNonce = SimCrypto.alnum(12);
    this.timestamp = clock.instant().getEpochSecond();
    this.nonce = nonces.get();
  }

  /** The notification id ({@code EV-...}). */
  public NotificationBuilder id(String id) {
    this.id = requireNonNull(id, "id == null");
    return this;
  }

  /** {@code create_time}, RFC 3339. */
  public NotificationBuilder createTime(String createTime) {
    this.createTime = requireNonNull(createTime, "createTime == null");
    return this;
  }

  /** {@code event_type}, e.g. {@code TRANSACTION.SUCCESS} or {@code REFUND.SUCCESS}. */
  public NotificationBuilder eventType(String eventType) {
    this.eventType = requireNonNull(eventType, "eventType == null");
    return this;
  }

  /** {@code summary}, e.g. {@code 支付成功}. */
  public NotificationBuilder summary(String summary) {
    this.summary = requireNonNull(summary, "summary == null");
    return this;
  }

  /**
   * The plaintext resource and its {@code original_type} ({@code transaction} or {@code refund}),
   * which is also the default associated data.
   */
  public NotificationBuilder resource(String originalType, String plaintextJson) {
    this.originalType = requireNonNull(originalType, "originalType == null");
    this.resourceJson = requireNonNull(plaintextJson, "plaintextJson == null");
    return this;
  }

  /** AEAD associated data (default: the original type). */
  public NotificationBuilder associatedData(String associatedData) {
    this.associatedData = requireNonNull(associatedData, "associatedData == null");
    return this;
  }

  /** The 12-character AEAD nonce. */
  public NotificationBuilder aeadNonce(String aeadNonce) {
    if (aeadNonce.getBytes(UTF_8).length != 12) {
      throw new IllegalArgumentException("aeadNonce must be 12 bytes: " + aeadNonce);
    }
    this.aeadNonce = aeadNonce;
    return this;
  }

  /** {@code Wechatpay-Timestamp}, Unix seconds. */
  public NotificationBuilder timestamp(long timestamp) {
    this.timestamp = timestamp;
    return this;
  }

  /** {@code Wechatpay-Nonce}. */
  public NotificationBuilder nonce(String nonce) {
    this.nonce = requireNonNull(nonce, "nonce == null");
    return this;
  }

  /** {@code Wechatpay-Serial} and the key that signs (e.g. an unknown key for negative tests). */
  public NotificationBuilder signer(String serial, String privateKeyPem) {
    this.serial = requireNonNull(serial, "serial == null");
    this.signingKey = SimCrypto.privateKey(privateKeyPem);
    return this;
  }

  /** Encrypts, serialises and signs. */
  public SignedNotification build() {
    if (resourceJson == null)
      throw new IllegalStateException("resource(originalType, json) required");
    String aad = associatedData != null ? associatedData : originalType;
    ObjectNode body = mapper.createObjectNode();
    body.put("id", id);
    body.put("create_time", createTime);
    body.put("resource_type", "encrypt-resource");
    body.put("event_type", eventType);
    body.put("summary", summary);
    ObjectNode resource = body.putObject("resource");
    resource.put("original_type", originalType);
    resource.put("algorithm", "AEAD_AES_256_GCM");
    resource.put(
        "ciphertext", SimCrypto.encrypt(apiV3Key, aeadNonce, aad, resourceJson.getBytes(UTF_8)));
    resource.put("associated_data", aad);
    resource.put("nonce", aeadNonce);
    byte[] bytes;
    try {
      bytes = mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return sign(bytes, timestamp, nonce, serial, signingKey);
  }

  static SignedNotification sign(
      byte[] body, long timestamp, String nonce, String serial, PrivateKey key) {
    String signature =
        SimCrypto.sign(
            key, (timestamp + "\n" + nonce + "\n").getBytes(UTF_8), body, new byte[] {'\n'});
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Wechatpay-Nonce", nonce);
    headers.put("Wechatpay-Signature", signature);
    headers.put("Wechatpay-Timestamp", Long.toString(timestamp));
    headers.put("Wechatpay-Serial", serial);
    headers.put("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048");
    return new SignedNotification(headers, body);
  }
}
