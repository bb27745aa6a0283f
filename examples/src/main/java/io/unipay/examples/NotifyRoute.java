package io.unipay.examples;

import com.sun.net.httpserver.HttpExchange;
import io.unipay.core.NotifyRequest;
import io.unipay.core.NotifyResponse;
import io.unipay.core.UniPay;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The providers' notifications, {@code POST /pay/notify/{provider}/{payType}} (and {@code
 * .../refund}): method, path, headers and the raw body go to {@link UniPay#handleNotify}, whose
 * answer is written back verbatim. Authenticated by the provider's signature, not by a session.
 */
final class NotifyRoute {
  static final String PREFIX = "/pay/notify";
  private static final int MAX_NOTIFY_BODY = 64 * 1024;

  private final UniPay pay;

  NotifyRoute(UniPay pay) {
    this.pay = pay;
  }

  static boolean matches(String path) {
    return path.startsWith(PREFIX + "/");
  }

  void serve(HttpExchange ex, String path) throws IOException {
    byte[] body = Http.readBody(ex, MAX_NOTIFY_BODY);
    NotifyResponse answer =
        pay.handleNotify(new NotifyRequest("POST", path, ex.getRequestHeaders(), body));
    byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
    if (!answer.contentType().isEmpty()) {
      ex.getResponseHeaders().set("Content-Type", answer.contentType());
    }
    ex.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
    if (out.length > 0) {
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    }
  }
}
