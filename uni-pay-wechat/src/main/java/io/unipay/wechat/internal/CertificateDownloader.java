package io.unipay.wechat.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.Headers;

/**
 * Downloads platform certificates from {@code GET /v3/certificates}: each is AES-256-GCM encrypted
 * with the APIv3 key (AAD {@code certificate}), which authenticates it; the response itself must be
 * signed by one of the certificates it carries or a key already known.
 */
public final class CertificateDownloader {
  private static final String WHAT = "download platform certificates";

  private final ApiCaller api;
  private final PlatformKeys keys;
  private final SignatureVerifier verifier;
  private final Crypto crypto;
  private final SecretKeySpec apiV3Key;
  private final ObjectMapper mapper;

  public CertificateDownloader(
      ApiCaller api,
      PlatformKeys keys,
      SignatureVerifier verifier,
      Crypto crypto,
      byte[] apiV3Key,
      ObjectMapper mapper) {
    this.api = api;
    this.keys = keys;
    this.verifier = verifier;
    this.crypto = crypto;
    this.apiV3Key = new SecretKeySpec(apiV3Key, "AES");
    this.mapper = mapper;
  }

  /** The certificates WeChat Pay serves now, authenticated. */
  public List<X509Certificate> download() {
    ApiCaller.ApiResponse response =
        api.send(WHAT, "GET", "/v3/certificates?algorithm_type=RSA", null);
    if (response.status() != 200) {
      throw new UniPayException(
          ErrorCode.PROVIDER_UNAVAILABLE, WHAT + ": WeChat Pay answered HTTP " + response.status());
    }
    JsonNode data = api.json(WHAT, response.body()).path("data");
    Map<String, X509Certificate> downloaded = new LinkedHashMap<>();
    for (JsonNode item : data) {
      JsonNode encrypted = item.path("encrypt_certificate");
      try {
        byte[] pem =
            crypto.decrypt(
                apiV3Key,
                encrypted.path("nonce").asText().getBytes(UTF_8),
                encrypted.path("associated_data").asText().getBytes(UTF_8),
                Base64.getDecoder().decode(encrypted.path("ciphertext").asText()));
        X509Certificate certificate =
            Pem.certificate(new String(pem, UTF_8), "platform certificate");
        String serial = Pem.serial(certificate);
        if (!serial.equalsIgnoreCase(item.path("serial_no").asText())) {
          throw new IllegalArgumentException("serial_no does not match the certificate");
        }
        downloaded.put(serial, certificate);
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        throw new UniPayException(
            ErrorCode.SIGNATURE_INVALID,
            WHAT
                + ": a certificate did not decrypt or parse ("
                + e.getClass().getSimpleName()
                + ")",
            e);
      }
    }
    if (downloaded.isEmpty()) {
      throw new UniPayException(ErrorCode.PROVIDER_UNAVAILABLE, WHAT + ": the answer holds none");
    }
    Headers h = response.headers();
    verifier
        .check(
            h.get("Wechatpay-Timestamp"),
            h.get("Wechatpay-Nonce"),
            h.get("Wechatpay-Signature"),
            h.get("Wechatpay-Serial"),
            response.body(),
            serial -> lookup(downloaded, serial))
        .ifPresent(
            failure -> {
              throw new UniPayException(
                  ErrorCode.SIGNATURE_INVALID,
                  WHAT
                      + ": answer failed verification: "
                      + failure.reason()
                      + " - "
                      + failure.message());
            });
    return new ArrayList<>(downloaded.values());
  }

  private Optional<PublicKey> lookup(Map<String, X509Certificate> downloaded, String serial) {
    X509Certificate fresh = downloaded.get(serial.toUpperCase(java.util.Locale.ROOT));
    if (fresh == null) return keys.find(serial);
    return keys.isValidNow(fresh) ? Optional.of(fresh.getPublicKey()) : Optional.empty();
  }
}
