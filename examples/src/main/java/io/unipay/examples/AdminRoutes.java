package io.unipay.examples;

import com.sun.net.httpserver.HttpExchange;
import io.unipay.core.UniPay;
import io.unipay.core.ledger.ProviderEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator routes under {@code /api/admin/}, admin only: the recent business orders, the
 * unresolved ledger facts, and replaying or acknowledging one. The console's own routes are in
 * {@link ConsoleRoutes} and {@link ReconciliationRoutes}, asked first; any other path under the
 * prefix is answered 404 here.
 */
final class AdminRoutes implements Routes {
  static final String PREFIX = "/api/admin/";
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  private final UniPay pay;
  private final VipStore store;

  AdminRoutes(UniPay pay, VipStore store) {
    this.pay = pay;
    this.store = store;
  }

  @Override
  public boolean serve(HttpExchange ex, Caller caller, String path, String method)
      throws IOException {
    if (!path.startsWith(PREFIX)) return false;
    Access.requireAdmin(caller, "the operator routes");
    String rest = path.substring(PREFIX.length());
    Map<String, String> q = Http.query(ex);
    int limit =
        (int) Math.min(Math.max(Http.parseLong(q.getOrDefault("limit", "50"), "limit"), 1), 500);
    if (rest.equals("orders") && method.equals("GET")) {
      List<Map<String, Object>> out = new ArrayList<>();
      for (Map<String, Object> row : store.recentOrders(limit)) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("orderNo", row.get("order_no"));
        o.put("userId", row.get("user_id"));
        o.put("packageId", row.get("package_id"));
        o.put("price", row.get("price"));
        o.put("status", row.get("status"));
        o.put("paidOutTradeNo", row.get("paid_out_trade_no"));
        long createdAt = ((Number) row.get("created_at")).longValue();
        o.put("createdAt", Instant.ofEpochMilli(createdAt).toString());
        out.add(o);
      }
      Http.json(ex, 200, out);
    } else if (rest.equals("ledger") && method.equals("GET")) {
      long after = Http.parseLong(q.getOrDefault("after", "0"), "after");
      List<Map<String, Object>> out = new ArrayList<>();
      for (ProviderEvent e : pay.ledger().unresolved(after, limit)) out.add(Views.event(e));
      Http.json(ex, 200, out);
    } else if (rest.startsWith("ledger/") && method.equals("POST")) {
      String[] parts = rest.split("/");
      if (parts.length != 3) throw BadRequest.noRoute(method, path);
      long id = Http.parseLong(parts[1], "ledger id");
      ProviderEvent after = switch (parts[2]) {
        case "replay" -> pay.ledger().replay(id);
        case "acknowledge" -> pay.ledger().acknowledge(id);
        default -> throw BadRequest.noRoute(method, path);
      };
      log.info("operator {} ledger fact {}: now {}", parts[2], id,
          after.resolvedAt() == null ? "still unresolved" : "resolved as " + after.resolution());
      Http.json(ex, 200, Views.event(after));
    } else {
      throw BadRequest.noRoute(method, path);
    }
    return true;
  }
}
