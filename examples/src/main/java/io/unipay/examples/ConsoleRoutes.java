package io.unipay.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.unipay.core.RefundRequest;
import io.unipay.core.SweepReport;
import io.unipay.core.UniPay;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Provider;
import io.unipay.core.order.Refund;
import io.unipay.core.spi.OrderCursor;
import io.unipay.core.spi.OrderFilter;
import io.unipay.core.spi.OrderPage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator console's JSON API, admin only (the unresolved ledger facts, replay and
 * acknowledge are {@link AdminRoutes}'):
 *
 * <pre>
 *   GET  /api/admin/payments?status=1,2&amp;provider=wxpay&amp;createdFrom=..&amp;createdBefore=..
 *                           &amp;limit=20&amp;after=..     newest first, one page
 *   GET  /api/admin/payments/{outTradeNo}          the order, its refunds, ledger facts, timeline
 *   POST /api/admin/payments/{outTradeNo}/refund   {refundFee, reason, outRefundNo?}
 *   GET  /api/admin/sweeps                         the sweeper's last passes and failures
 *   POST /api/admin/sweeps                         runs one sweeper pass now
 * </pre>
 *
 * Instants are ISO-8601 ({@code 2026-01-02T03:04:05Z}); the range is {@code [createdFrom,
 * createdBefore)}. {@code after} is the {@code next} of the previous page, opaque to the client.
 */
final class ConsoleRoutes implements Routes {
  static final String PAYMENTS = AdminRoutes.PREFIX + "payments";
  static final String SWEEPS = AdminRoutes.PREFIX + "sweeps";
  static final int MAX_LIMIT = 100;
  private static final Logger log = LoggerFactory.getLogger(ConsoleRoutes.class);
  private static final String CALLS_NOTE =
      "provider calls and notifications: as seen by this app instance since it started (kept in"
          + " memory, the last " + ProviderCalls.PER_ORDER + " per order); the ledger facts are"
          + " the durable record";

  private final UniPay pay;
  private final VipStore store;
  private final ConsoleSources sources;

  ConsoleRoutes(UniPay pay, VipStore store, ConsoleSources sources) {
    this.pay = pay;
    this.store = store;
    this.sources = sources;
  }

  @Override
  public boolean serve(HttpExchange ex, Caller caller, String path, String method)
      throws IOException {
    boolean payments = path.equals(PAYMENTS) || path.startsWith(PAYMENTS + "/");
    if (!payments && !path.equals(SWEEPS)) return false;
    Access.requireAdmin(caller, "the operator routes");
    if (path.equals(SWEEPS)) {
      switch (method) {
        case "GET" -> sweeps(ex);
        case "POST" -> runSweep(ex);
        default -> throw BadRequest.noRoute(method, path);
      }
      return true;
    }
    String[] rest =
        path.equals(PAYMENTS)
            ? new String[0]
            : path.substring(PAYMENTS.length() + 1).split("/", -1);
    if (rest.length == 0 && method.equals("GET")) {
      list(ex);
    } else if (rest.length == 1 && method.equals("GET")) {
      detail(ex, rest[0]);
    } else if (rest.length == 2 && rest[1].equals("refund") && method.equals("POST")) {
      refund(ex, rest[0]);
    } else {
      throw BadRequest.noRoute(method, path);
    }
    return true;
  }

