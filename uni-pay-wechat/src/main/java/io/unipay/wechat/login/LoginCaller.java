package io.unipay.wechat.login;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.internal.LogSafe;
import io.unipay.core.login.LoginFlow;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Sends one login GET to the WeChat API and returns the answer's JSON object, or throws what
 * {@link LoginErrors} maps. The query carries the app secret, as the protocol requires: the URL is
 * never put in a message or a log line, and OkHttp's own exception messages show at most the host.
 */
final class LoginCaller implements AutoCloseable {
  /** WeChat's login answers are a few hundred bytes; anything far larger is not one. */
  static final int MAX_ANSWER_BYTES = 64 * 1024;

  private static final Pattern ID = Pattern.compile("[\\x21-\\x7e]{1,128}");

  private final OkHttpClient http;
  private final HttpUrl apiBase;
  private final ObjectMapper mapper =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  LoginCaller(WechatLoginConfig config) {
    this.apiBase = HttpUrl.get(config.apiBaseUrl());
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(config.connectTimeout())
            .readTimeout(config.readTimeout())
            .writeTimeout(config.readTimeout())
            .connectionPool(
                new ConnectionPool(
                    5, config.connectionKeepAlive().toMillis(), TimeUnit.MILLISECONDS))
            // A GET that met a stale pooled connection is sent again on a new one. Should WeChat
            // have consumed the code the first time, the repeat answers 40163 (code used).
            .retryOnConnectionFailure(true)
            .followRedirects(false)
            .build();
  }

  /**
   * The successful answer of {@code GET path?query} ({@code errcode} absent or 0).
   *
   * @param what names the flow and the app for messages, e.g. {@code "WeChat mini program login
   *     (appid wx...)"}
   */
  JsonNode get(LoginFlow flow, String appId, String what, String path, Map<String, String> query) {
    HttpUrl.Builder url = apiBase.newBuilder().addPathSegments(path);
    query.forEach(url::addQueryParameter);
    Request request =
        new Request.Builder()
            .url(url.build())
            .header("Accept", "application/json")
            .header("User-Agent", "uni-pay-java")
            .get()
            .build();
    int status;
    byte[] body;
    try (Response response = http.newCall(request).execute()) {
      status = response.code();
      body = read(response.body());
    } catch (IOException e) {
      throw new UniPayException(
          ErrorCode.PROVIDER_UNAVAILABLE,
          what + ": no answer from WeChat (" + e.getClass().getSimpleName()
              + "); the code may be spent: get a new one and try again",
          e);
    }
    JsonNode answer = parse(body);
    if (status != 200) throw LoginErrors.http(what, status, answer);
    if (answer == null) {
      throw new UniPayException(
          ErrorCode.PROVIDER_UNAVAILABLE,
          what + ": WeChat answered HTTP 200 with " + (body == null ? "an oversized body"
              : body.length + " bytes that are not one JSON object")
              + "; get a new code and try again");
    }
    LoginErrors.throwIfError(flow, appId, what, answer);
    return answer;
  }

  /**
   * An id field of a successful answer ({@code openid}, {@code unionid}): 1..128 visible ASCII
   * characters. Absent: null when optional, else {@code PROVIDER_UNAVAILABLE}; malformed: always
   * {@code PROVIDER_UNAVAILABLE} (an answer that cannot be used is never turned into an id).
   */
  static String id(JsonNode answer, String field, String what, boolean required) {
    JsonNode value = answer.get(field);
    if (value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())) {
      if (!required) return null;
      throw new UniPayException(
          ErrorCode.PROVIDER_UNAVAILABLE,
          what + ": WeChat's answer has no " + field + "; get a new code and try again");
    }
    String text = value.isTextual() ? value.asText() : "";
    if (!ID.matcher(text).matches()) {
      throw new UniPayException(
          ErrorCode.PROVIDER_UNAVAILABLE,
          what + ": WeChat's answer has a malformed " + field + " " + LogSafe.quote(value.toString())
              + "; get a new code and try again");
    }
    return text;
  }

  /** The body, or null when it is larger than {@link #MAX_ANSWER_BYTES}. */
  private static byte[] read(ResponseBody body) throws IOException {
    try (InputStream in = body.byteStream()) {
      byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
      return bytes.length > MAX_ANSWER_BYTES ? null : bytes;
    }
  }

  /** The JSON object, or null when {@code body} is not exactly one. */
  private JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) return null;
    try {
      JsonNode node = mapper.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
