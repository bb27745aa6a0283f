package io.unipay.examples;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;

/** The pages, scripts and style sheet, served from the classpath ({@code web/}). */
final class StaticRoutes implements Routes {
  private static final String HTML = "text/html; charset=utf-8";
  private static final String JS = "text/javascript; charset=utf-8";
  private static final Map<String, String[]> FILES =
      Map.of(
          "/", new String[] {"web/index.html", HTML},
          "/index.html", new String[] {"web/index.html", HTML},
          "/app.js", new String[] {"web/app.js", JS},
          "/style.css", new String[] {"web/style.css", "text/css; charset=utf-8"},
          "/admin", new String[] {"web/admin.html", HTML},
          "/admin.html", new String[] {"web/admin.html", HTML},
          "/admin.js", new String[] {"web/admin.js", JS});

  @Override
  public boolean serve(HttpExchange ex, Caller caller, String path, String method)
      throws IOException {
    String[] file = FILES.get(path);
    if (file == null) return false;
    Http.resource(ex, file[0], file[1]);
    return true;
  }
}
