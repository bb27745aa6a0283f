package io.unipay.wechat.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unipay.core.ErrorCode;
import io.unipay.core.ProviderRejectedException;
import io.unipay.core.UniPayException;
import io.unipay.core.internal.LogSafe;
import java.io.IOException;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Sends one signed API request and turns the answer into bytes or an exception:
 *
 * <ul>
 *   <li>2xx: the response signature is verified (a 2xx without one is forged) → {@code
 *       SIGNATURE_INVALID} when it fails;
 *   <li>429 → {@code PROVIDER_UNAVAILABLE}; 5xx or code {@code SYSTEM_ERROR} → {@code
 *       OUTCOME_UNKNOWN}; other 4xx → {@link ProviderRejectedException} with the normalised code
 *       and the {@link ErrorVerdicts verdict} for the operation (a signed error response must
 *       verify, else {@code SIGNATURE_INVALID}; an unsigned one is always inconclusive);
 *   <li>I/O failure before the request was written (refused, DNS, connect timeout) → {@code
 *       PROVIDER_UNAVAILABLE}; after (read timeout, reset) → {@code OUTCOME_UNKNOWN}.
 * </ul>
 *
 * Messages name the operation and the order number, never a secret or a header value; values from
 * the answer are escaped with {@link LogSafe#quote}.
 */
public final class ApiCaller {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  /** A verified answer: HTTP status, headers and raw body. */
  public record ApiResponse(int status, Headers headers, byte[] body) {}

  /** Whether the request line reached the socket, set by {@link #EVENTS}. */
  private static final class SendState {
    volatile boolean sent;
  }

  /** Records per call whether OkHttp started writing the request. */
  public static final EventListener.Factory EVENTS =
      call -> {
        SendState state = call.request().tag(SendState.class);
        if (state == null) return EventListener.NONE;
        return new EventListener() {
          @Override
          public void requestHeadersStart(Call c) {
            state.sent = true;
          }
        };
      };

  private final OkHttpClient client;
  private final String baseUrl;
  private final SignatureVerifier verifier;
  private final PlatformKeys keys;
  private final ObjectMapper mapper;

  public ApiCaller(
      OkHttpClient client,
      String baseUrl,
      SignatureVerifier verifier,
      PlatformKeys keys,
      ObjectMapper mapper) {
    this.client = client;
    this.baseUrl = baseUrl;
    this.verifier = verifier;
    this.keys = keys;
    this.mapper = mapper;
  }

  /**
   * Sends the request and returns the verified 2xx answer.
   *
   * @param what the operation and order, e.g. {@code "query out_trade_no=123"}, for messages
   * @param body the exact JSON bytes to send, or null for GET
   */
  public ApiResponse call(String what, String method, String pathAndQuery, byte[] body) {
    return call(null, what, method, pathAndQuery, body);
  }

  /**
   * As {@link #call(String, String, String, byte[])}, classifying a 4xx refusal for {@code
   * operation} with {@link ErrorVerdicts} (null: always inconclusive).
   */
  public ApiResponse call(
      ErrorVerdicts.Operation operation,
      String what,
      String method,
      String pathAndQuery,
      byte[] body) {
    return call(operation, what, method, pathAndQuery, body, null);
  }

  /**
   * As {@link #call(ErrorVerdicts.Operation, String, String, String, byte[])}, sending {@code
   * Wechatpay-Serial: serial} (the key a sensitive field was encrypted for) instead of the
   * preferred serial; null: the preferred one.
   */
  public ApiResponse call(
      ErrorVerdicts.Operation operation,
      String what,
      String method,
      String pathAndQuery,
      byte[] body,
      String serial) {
    ApiResponse response = send(what, method, pathAndQuery, body, serial);
    int status = response.status();
    if (status >= 200 && status < 300) {
      verify(what, response, true);
      return response;
    }
    if (status == 429) {
      throw new UniPayException(
          ErrorCode.PROVIDER_UNAVAILABLE, what + ": WeChat Pay rate limit (HTTP 429); retry later");
    }
    if (status >= 500) {
      throw new UniPayException(
          ErrorCode.OUTCOME_UNKNOWN,
          what
              + ": WeChat Pay answered HTTP "
              + status
              + errorSuffix(response)
              + "; the outcome is unknown, query before retrying");
    }
    boolean verified = response.headers().get("Wechatpay-Signature") != null;
    if (verified) verify(what, response, true);
    JsonNode error = parse(response.body());
    String code = ErrorCodes.normalise(text(error, "code"));
    String message = text(error, "message");
    if (ErrorCodes.SYSTEM_ERROR.equals(code)) {
      throw new UniPayException(
          ErrorCode.OUTCOME_UNKNOWN,
          what
              + ": WeChat Pay answered SYSTEM_ERROR; the outcome is unknown, query before"
              + " retrying");
    }
    ProviderRejectedException.Verdict verdict = ErrorVerdicts.of(operation, status, code, verified);
    throw new ProviderRejectedException(
        code,
        message,
        status,
        what
            + ": WeChat Pay rejected the request: HTTP "
            + status
            + " "
            + LogSafe.quote(code)
            + (message.isEmpty() ? "" : " (" + LogSafe.quote(message) + ")")
            + detail(error)
            + (verified ? "" : "; the answer was not signed")
            + " ["
            + verdict
            + "]",
        verdict);
  }

  /** Sends the request; maps I/O failures; does not look at the status or the signature. */
  public ApiResponse send(String what, String method, String pathAndQuery, byte[] body) {
    return send(what, method, pathAndQuery, body, null);
  }

  private ApiResponse send(
      String what, String method, String pathAndQuery, byte[] body, String serial) {
    SendState state = new SendState();
    Request.Builder request =
        new Request.Builder()
            .url(baseUrl + pathAndQuery)
            .header("Accept", "application/json")
            .header("User-Agent", "uni-pay-java")
            .tag(SendState.class, state);
    if (serial != null) {
      request.header("Wechatpay-Serial", serial);
    } else {
      keys.preferredSerial().ifPresent(preferred -> request.header("Wechatpay-Serial", preferred));
    }
    if (body != null) {
      request.method(method, RequestBody.create(body, JSON));
    } else {
      request.method(method, null);
    }
    try (Response response = client.newCall(request.build()).execute()) {
      ResponseBody responseBody = response.body();
      byte[] bytes = responseBody == null ? new byte[0] : responseBody.bytes();
      return new ApiResponse(response.code(), response.headers(), bytes);
    } catch (IOException e) {
      if (state.sent) {
        throw new UniPayException(
            ErrorCode.OUTCOME_UNKNOWN,
            what
                + ": no answer from WeChat Pay after the request was sent ("
                + e.getClass().getSimpleName()
                + "); query before retrying",
            e);
      }
      throw new UniPayException(
          ErrorCode.PROVIDER_UNAVAILABLE,
          what
              + ": cannot reach WeChat Pay, nothing was sent ("
              + e.getClass().getSimpleName()
              + ")",
          e);
    }
  }

  /** Verifies the response signature or throws {@code SIGNATURE_INVALID}. */
  public void verify(String what, ApiResponse response, boolean refreshOnUnknownSerial) {
    Headers h = response.headers();
    verifier
        .check(
            h.get("Wechatpay-Timestamp"),
            h.get("Wechatpay-Nonce"),
            h.get("Wechatpay-Signature"),
            h.get("Wechatpay-Serial"),
            response.body(),
            refreshOnUnknownSerial)
        .ifPresent(
            failure -> {
              throw new UniPayException(
                  ErrorCode.SIGNATURE_INVALID,
                  what
                      + ": WeChat Pay response (HTTP "
                      + response.status()
                      + ") failed verification: "
                      + failure.reason()
                      + " - "
                      + failure.message());
            });
  }

  /** Parses JSON or throws {@code OUTCOME_UNKNOWN} naming the operation. */
  public JsonNode json(String what, byte[] body) {
    try {
      JsonNode node = mapper.readTree(body);
      if (node == null || !node.isObject()) throw new IOException("not a JSON object");
      return node;
    } catch (IOException e) {
      throw new UniPayException(
          ErrorCode.OUTCOME_UNKNOWN, what + ": WeChat Pay answered malformed JSON", e);
    }
  }

  private JsonNode parse(byte[] body) {
    try {
      JsonNode node = body.length == 0 ? null : mapper.readTree(body);
      return node == null ? mapper.createObjectNode() : node;
    } catch (IOException e) {
      return mapper.createObjectNode();
    }
  }

  private String errorSuffix(ApiResponse response) {
    String code = ErrorCodes.normalise(text(parse(response.body()), "code"));
    return code.isEmpty() ? "" : " " + LogSafe.quote(code);
  }

  private static String detail(JsonNode error) {
    JsonNode detail = error.path("detail");
    if (!detail.isObject()) return "";
    String field = detail.path("field").asText("");
    String issue = detail.path("issue").asText("");
    if (field.isEmpty() && issue.isEmpty()) return "";
    return "; detail: "
        + (field.isEmpty() ? "" : LogSafe.quote(field) + ": ")
        + LogSafe.quote(issue);
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? "" : value.asText();
  }
}
