package io.unipay.core;

import io.unipay.core.internal.LogSafe;
import io.unipay.core.internal.Settlement;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.SettlementFlag;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.TradeSnapshot;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finding the payment order a caller means (by out_trade_no, or the primary payment of a business
 * order), and {@link UniPay#getOrder(OrderQuery)}'s bounded wait and sync with the provider.
 */
final class OrderLookup {
  private final OrderRepository repository;
  private final Settlement settlement;
  private final Function<PayOrder, TradeSnapshot> queryTrade;
  private final Duration maxAwait;

  OrderLookup(
      OrderRepository repository, Settlement settlement,
      Function<PayOrder, TradeSnapshot> queryTrade, Duration maxAwait) {
    this.repository = repository;
    this.settlement = settlement;
    this.queryTrade = queryTrade;
    this.maxAwait = maxAwait;
  }

  /** See {@link UniPay#getOrder(OrderQuery)}. */
  PayOrder getOrder(OrderQuery query) {
    PayOrder order = resolve(query.outTradeNo(), query.orderNo());
    boolean watched = order.status() == OrderStatus.CLOSED && order.finalCheckAt() != null;
    if (order.status() != OrderStatus.UNPAID && !watched) return order;
    Duration wait = query.awaitNotify().compareTo(maxAwait) > 0 ? maxAwait : query.awaitNotify();
    long deadline = System.nanoTime() + wait.toNanos();
    while (order.status() == OrderStatus.UNPAID && System.nanoTime() < deadline) {
      sleep(Math.min(200, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
      order = repository.find(order.outTradeNo()).orElseThrow();
    }
    watched = order.status() == OrderStatus.CLOSED && order.finalCheckAt() != null;
    if ((order.status() == OrderStatus.UNPAID || watched) && query.syncWithProvider()) {
      TradeSnapshot trade = queryTrade.apply(order);
      if (trade.state().isPaid()) settlement.settle(order.provider(), trade, "query");
      order = repository.find(order.outTradeNo()).orElseThrow();
    }
    return order;
  }

  /**
   * The order with this out_trade_no, else the primary payment of this business order number.
   *
   * @throws UniPayException ORDER_NOT_FOUND; INVALID_ARGUMENT when neither is given
   */
  PayOrder resolve(String outTradeNo, String orderNo) {
    if (outTradeNo != null) {
      return repository.find(outTradeNo).orElseThrow(
          () -> new UniPayException(
              ErrorCode.ORDER_NOT_FOUND, "no payment order " + LogSafe.quote(outTradeNo)));
    }
    if (orderNo == null) throw UniPayException.invalid("outTradeNo or orderNo is required");
    return primary(repository.findByOrderNo(orderNo))
        .orElseThrow(
            () -> new UniPayException(
                ErrorCode.ORDER_NOT_FOUND, "no payment order for order_no "
                    + LogSafe.quote(orderNo)));
  }

  /**
   * The payment that stands for a business order: the paid one whose handler ran, else a paid
   * one that is not a duplicate, else any paid one, else the newest.
   */
  static Optional<PayOrder> primary(List<PayOrder> all) {
    Comparator<PayOrder> rank =
        Comparator.<PayOrder>comparingInt(o -> o.status().isPaid() ? 1 : 0)
            .thenComparingInt(o -> o.userOrderSuccess() ? 1 : 0)
            .thenComparingInt(o -> o.settleFlag() == SettlementFlag.DUPLICATE_PAYMENT ? 0 : 1)
            .thenComparing(PayOrder::createDate);
    return all.stream().max(rank);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UniPayException(ErrorCode.OUTCOME_UNKNOWN, "interrupted while waiting", e);
    }
  }
}
