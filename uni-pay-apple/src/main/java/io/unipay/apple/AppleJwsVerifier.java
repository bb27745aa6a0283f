package io.unipay.apple;

import com.apple.itunes.storekit.verification.ChainVerifier;
import com.apple.itunes.storekit.verification.VerificationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies one Apple JWS (a signed transaction, renewal info or notification payload) and returns
 * its payload. The header must say {@code alg = ES256} and carry {@code x5c} of exactly three
 * certificates; Apple's {@link ChainVerifier} validates leaf → intermediate with PKIX to a
 * configured root only (the root in {@code x5c} is never an anchor) and checks Apple's leaf OID
 * 1.2.840.113635.100.6.11.1 and intermediate OID 1.2.840.113635.100.6.2.1; the leaf's key then
 * verifies the ES256 signature over the exact bytes received. The chain is validated at the
 * payload's {@code signedDate} when online (OCSP) checks are off, else now. There is no
 * environment in which any of this is skipped. Thread-safe.
 */
final class AppleJwsVerifier {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Decoder URL = Base64.getUrlDecoder();

  private final ChainVerifier chains;
  private final boolean onlineChecks;
  private final Clock clock;

  AppleJwsVerifier(List<X509Certificate> roots, boolean onlineChecks, Clock clock) {
    Set<InputStream> anchors = new HashSet<>();
    for (X509Certificate root : roots) {
      try {
        anchors.add(new ByteArrayInputStream(root.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IllegalArgumentException("root certificate cannot be encoded", e);
      }
    }
    this.chains = new ChainVerifier(anchors);
    this.onlineChecks = onlineChecks;
    this.clock = clock;
  }

  /** The verified payload. @throws Rejected naming the check that failed (no secrets, no input) */
  JsonNode verify(String jws) {
    if (jws == null) throw new Rejected("MALFORMED", "no JWS");
    String[] parts = jws.trim().split("\\.", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new Rejected("MALFORMED", "not a compact JWS (three dot-separated parts)");
    }
    if (parts[2].isEmpty()) throw new Rejected("SIGNATURE", "JWS is unsigned");
    JsonNode header = json(parts[0], "header");
    JsonNode payload = json(parts[1], "payload");
    if (!"ES256".equals(header.path("alg").asText(null))) {
      throw new Rejected("ALGORITHM", "JWS alg must be ES256");
    }
    JsonNode x5c = header.path("x5c");
    if (!x5c.isArray() || x5c.size() != 3) {
      throw new Rejected("CHAIN", "x5c must hold exactly 3 certificates");
    }
    String[] certificates = new String[3];
    for (int i = 0; i < 3; i++) {
      if (!x5c.get(i).isTextual()) throw new Rejected("CHAIN", "x5c entry is not a string");
      certificates[i] = x5c.get(i).asText();
    }
    Date effective;
    if (onlineChecks) {
      effective = Date.from(clock.instant());
    } else {
      JsonNode signedDate = payload.path("signedDate");
      if (!signedDate.canConvertToLong()) {
        throw new Rejected("MALFORMED", "payload has no signedDate");
      }
      effective = new Date(signedDate.asLong());
    }
    PublicKey leafKey;
    try {
      leafKey = chains.verifyChain(certificates, onlineChecks, effective);
    } catch (VerificationException e) {
      throw new Rejected("CHAIN", "certificate chain rejected (" + e.getStatus() + ")");
    } catch (RuntimeException e) {
      throw new Rejected("CHAIN", "certificate chain unreadable");
    }
    byte[] signature = decode(parts[2], "signature");
    if (signature.length != 64) throw new Rejected("SIGNATURE", "ES256 signature is not 64 bytes");
    try {
      Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
      verifier.initVerify(leafKey);
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!verifier.verify(signature)) throw new Rejected("SIGNATURE", "ES256 signature invalid");
    } catch (GeneralSecurityException e) {
      throw new Rejected("SIGNATURE", "ES256 signature cannot be checked with the leaf key");
    }
    return payload;
  }

  private static JsonNode json(String part, String what) {
    try {
      JsonNode node = JSON.readTree(decode(part, what));
      if (node == null || !node.isObject()) throw new Rejected("MALFORMED", what + " is no object");
      return node;
    } catch (IOException e) {
      throw new Rejected("MALFORMED", what + " is not JSON");
    }
  }

  private static byte[] decode(String part, String what) {
    try {
      return URL.decode(part);
    } catch (IllegalArgumentException e) {
      throw new Rejected("MALFORMED", what + " is not base64url");
    }
  }

  /** A JWS that failed a check; {@link #reason} is a stable code for logs and metrics. */
  static final class Rejected extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String reason;

    Rejected(String reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }
}
