package io.unipay.examples.boot;

import io.unipay.core.CreateOrderRequest;
import io.unipay.core.CreateOrderResult;
import io.unipay.core.OrderQuery;
import io.unipay.core.UniPay;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.PayType;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.PrepayResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The JSON API: {@code POST /api/orders} opens a business order and its payment (a QR code to
 * scan, {@code native} pay type), {@code GET /api/orders/{outTradeNo}} reads the payment and the
 * user's VIP. The example has no sign-in: a real application takes the user from its
 * authentication, never from the request body, and lets only that user read the order.
 */
@RestController
@RequestMapping("/api")
public class OrderController {
  private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final UniPay pay;
  private final VipAccounts accounts;

  public OrderController(UniPay pay, VipAccounts accounts) {
    this.pay = pay;
    this.accounts = accounts;
  }

  /** What the client sends to buy a package: who, which package, which provider. */
  public record NewOrder(String userId, String packageId, String provider) {}

  @PostMapping("/orders")
  @ResponseStatus(HttpStatus.CREATED)
  public Map<String, Object> create(@RequestBody NewOrder request) {
    if (request.userId() == null || !USER_ID.matcher(request.userId()).matches()) {
      throw new BadRequest("userId must be 1 to 64 letters, digits, '-' or '_'");
    }
    VipPackage pkg =
        accounts
            .findPackage(String.valueOf(request.packageId()))
            .orElseThrow(() -> new BadRequest("no such package"));
    Provider provider = provider(request.provider());
    String orderNo = "vip-" + UUID.randomUUID();
    accounts.openOrder(orderNo, request.userId(), pkg);
    CreateOrderResult result =
        pay.createOrder(
            CreateOrderRequest.builder()
                .type("vip")
                .orderNo(orderNo)
                .userId(request.userId())
                .provider(provider)
                .payType(PayType.NATIVE)
                .totalFee(pkg.price()) // the price from our own data, never from the client
                .description(pkg.label())
                .build());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("orderNo", orderNo);
    body.put("outTradeNo", result.outTradeNo());
    body.put("provider", provider.code());
    body.put("totalFee", result.totalFee());
    body.put("expireDate", result.expireDate().toString());
    if (result.payload() instanceof PrepayResult.QrCode qr) body.put("codeUrl", qr.codeUrl());
    return body;
  }

  @GetMapping("/orders/{outTradeNo}")
  public Map<String, Object> read(
      @PathVariable("outTradeNo") String outTradeNo,
      @RequestParam(name = "sync", defaultValue = "false") boolean sync) {
    OrderQuery query = OrderQuery.byOutTradeNo(outTradeNo);
    PayOrder order = pay.getOrder(sync ? query.withProviderSync() : query);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("outTradeNo", order.outTradeNo());
    body.put("orderNo", order.orderNo());
    body.put("provider", order.provider().code());
    body.put("status", order.status().name());
    body.put("totalFee", order.totalFee());
    body.put("refundFee", order.refundFee());
    body.put("businessStatus", accounts.orderStatus(order.orderNo()).orElse("UNKNOWN"));
    body.put("vipUntil", accounts.vipUntil(order.userId()).map(Instant::toString).orElse(null));
    return body;
  }

  private static Provider provider(String code) {
    if (Provider.WXPAY.code().equals(code)) return Provider.WXPAY;
    if (Provider.ALIPAY.code().equals(code)) return Provider.ALIPAY;
    throw new BadRequest("provider must be wxpay or alipay");
  }

  /** A request the API refuses with 400 and the message. */
  static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message);
    }
  }
}
