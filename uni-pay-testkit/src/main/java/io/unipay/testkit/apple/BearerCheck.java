package io.unipay.testkit.apple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

/**
 * What the App Store Server API checks of a bearer token: a compact JWS with header {@code alg =
 * ES256} and {@code kid} = the key id, an ES256 signature by the key's private key, and claims
 * {@code iss} = issuer id, {@code aud = appstoreconnect-v1}, {@code bid} = the bundle id, {@code
 * iat} not in the future, {@code exp} in the future and at most 60 minutes after {@code iat}.
 */
final class BearerCheck {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SKEW_SECONDS = 60;

  private BearerCheck() {}

  /** Null when {@code authorization} is acceptable, else why not. */
  static String refusal(String authorization, SimApiKey key, String bundleId, Instant now) {
    if (authorization == null || !authorization.startsWith("Bearer ")) return "no bearer token";
    String[] parts = authorization.substring("Bearer ".length()).split("\\.", -1);
    if (parts.length != 3) return "not a compact JWS";
    JsonNode header;
    JsonNode claims;
    byte[] signature;
    try {
      Base64.Decoder url = Base64.getUrlDecoder();
      header = JSON.readTree(url.decode(parts[0]));
      claims = JSON.readTree(url.decode(parts[1]));
      signature = url.decode(parts[2]);
    } catch (IOException | IllegalArgumentException e) {
      return "unreadable token";
    }
    if (header == null || claims == null) return "unreadable token";
    if (!"ES256".equals(header.path("alg").asText())) return "alg is not ES256";
    if (!key.keyId.equals(header.path("kid").asText())) return "unknown kid";
    try {
      Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
      s.initVerify(key.publicKey());
      s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (signature.length != 64 || !s.verify(signature)) return "bad signature";
    } catch (GeneralSecurityException e) {
      return "bad signature";
    }
    if (!key.issuerId.equals(claims.path("iss").asText())) return "wrong iss";
    if (!"appstoreconnect-v1".equals(claims.path("aud").asText())) return "wrong aud";
    if (!bundleId.equals(claims.path("bid").asText())) return "wrong bid";
    if (!claims.path("iat").canConvertToLong() || !claims.path("exp").canConvertToLong()) {
      return "no iat or exp";
    }
    long iat = claims.path("iat").asLong();
    long exp = claims.path("exp").asLong();
    long seconds = now.getEpochSecond();
    if (iat > seconds + SKEW_SECONDS) return "iat in the future";
    if (exp <= seconds) return "expired";
    if (exp - iat > 3600) return "lifetime over 60 minutes";
    return null;
  }
}