  private void list(HttpExchange ex) throws IOException {
    Map<String, String> q = Http.query(ex);
    OrderFilter filter =
        OrderFilter.any()
            .withStatuses(statuses(q.get("status")))
            .withProvider(blank(q.get("provider")) ? null : Provider.ofCode(q.get("provider")))
            .createdBetween(instant(q, "createdFrom"), instant(q, "createdBefore"));
    long limit = Http.parseLong(q.getOrDefault("limit", "20"), "limit");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new BadRequest(400, "INVALID_ARGUMENT", "limit must be 1 to " + MAX_LIMIT);
    }
    OrderCursor after = blank(q.get("after")) ? null : decode(q.get("after"));
    OrderPage page = sources.orders().browse(filter, after, (int) limit);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (PayOrder o : page.orders()) rows.add(ConsoleViews.row(o));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("orders", rows);
    out.put("next", page.hasNext() ? encode(page.next()) : null);
    Http.json(ex, 200, out);
  }

  private void detail(HttpExchange ex, String outTradeNo) throws IOException {
    PayOrder order = pay.getOrder(outTradeNo);
    List<Refund> refunds = pay.refunds(outTradeNo);
    var events = pay.ledger().events(outTradeNo);
    List<Map<String, Object>> refundViews = new ArrayList<>();
    for (Refund r : refunds) refundViews.add(ConsoleViews.refund(r));
    List<Map<String, Object>> eventViews = new ArrayList<>();
    for (var e : events) eventViews.add(Views.event(e));
    List<Map<String, Object>> timeline = new ArrayList<>();
    for (OrderTimeline.Entry e :
        OrderTimeline.of(order, refunds, events, sources.calls().of(outTradeNo))) {
      timeline.add(ConsoleViews.entry(e));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("order", ConsoleViews.detail(order));
    out.put("business", business(order.orderNo()));
    out.put("refunds", refundViews);
    out.put("ledger", eventViews);
    out.put("timeline", timeline);
    out.put("callsNote", CALLS_NOTE);
    Http.json(ex, 200, out);
  }

  /** The host's business order behind the payment, or null when the store has none. */
  private Map<String, Object> business(String orderNo) {
    return store.order(orderNo)
        .map(row -> {
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("orderNo", row.get("order_no"));
          out.put("userId", row.get("user_id"));
          out.put("packageId", row.get("package_id"));
          out.put("price", row.get("price"));
          out.put("status", row.get("status"));
          out.put("paidOutTradeNo", row.get("paid_out_trade_no"));
          return out;
        })
        .orElse(null);
  }

  private void refund(HttpExchange ex, String outTradeNo) throws IOException {
    JsonNode body = Http.jsonBody(ex);
    JsonNode fee = body.get("refundFee");
    if (fee == null || !fee.isIntegralNumber() || !fee.canConvertToLong() || fee.asLong() <= 0) {
      throw new BadRequest(
          400, "INVALID_ARGUMENT", "refundFee must be a positive whole number of fen");
    }
    String reason = Http.text(body, "reason", true).strip();
    RefundRequest request = RefundRequest.of(outTradeNo, fee.asLong(), reason);
    String key = Http.text(body, "outRefundNo", false);
    if (key != null) request = request.withOutRefundNo(key);
    Refund refund = pay.refund(request);
    log.info("operator refund {} of {} fen for {}: {}", refund.outRefundNo(), refund.refundFee(),
        refund.outTradeNo(), refund.status());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("refund", ConsoleViews.refund(refund));
    out.put("order", ConsoleViews.detail(pay.getOrder(outTradeNo)));
    Http.json(ex, 200, out);
  }

  private void sweeps(HttpExchange ex) throws IOException {
    List<Map<String, Object>> passes = new ArrayList<>();
    for (SweepHistory.Pass p : sources.sweeps().passes()) passes.add(ConsoleViews.pass(p));
    List<Map<String, Object>> failures = new ArrayList<>();
    for (SweepHistory.Failure f : sources.sweeps().failures()) {
      failures.add(ConsoleViews.failure(f));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("passes", passes);
    out.put("failures", failures);
    out.put("note", "this instance's last " + SweepHistory.KEPT + " passes, newest first");
    Http.json(ex, 200, out);
  }

  /** One pass now, on this request's thread; the background passes go on as scheduled. */
  private void runSweep(HttpExchange ex) throws IOException {
    SweepReport report = sources.sweeper().runOnce();
    log.info("operator ran a sweeper pass: {}", report);
    Http.json(ex, 200, ConsoleViews.report(report));
  }

  /** {@code 1,2} or {@code PAID,PARTIALLY_REFUNDED} (codes or names); blank for any. */
  private static Set<OrderStatus> statuses(String value) {
    Set<OrderStatus> out = EnumSet.noneOf(OrderStatus.class);
    if (blank(value)) return out;
    for (String part : value.split(",")) {
      String s = part.strip();
      try {
        out.add(s.matches("-?\\d{1,2}")
            ? OrderStatus.ofCode(Integer.parseInt(s))
            : OrderStatus.valueOf(s.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new BadRequest(400, "INVALID_ARGUMENT",
            "status must be order status codes (-1, 0, 1, 2, 3) or names, was '" + s + "'");
      }
    }
    return out;
  }

  private static Instant instant(Map<String, String> q, String name) {
    String value = q.get(name);
    if (blank(value)) return null;
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new BadRequest(400, "INVALID_ARGUMENT",
          name + " must be an ISO-8601 instant such as 2026-01-02T00:00:00Z, was '" + value + "'");
    }
  }

  static String encode(OrderCursor cursor) {
    String raw = cursor.createDate() + "|" + cursor.outTradeNo();
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static OrderCursor decode(String value) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
      int bar = raw.indexOf('|');
      return new OrderCursor(Instant.parse(raw.substring(0, bar)), raw.substring(bar + 1));
    } catch (RuntimeException e) { // not Base64, no '|', not an instant, not an out_trade_no
      throw new BadRequest(400, "INVALID_ARGUMENT", "after is not a cursor this list gave out");
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
