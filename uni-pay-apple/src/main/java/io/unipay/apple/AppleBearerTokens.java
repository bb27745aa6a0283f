package io.unipay.apple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * The App Store Server API's bearer token: a JWT signed ES256 with the {@code .p8} key, header
 * {@code alg = ES256}, {@code kid} = key id, {@code typ = JWT}; claims {@code iss} = issuer id,
 * {@code iat}, {@code exp} = iat + lifetime (at most 60 minutes, Apple's limit), {@code aud =
 * appstoreconnect-v1}, {@code bid} = bundle id, and a random {@code nonce}. A token is reused
 * until a minute before it expires. Signed with the JDK's {@code SHA256withECDSAinP1363Format}
 * (the JWS form of an ECDSA signature): no JWT library is needed. Thread-safe.
 */
final class AppleBearerTokens {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
  private static final Duration REUSE_MARGIN = Duration.ofMinutes(1);

  private final AppleApiKey key;
  private final String bundleId;
  private final Duration lifetime;
  private final Clock clock;
  private volatile Token current;

  private record Token(String value, Instant renewAt) {}

  AppleBearerTokens(AppleApiKey key, String bundleId, Duration lifetime, Clock clock) {
    this.key = key;
    this.bundleId = bundleId;
    this.lifetime = lifetime;
    this.clock = clock;
  }

  /** A valid token for the next request. */
  String token() {
    Instant now = clock.instant();
    Token t = current;
    if (t != null && now.isBefore(t.renewAt)) return t.value;
    Token fresh = new Token(sign(now), now.plus(lifetime).minus(REUSE_MARGIN));
    current = fresh;
    return fresh.value;
  }

  private String sign(Instant now) {
    ObjectNode header = JSON.createObjectNode();
    header.put("alg", "ES256");
    header.put("kid", key.keyId);
    header.put("typ", "JWT");
    ObjectNode claims = JSON.createObjectNode();
    claims.put("iss", key.issuerId);
    claims.put("iat", now.getEpochSecond());
    claims.put("exp", now.plus(lifetime).getEpochSecond());
    claims.put("aud", "appstoreconnect-v1");
    claims.put("bid", bundleId);
    claims.put("nonce", UUID.randomUUID().toString());
    String input = part(header.toString()) + "." + part(claims.toString());
    try {
      Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
      signer.initSign(key.privateKey);
      signer.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + URL.encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign the App Store Server API token (ES256)", e);
    }
  }

  private static String part(String json) {
    return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
