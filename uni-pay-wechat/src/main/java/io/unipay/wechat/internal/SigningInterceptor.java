package io.unipay.wechat.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;

/**
 * Adds the {@code Authorization} header to every API request, signed over the exact bytes of the
 * body that goes on the wire and the encoded path and query as sent.
 */
public final class SigningInterceptor implements Interceptor {
  private final RequestSigner signer;
  private final Clock clock;
  private final Supplier<String> nonces;

  public SigningInterceptor(RequestSigner signer, Clock clock, Supplier<String> nonces) {
    this.signer = signer;
    this.clock = clock;
    this.nonces = nonces;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    byte[] body = new byte[0];
    RequestBody requestBody = request.body();
    if (requestBody != null) {
      Buffer buffer = new Buffer();
      requestBody.writeTo(buffer);
      body = buffer.readByteArray();
    }
    HttpUrl url = request.url();
    String canonical =
        url.encodedQuery() == null
            ? url.encodedPath()
            : url.encodedPath() + "?" + url.encodedQuery();
    long timestamp = clock.instant().getEpochSecond();
    String authorization =
        signer.authorization(request.method(), canonical, timestamp, nonces.get(), body);
    return chain.proceed(request.newBuilder().header("Authorization", authorization).build());
  }
}
