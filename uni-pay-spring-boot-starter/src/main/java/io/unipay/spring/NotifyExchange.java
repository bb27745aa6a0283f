package io.unipay.spring;

import io.unipay.core.NotifyRequest;
import io.unipay.core.NotifyResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a servlet request as a {@link NotifyRequest} (method, request URI, every header, the raw
 * body bytes, never parsed) and writes a {@link NotifyResponse} back verbatim.
 */
final class NotifyExchange {
  private NotifyExchange() {}

  /** At most {@code maxBodyBytes + 1} bytes are read: the engine rejects larger bodies. */
  static NotifyRequest read(HttpServletRequest request, int maxBodyBytes) throws IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.put(name, new ArrayList<>(Collections.list(request.getHeaders(name))));
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(maxBodyBytes + 1);
    }
    return new NotifyRequest(request.getMethod(), request.getRequestURI(), headers, body);
  }

  static void write(NotifyResponse answer, HttpServletResponse response) throws IOException {
    response.setStatus(answer.status());
    if (!answer.contentType().isEmpty()) response.setContentType(answer.contentType());
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    if (body.length > 0) {
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    }
    response.flushBuffer();
  }
}
