package io.unipay.testkit.apple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.MockWebServer;

/**
 * Signs what the App Store would: StoreKit 2 transactions (the {@code jwsRepresentation} an app
 * gets from a purchase) and App Store Server Notifications V2, with a local {@link ApplePki}; and
 * serves, on loopback, the App Store Server API's Get Transaction Info (bearer token checked:
 * ES256 with {@link #privateKeyPem()}, {@code kid}, {@code iss}, {@code aud}, {@code bid}, {@code
 * exp}) and the legacy {@code verifyReceipt}, for both environments. The server starts on the
 * first call for a URL; {@link #close()} stops it. Thread-safe.
 *
 * <pre>{@code
 * AppStoreSimulator apple = new AppStoreSimulator("com.example.app", "Sandbox");
 * String jws = apple.purchase(token, "com.example.vip", 9900).sign();
 * apple.postNotification(notifyUrl, apple.notification("ONE_TIME_CHARGE", jws));
 * apple.postNotification(notifyUrl, apple.notification("REFUND", apple.refund(transactionId)));
 * }</pre>
 */
public final class AppStoreSimulator implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private final ApplePki pki = ApplePki.create();
  private final String bundleId;
  private final String environment;
  private final AtomicLong transactionIds = new AtomicLong(2_000_000_000_000_000L);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final SimApiKey key = new SimApiKey();
  private final SimTransactions transactions = new SimTransactions();
  private final LegacyReceipts receipts;
  private final AppStoreApi api;
  private MockWebServer server; // started on first use

  /** A simulator for one app; {@code environment} as Apple writes it ({@code Sandbox}). */
  public AppStoreSimulator(String bundleId, String environment) {
    this.bundleId = bundleId;
    this.environment = environment;
    this.receipts = new LegacyReceipts(transactions, bundleId);
    this.api = new AppStoreApi(this, key, transactions, receipts);
  }

  /** The app's bundle id. */
  public String bundleId() {
    return bundleId;
  }

  // ---------------------------------------------------------------- the App Store Server API

  /** The issuer id of the simulator's in-app purchase API key. */
  public String issuerId() {
    return key.issuerId;
  }

  /** The key id of the simulator's in-app purchase API key. */
  public String keyId() {
    return key.keyId;
  }

  /** The API key's private key as Apple hands it out: the {@code .p8} file (PKCS#8 PEM). */
  public String privateKeyPem() {
    return key.p8Pem;
  }

  /** The App Store Server API base URL of {@code environment} ({@code Production}, {@code Sandbox}). */
  public String apiBaseUrl(String environment) {
    return url(environment);
  }

  /** The legacy {@code verifyReceipt} URL of {@code environment}. */
  public String verifyReceiptUrl(String environment) {
    return url(environment) + "/verifyReceipt";
  }

  /** The app's shared secret for {@code verifyReceipt}. */
  public String sharedSecret() {
    return receipts.sharedSecret;
  }

  /** The next API call is answered with {@code fault} (after the bearer token check). */
  public void failNextApiCall(ApiFault fault) {
    api.failNext(fault);
  }

  /** The next {@code verifyReceipt} is answered with {@code status} (e.g. 21005, 21100). */
  public void failNextReceipt(int status) {
    receipts.failNext(status);
  }

  /** Why the API refused bearer tokens so far, in order (e.g. {@code "wrong aud"}). */
  public List<String> refusedTokens() {
    return List.copyOf(api.refusedTokens);
  }

  /** How many Get Transaction Info calls arrived. */
  public int apiCalls() {
    return api.calls.get();
  }

  /**
   * Apple refunds a signed transaction in full ({@code REFUND_FULL}); returns the transaction as
   * now signed, for a {@code REFUND} notification. The API answers it revoked from now on.
   */
  public String refund(String transactionId) {
    return refund(transactionId, 100_000);
  }

  /** A refund of {@code milliPercent} (100000 = all) of a transaction ({@code REFUND_PRORATED}). */
  public String refund(String transactionId, int milliPercent) {
    String type = milliPercent == 100_000 ? "REFUND_FULL" : "REFUND_PRORATED";
    return sign(transactions.revoke(transactionId, type, milliPercent, Instant.now()), null);
  }

  /** Family Sharing of a transaction ends ({@code FAMILY_REVOKE}); for a {@code REVOKE}. */
  public String familyRevoke(String transactionId) {
    return sign(transactions.revoke(transactionId, "FAMILY_REVOKE", 0, Instant.now()), null);
  }

  /**
   * A legacy (StoreKit 1) app receipt listing {@code purchases} (each signed/registered by this
   * call), of the first purchase's environment: the base64 {@code receipt-data} to verify.
   */
  public String receipt(Purchase... purchases) {
    List<String> ids = new ArrayList<>();
    String env = purchases.length == 0 ? environment : purchases[0].payload.path("environment").asText();
    for (Purchase p : purchases) {
      transactions.put(p.payload);
      ids.add(p.transactionId());
    }
    return receipts.issue(env, ids);
  }

  /** Stops the API server, if it was started. */
  @Override
  public synchronized void close() {
    if (server == null) return;
    server.close();
    server = null;
  }

  private synchronized String url(String env) {
    if (!"Production".equals(env) && !"Sandbox".equals(env)) {
      throw new IllegalArgumentException("environment must be Production or Sandbox: " + env);
    }
    if (server == null) {
      MockWebServer s = new MockWebServer();
      s.setServerSocketFactory(io.unipay.testkit.NoDelayServerSocketFactory.INSTANCE);
      s.setDispatcher(api);
      try {
        s.start(InetAddress.getLoopbackAddress(), 0);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the App Store simulator", e);
      }
      server = s;
    }
    String base = server.url("/").toString();
    return base + env.toLowerCase(java.util.Locale.ROOT);
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

    /** When the purchase was made (default: now). */
    public Purchase purchasedAt(Instant purchaseDate) {
      payload.put("purchaseDate", purchaseDate.toEpochMilli());
      payload.put("originalPurchaseDate", purchaseDate.toEpochMilli());
      return this;
    }

    /** {@code PURCHASED} (the default) or {@code FAMILY_SHARED}. */
    public Purchase ownership(String inAppOwnershipType) {
      payload.put("inAppOwnershipType", inAppOwnershipType);
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

    /** The {@code jwsRepresentation}, signed with the valid chain; the API knows it from now. */
    public String sign() {
      transactions.put(payload);
      return AppStoreSimulator.this.sign(payload, null);
    }

    /** The {@code jwsRepresentation}, signed with bad material. */
    public String sign(BadChain bad) {
      return AppStoreSimulator.this.sign(payload, bad);
    }
  }

  String sign(ObjectNode payload, BadChain bad) {
    ApplePki.Chain chain =
        bad == null ? pki.valid() : switch (bad) {
          case WRONG_OIDS -> pki.withoutAppleOids();
          case LEAF_WITHOUT_APPLE_OID -> pki.leafWithoutAppleOid();
          case INTERMEDIATE_WITHOUT_APPLE_OID -> pki.intermediateWithoutAppleOid();
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
