package io.unipay.core;

import io.unipay.core.internal.Ids;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.NotifyHandler;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.PayClient;
import io.unipay.core.spi.PrepayRequest;
import io.unipay.core.spi.PrepayResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link UniPay#createOrder} (design §5): reuses a live unpaid payment of the same business
 * order, or writes a new status-0 row before the provider is asked for prepay data.
 */
final class OrderCreation {
  private static final Logger log = LoggerFactory.getLogger(UniPay.class);

  private final OrderRepository repository;
  private final Map<Provider, PayClient> clients;
  private final Map<String, NotifyHandler> handlers;
  private final NotifyUrls notifyUrls;
  private final Clock clock;
  private final Supplier<String> ids;
  private final long maxTotalFee;
  private final Duration defaultExpiry;
  private final Duration firstCheckDelay;

  OrderCreation(
      OrderRepository repository, Map<Provider, PayClient> clients,
      Map<String, NotifyHandler> handlers, NotifyUrls notifyUrls, Clock clock,
      Supplier<String> ids, long maxTotalFee, Duration defaultExpiry, Duration firstCheckDelay) {
    this.repository = repository;
    this.clients = clients;
    this.handlers = handlers;
    this.notifyUrls = notifyUrls;
    this.clock = clock;
    this.ids = ids;
    this.maxTotalFee = maxTotalFee;
    this.defaultExpiry = defaultExpiry;
    this.firstCheckDelay = firstCheckDelay;
  }

  CreateOrderResult create(CreateOrderRequest request) {
    PayClient client = validate(request);
    Instant now = clock.instant();
    Duration expireAfter = request.expireAfter() != null ? request.expireAfter() : defaultExpiry;

    PayOrder order = null;
    boolean reused = false;
    for (PayOrder existing : repository.findByOrderNo(request.orderNo())) {
      if (existing.status().isPaid()) {
        throw new UniPayException(
            ErrorCode.ORDER_ALREADY_PAID,
            "order_no " + request.orderNo() + " is already paid (out_trade_no "
                + existing.outTradeNo() + ", status " + existing.status() + ")");
      }
      boolean live =
          existing.status() == OrderStatus.UNPAID
              && existing.expireDate().isAfter(now.plus(Duration.ofMinutes(1)));
      if (!live) continue;
      if (existing.totalFee() != request.totalFee()) {
        throw new UniPayException(
            ErrorCode.ORDER_AMOUNT_CONFLICT,
            "order_no " + request.orderNo() + " has an unpaid payment of " + existing.totalFee()
                + " fen (out_trade_no " + existing.outTradeNo() + "); requested "
                + request.totalFee() + " fen. Close it first or use a new order_no");
      }
      if (existing.provider() == request.provider()
          && existing.payType() == request.payType()
          && java.util.Objects.equals(existing.openid(), request.openid())) {
        order = existing;
        reused = true;
      }
    }
    if (order == null) {
      String outTradeNo = client.newOutTradeNo(ids);
      if (!Ids.OUT_TRADE_NO.matcher(outTradeNo).matches()) {
        throw new UniPayException(
            ErrorCode.CONFIGURATION_INVALID,
            "the out_trade_no generator produced '" + outTradeNo
                + "': it must give 1..32 chars of [0-9A-Za-z]");
      }
      order =
          PayOrder.builder()
              .outTradeNo(outTradeNo)
              .orderNo(request.orderNo())
              .type(request.type())
              .provider(request.provider())
              .payType(request.payType())
              .status(OrderStatus.UNPAID)
              .totalFee(request.totalFee())
              .currency("CNY")
              .description(request.description())
              .userId(request.userId())
              .openid(request.openid())
              .clientIp(request.clientIp())
              .providerAppId(client.appId(request.payType(), request.type()).orElseThrow())
              .mchId(client.merchantId())
              .custom(request.custom())
              .createDate(now)
              .expireDate(now.plus(expireAfter))
              .nextCheckAt(now.plus(firstCheckDelay))
              .build();
      repository.insert(order);
    }
    PrepayResult payload =
        client.prepay(
            new PrepayRequest(
                order.outTradeNo(),
                order.payType(),
                order.totalFee(),
                order.currency(),
                order.description(),
                notifyUrls.payment(order.provider(), order.payType()),
                order.expireDate(),
                order.openid(),
                order.clientIp(),
                request.returnUrl(),
                order.type()));
    log.info(
        "{} {} - payment order {} for order_no {} ({} fen, {})",
        order.provider().code(), order.outTradeNo(), reused ? "reused" : "created",
        order.orderNo(), order.totalFee(), order.payType().code());
    return new CreateOrderResult(
        order.outTradeNo(), order.orderNo(), order.provider(), order.payType(), order.totalFee(),
        order.expireDate(), payload, reused);
  }

  private PayClient validate(CreateOrderRequest r) {
    return CreateOrderValidation.validate(r, handlers, clients, maxTotalFee);
  }
}
