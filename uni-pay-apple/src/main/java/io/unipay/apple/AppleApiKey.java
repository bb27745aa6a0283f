package io.unipay.apple;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * An App Store Connect in-app purchase API key: the issuer id (Users and Access → Integrations →
 * In-App Purchase), the key id and the private key of the {@code .p8} file (PKCS#8 PEM, EC
 * P-256). Parsed once; the key never appears in {@code toString}, logs or exceptions.
 */
final class AppleApiKey {
  private static final Pattern ISSUER =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern KEY_ID = Pattern.compile("[A-Z0-9]{10}");

  final String issuerId;
  final String keyId;
  final ECPrivateKey privateKey;

  AppleApiKey(String issuerId, String keyId, String p8Pem) {
    if (issuerId == null || !ISSUER.matcher(issuerId).matches()) {
      throw invalid("serverApi issuerId must be the UUID shown in App Store Connect");
    }
    if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
      throw invalid("serverApi keyId must be the 10-character key id (e.g. 2X9R4HXF34)");
    }
    this.issuerId = issuerId;
    this.keyId = keyId;
    this.privateKey = parse(p8Pem);
  }

  private static ECPrivateKey parse(String pem) {
    if (pem == null) throw invalid("serverApi private key is missing (the .p8 file's text)");
    String body =
        pem.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    try {
      byte[] der = Base64.getDecoder().decode(body);
      if (!(KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der))
          instanceof ECPrivateKey key)) {
        throw invalid("serverApi private key is not an EC key");
      }
      if (key.getParams().getCurve().getField().getFieldSize() != 256) {
        throw invalid("serverApi private key is not a P-256 key");
      }
      return key;
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw invalid("serverApi private key is not a PKCS#8 EC key (the .p8 file from App Store"
          + " Connect)");
    }
  }

  private static UniPayException invalid(String message) {
    return new UniPayException(ErrorCode.CONFIGURATION_INVALID, message);
  }

  @Override
  public String toString() {
    return "AppleApiKey{issuerId=" + issuerId + ", keyId=" + keyId + ", key=██}";
  }
}
