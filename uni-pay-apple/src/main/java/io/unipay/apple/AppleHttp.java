package io.unipay.apple;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The one HTTP client of an {@link AppleIapClient}: explicit timeouts, no redirects, a small pool.
 * Every Apple call made here only reads (Get Transaction Info, {@code verifyReceipt}): nothing can
 * be left in an unknown state by a failure, so every transport failure, timeout or 5xx is {@code
 * PROVIDER_UNAVAILABLE} — ask again later — and never changes anything.
 */
final class AppleHttp implements AutoCloseable {
  private static final int MAX_BODY = 1 << 20;

  private final OkHttpClient http;

  /** An answer: status and body (at most 1 MiB). */
  record Answer(int status, String body) {}

  AppleHttp(AppleIapConfig config) {
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(config.connectTimeout())
            .readTimeout(config.readTimeout())
            .writeTimeout(config.readTimeout())
            .callTimeout(config.connectTimeout().plus(config.readTimeout()).multipliedBy(2))
            .retryOnConnectionFailure(true) // reads only: re-sending is harmless
            .followRedirects(false)
            .connectionPool(new ConnectionPool(4, 30, TimeUnit.SECONDS))
            .build();
  }

  /** Sends a read-only call. @throws UniPayException PROVIDER_UNAVAILABLE on any transport failure */
  Answer send(Request request, String where) {
    try (Response response = http.newCall(request).execute()) {
      okio.BufferedSource source = response.body().source();
      if (source.request(MAX_BODY + 1L)) {
        throw unavailable("Apple's answer is larger than 1 MiB (" + where + ")", null);
      }
      return new Answer(response.code(), source.getBuffer().readUtf8());
    } catch (ConnectException | UnknownHostException | NoRouteToHostException e) {
      throw unavailable("Apple unreachable (" + where + "): " + e.getClass().getSimpleName(), e);
    } catch (InterruptedIOException e) {
      throw unavailable("no answer from Apple within the timeout (" + where + ")", e);
    } catch (IOException e) {
      throw unavailable("the call to Apple failed (" + where + "): " + e.getClass().getSimpleName(),
          e);
    }
  }

  static UniPayException unavailable(String message, Throwable cause) {
    return new UniPayException(ErrorCode.PROVIDER_UNAVAILABLE, message, cause);
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
