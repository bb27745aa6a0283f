package io.unipay.testkit.apple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Signs what the App Store would: StoreKit 2 transactions (the {@code jwsRepresentation} an app
 * gets from a purchase) and App Store Server Notifications V2, with a local {@link ApplePki}.
 * Thread-safe.
 *
 * <pre>{@code
 * AppStoreSimulator apple = new AppStoreSimulator("com.example.app", "Sandbox");
 * String jws = apple.purchase(token, "com.example.vip", 9900).sign();
 * apple.postNotification(notifyUrl, apple.notification("ONE_TIME_CHARGE", jws));
 * }</pre>
 */
public final class AppStoreSimulator {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private final ApplePki pki = ApplePki.create();
  private final String bundleId;
  private final String environment;
  private final AtomicLong transactionIds = new AtomicLong(2_000_000_000_000_000L);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A simulator for one app; {@code environment} as Apple writes it ({@code Sandbox}). */
  public AppStoreSimulator(String bundleId, String environment) {
    this.bundleId = bundleId;
    this.environment = environment;
  }

  /** The root certificate to trust in the client under test. */
  public X509Certificate rootCertificate() {
    return pki.root();
  }

  /** A purchase of one unit of {@code productId} for {@code price} milli-units of CNY. */
  public Purchase purchase(UUID appAccountToken, String productId, long priceMilli) {
    return new Purchase(appAccountToken, productId, priceMilli);
  }

  /** The JSON body of a Notification V2 carrying the signed transaction. */
  public byte[] notification(String notificationType, String signedTransaction) {
    return notification(notificationType, signedTransaction, null);
  }

  /** The JSON body of a Notification V2, signed with {@code bad} material when not null. */
  public byte[] notification(String notificationType, String signedTransaction, BadChain bad) {
    ObjectNode payload = JSON.createObjectNode();
    payload.put("notificationType", notificationType);
    payload.put("notificationUUID", UUID.randomUUID().toString());
    payload.put("version", "2.0");
    payload.put("signedDate", System.currentTimeMillis());
    ObjectNode data = payload.putObject("data");
    data.put("bundleId", bundleId);
    data.put("environment", environment);
    if (signedTransaction != null) data.put("signedTransactionInfo", signedTransaction);
    ObjectNode body = JSON.createObjectNode();
    body.put("signedPayload", sign(payload, bad));
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** POSTs a notification body as Apple does; returns the HTTP status. */
  public int postNotification(URI url, byte[] body) {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw new IllegalStateException("notification POST to " + url + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** One StoreKit 2 transaction to sign; every field can be bent for negative tests. */
  public final class Purchase {
    private final ObjectNode payload = JSON.createObjectNode();

    private Purchase(UUID token, String productId, long priceMilli) {
      long id = transactionIds.incrementAndGet();
      long now = System.currentTimeMillis();
      payload.put("transactionId", Long.toString(id));
      payload.put("originalTransactionId", Long.toString(id));
      payload.put("bundleId", bundleId);
      payload.put("productId", productId);
      payload.put("purchaseDate", now);
      payload.put("originalPurchaseDate", now);
      payload.put("quantity", 1);
      payload.put("type", "Consumable");
      if (token != null) payload.put("appAccountToken", token.toString());
      payload.put("inAppOwnershipType", "PURCHASED");
      payload.put("signedDate", now);
      payload.put("environment", environment);
      payload.put("transactionReason", "PURCHASE");
      payload.put("storefront", "CHN");
      payload.put("price", priceMilli);
      payload.put("currency", "CNY");
    }

    public Purchase transactionId(String transactionId) {
      payload.put("transactionId", transactionId);
      return this;
    }

    public Purchase bundleId(String otherBundleId) {
      payload.put("bundleId", otherBundleId);
      return this;
    }

    public Purchase environment(String otherEnvironment) {
      payload.put("environment", otherEnvironment);
      return this;
    }

    public Purchase quantity(int quantity) {
      payload.put("quantity", quantity);
      return this;
    }

    public Purchase currency(String currency) {
      payload.put("currency", currency);
      return this;
    }

    public Purchase revokedAt(Instant revocationDate) {
      payload.put("revocationDate", revocationDate.toEpochMilli());
      payload.put("revocationReason", 0);
      return this;
    }

    /** The transaction's id. */
    public String transactionId() {
      return payload.get("transactionId").asText();
    }

    /** The {@code jwsRepresentation}, signed with the valid chain. */
    public String sign() {
      return AppStoreSimulator.this.sign(payload, null);
    }

    /** The {@code jwsRepresentation}, signed with bad material. */
    public String sign(BadChain bad) {
      return AppStoreSimulator.this.sign(payload, bad);
    }
  }

  private String sign(ObjectNode payload, BadChain bad) {
    ApplePki.Chain chain =
        bad == null ? pki.valid() : switch (bad) {
          case WRONG_OIDS -> pki.withoutAppleOids();
          case LEAF_NOT_ISSUED_BY_INTERMEDIATE -> pki.leafNotIssuedByIntermediate();
          case EXPIRED_LEAF -> pki.expiredLeaf();
          case UNTRUSTED_ROOT -> pki.untrustedRoot();
          case TWO_CERTIFICATES ->
              new ApplePki.Chain(pki.valid().key(), pki.valid().x5c().subList(0, 2));
          default -> pki.valid();
        };
    ObjectNode header = JSON.createObjectNode();
    header.put("alg", bad == BadChain.ALG_NOT_ES256 ? "ES384" : bad == BadChain.ALG_NONE
        ? "none" : "ES256");
    ArrayNode x5c = header.putArray("x5c");
    chain.x5c().forEach(x5c::add);
    String signingInput = part(header.toString()) + "." + part(payload.toString());
    if (bad == BadChain.ALG_NONE) return signingInput + ".";
    String signature;
    try {
      Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
      s.initSign(chain.key());
      s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      signature = URL.encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign", e);
    }
    if (bad == BadChain.TAMPERED_PAYLOAD) {
      ObjectNode changed = payload.deepCopy();
      changed.put("price", payload.path("price").asLong() / 10);
      return part(header.toString()) + "." + part(changed.toString()) + "." + signature;
    }
    return signingInput + "." + signature;
  }

  private static String part(String json) {
    return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
