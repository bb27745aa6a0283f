package io.unipay.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.unipay.core.CreateOrderRequest;
import io.unipay.core.CreateOrderResult;
import io.unipay.core.OrderQuery;
import io.unipay.core.RefundRequest;
import io.unipay.core.UniPay;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.core.order.Refund;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The checkout: packages, creating an order (the amount from the package table, the payer's
 * openid from the session — neither ever from the request), reading, long-polling and closing
 * one's own order, the QR image, the sandbox payer, and the admin's refund and refund lookup of an
 * order.
 */
final class CheckoutRoutes implements Routes {
  static final int MAX_AWAIT_SECONDS = 20;

  private final UniPay pay;
  private final String returnUrl;
  private final VipStore store;
  private final Sandbox sandbox; // null in live mode
  private final AppleRoutes apple;
  private final boolean nameSignIn;

  CheckoutRoutes(
      UniPay pay, String returnUrl, VipStore store, Sandbox sandbox, boolean nameSignIn) {
    this.pay = pay;
    this.returnUrl = returnUrl;
    this.store = store;
    this.sandbox = sandbox;
    this.apple = new AppleRoutes(sandbox);
    this.nameSignIn = nameSignIn;
  }

  @Override
  public boolean serve(HttpExchange ex, Caller caller, String path, String method)
      throws IOException {
    if (path.equals("/api/config") && method.equals("GET")) {
      ObjectNode config = Http.JSON.createObjectNode();
      config.put("sandbox", sandbox != null);
      config.put("nameSignIn", nameSignIn);
      Http.json(ex, 200, config);
    } else if (path.equals("/api/packages") && method.equals("GET")) {
      Http.json(ex, 200, store.packages());
    } else if (path.equals("/api/orders") && method.equals("POST")) {
      createOrder(ex, caller);
    } else if (path.startsWith("/api/orders/")) {
      orderAction(ex, caller, path.substring("/api/orders/".length()), method);
    } else if (path.startsWith("/api/refunds/") && method.equals("GET")) {
      Access.requireAdmin(caller, "refunds");
      String outRefundNo = path.substring("/api/refunds/".length());
      boolean sync = "true".equals(Http.query(ex).get("sync"));
      Http.json(ex, 200, Views.refund(pay.getRefund(outRefundNo, sync)));
    } else if (path.equals("/api/qr.png") && method.equals("GET")) {
      Access.requireSignedIn(caller);
      Http.bytes(ex, "image/png", QrCodes.png(Http.query(ex).get("text")));
    } else if (path.startsWith(AppleRoutes.PREFIX) && method.equals("POST")) {
      Http.json(
          ex, 200, apple.handle(pay, path, no -> ownedOrder(caller, no), Http.jsonBody(ex)));
    } else if (path.startsWith("/api/sandbox/pay/") && method.equals("POST")) {
      sandboxPay(ex, caller, path.substring("/api/sandbox/pay/".length()));
    } else {
      return false;
    }
    return true;
  }

  /** The order, if the caller may see it: its owner or the admin (checked before any waiting). */
  private PayOrder ownedOrder(Caller caller, String outTradeNo) {
    Access.requireSignedIn(caller);
    PayOrder order = pay.getOrder(outTradeNo);
    if (!caller.admin() && !Objects.equals(order.userId(), caller.userId())) {
      throw new BadRequest(403, "FORBIDDEN", "this order belongs to another user");
    }
    return order;
  }

