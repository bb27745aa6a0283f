package io.unipay.apple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unipay.core.ErrorCode;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.UniPayException;
import io.unipay.core.internal.LogSafe;
import java.io.IOException;
import java.util.regex.Pattern;
import okhttp3.Request;

/**
 * The App Store Server API's Get Transaction Info ({@code GET /inApps/v1/transactions/{id}}) with
 * the ES256 bearer token. The answer's {@code signedTransactionInfo} is returned as is, for the
 * caller to verify like every other JWS. Errors (JSON {@code errorCode}, or 401 with no body):
 *
 * <ul>
 *   <li>404 {@code 4040010} TransactionIdNotFound → {@link ProviderRejectedException} with verdict
 *       {@code NOT_FOUND}; in PRODUCTION with {@code sandboxFallback} the sandbox is asked next;
 *   <li>401 (wrong issuer, key id, key or bundle; also an app never released) and 4xx → {@code
 *       PROVIDER_REJECTED}, inconclusive;
 *   <li>429 and 5xx, timeouts and transport failures → {@code PROVIDER_UNAVAILABLE}: a read, so
 *       nothing is in an unknown state; ask again later.
 * </ul>
 */
final class AppStoreServerApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Pattern TRANSACTION_ID = Pattern.compile("[0-9]{1,32}");

  private final AppleIapConfig config;
  private final AppleHttp http;
  private final AppleBearerTokens tokens;

  AppStoreServerApi(AppleIapConfig config, AppleHttp http) {
    this.config = config;
    this.http = http;
    this.tokens =
        new AppleBearerTokens(
            config.apiKey(), config.bundleId(), config.tokenLifetime(), config.clock());
  }

  /** The (unverified) {@code signedTransactionInfo} of {@code transactionId}. */
  String transactionInfo(String transactionId) {
    if (transactionId == null || !TRANSACTION_ID.matcher(transactionId).matches()) {
      throw UniPayException.invalid(
          "Apple transaction id " + LogSafe.quote(transactionId) + " must be 1..32 digits");
    }
    try {
      return get(config.environment(), transactionId);
    } catch (ProviderRejectedException e) {
      boolean fallback =
          config.sandboxFallback()
              && config.environment() == AppleEnvironment.PRODUCTION
              && e.verdict() == ProviderRejectedException.Verdict.NOT_FOUND;
      if (!fallback) throw e;
      return get(AppleEnvironment.SANDBOX, transactionId);
    }
  }

  private String get(AppleEnvironment environment, String transactionId) {
    String where = "Get Transaction Info " + transactionId + " (" + environment + ")";
    Request request =
        new Request.Builder()
            .url(config.apiUrl(environment) + "/inApps/v1/transactions/" + transactionId)
            .header("Authorization", "Bearer " + tokens.token())
            .header("Accept", "application/json")
            .get()
            .build();
    AppleHttp.Answer answer = http.send(request, where);
    JsonNode body = json(answer.body());
    if (answer.status() == 200) {
      JsonNode signed = body == null ? null : body.get("signedTransactionInfo");
      if (signed == null || !signed.isTextual()) {
        throw new UniPayException(
            ErrorCode.SIGNATURE_INVALID, "Apple's answer to " + where + " has no signed data");
      }
      return signed.asText();
    }
    String code = body == null ? "" : body.path("errorCode").asText("");
    String message = body == null ? "" : body.path("errorMessage").asText("");
    int status = answer.status();
    if (status == 429 || status >= 500) {
      throw AppleHttp.unavailable(
          "Apple answered HTTP " + status + " " + LogSafe.quote(code) + " to " + where
              + "; nothing changed, ask again later", null);
    }
    if (status == 401) {
      throw new ProviderRejectedException(
          "UNAUTHORIZED", "", 401,
          "Apple refused the API token for " + where + ": check the issuer id, key id, .p8 key"
              + " and bundle id (Apple also answers 401 for an app that was never released)");
    }
    ProviderRejectedException.Verdict verdict =
        status == 404 && "4040010".equals(code)
            ? ProviderRejectedException.Verdict.NOT_FOUND
            : ProviderRejectedException.Verdict.INCONCLUSIVE;
    throw new ProviderRejectedException(
        code, message, status,
        "Apple answered HTTP " + status + " " + LogSafe.quote(code) + " "
            + LogSafe.quote(message) + " to " + where,
        verdict);
  }

  private static JsonNode json(String body) {
    if (body == null || body.isBlank()) return null;
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }
}