  private void createOrder(HttpExchange ex, Caller caller) throws IOException {
    String userId = Access.requireUser(caller);
    JsonNode body = Http.jsonBody(ex);
    String packageId = Http.text(body, "packageId", true);
    Provider provider = Provider.ofCode(Http.text(body, "provider", true));
    PayType payType = PayType.ofCode(Http.text(body, "payType", true));
    if (body.has("returnUrl")) {
      throw new BadRequest(400, "INVALID_ARGUMENT",
          "returnUrl is not accepted: the server sets where Alipay sends the payer back");
    }
    if (body.has("openid")) {
      throw new BadRequest(400, "INVALID_ARGUMENT",
          "openid is not accepted: a jsapi or mp payment is made by the payer signed in with"
              + " WeChat or Alipay (POST /api/login/code)");
    }
    String requested = Http.text(body, "userId", false);
    if (requested != null && !requested.equals(userId)) {
      throw new BadRequest(403, "FORBIDDEN", "orders are created for the signed-in user only");
    }
    if (!store.userExists(userId)) {
      throw new BadRequest(404, "UNKNOWN_USER", "unknown user '" + userId + "'");
    }
    VipPackage pkg = store.findPackage(packageId).orElseThrow(
        () -> new BadRequest(404, "UNKNOWN_PACKAGE", "unknown package '" + packageId + "'"));
    String openid = PayerAccounts.openidFor(caller, provider, payType);
    // The amount comes from the package table, never from the request.
    String orderNo = store.openOrder(userId, pkg);
    boolean redirects = payType == PayType.PAGE || payType == PayType.WAP;
    CreateOrderResult result =
        pay.createOrder(
            CreateOrderRequest.builder()
                .type(provider == Provider.APPLEIAP ? AppleRoutes.type(pkg.id()) : "vip")
                .orderNo(orderNo)
                .provider(provider)
                .payType(payType)
                .totalFee(pkg.price())
                .description(pkg.label())
                .userId(userId)
                .openid(openid)
                .clientIp(ex.getRemoteAddress().getAddress().getHostAddress())
                .returnUrl(redirects ? returnUrl : null)
                .custom(Http.JSON.createObjectNode().put("packageId", pkg.id()).toString())
                .build());
    if (sandbox != null) sandbox.opened(provider, result.payload());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("outTradeNo", result.outTradeNo());
    out.put("orderNo", result.orderNo());
    out.put("totalFee", result.totalFee());
    out.put("expireDate", result.expireDate().toString());
    out.put("payloadKind", result.payload().getClass().getSimpleName());
    out.put("payload", result.payload());
    Http.json(ex, 201, out);
  }

  private void orderAction(HttpExchange ex, Caller caller, String rest, String method)
      throws IOException {
    String[] parts = rest.split("/");
    String outTradeNo = parts[0];
    if (parts.length == 1 && method.equals("GET")) {
      Map<String, String> q = Http.query(ex);
      long awaitSeconds = Http.parseLong(q.getOrDefault("await", "0"), "await");
      PayOrder order = ownedOrder(caller, outTradeNo);
      boolean sync = "true".equals(q.get("sync"));
      if (awaitSeconds > 0 || sync) {
        long seconds = Math.min(Math.max(awaitSeconds, 0), MAX_AWAIT_SECONDS);
        OrderQuery query =
            OrderQuery.byOutTradeNo(outTradeNo).awaitNotify(Duration.ofSeconds(seconds));
        if (sync) query = query.withProviderSync();
        order = pay.getOrder(query);
      }
      Http.json(ex, 200, Views.order(order));
    } else if (parts.length == 2 && parts[1].equals("close") && method.equals("POST")) {
      ownedOrder(caller, outTradeNo);
      Http.json(ex, 200, Views.order(pay.closeOrder(outTradeNo)));
    } else if (parts.length == 2 && parts[1].equals("refund") && method.equals("POST")) {
      Access.requireAdmin(caller, "refunds");
      JsonNode body = Http.jsonBody(ex);
      long fee = body.path("refundFee").asLong(-1);
      if (fee <= 0) {
        throw new BadRequest(
            400, "INVALID_ARGUMENT", "refundFee must be a positive number of fen");
      }
      Refund refund =
          pay.refund(RefundRequest.of(outTradeNo, fee, Http.text(body, "reason", false)));
      Map<String, Object> out = Views.refund(refund);
      out.put("order", Views.order(pay.getOrder(outTradeNo)));
      Http.json(ex, 200, out);
    } else {
      throw BadRequest.noRoute(method, "/api/orders/" + rest);
    }
  }

  private void sandboxPay(HttpExchange ex, Caller caller, String outTradeNo) throws IOException {
    if (sandbox == null) throw new BadRequest(404, "NOT_FOUND", "the sandbox is off in live mode");
    PayOrder order = ownedOrder(caller, outTradeNo);
    try {
      sandbox.pay(order.provider(), outTradeNo);
    } catch (IllegalStateException e) { // the simulator's "already paid", "closed", ...
      throw new BadRequest(409, "NOT_PAYABLE", e.getMessage());
    }
    Http.json(ex, 202, Map.of("outTradeNo", outTradeNo, "paid", true));
  }
}
