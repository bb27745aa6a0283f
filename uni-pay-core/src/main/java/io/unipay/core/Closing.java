package io.unipay.core;

import io.unipay.core.internal.LogSafe;
import io.unipay.core.internal.Settlement;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.spi.CloseResult;
import io.unipay.core.spi.OrderRepository;
import io.unipay.core.spi.PayClient;
import io.unipay.core.spi.TradeSnapshot;
import io.unipay.core.spi.TradeState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closing orders at the provider and the final check of orders closed before the provider knew
 * them (design §8, §14.1). Shared by {@link UniPay#closeOrder} and the {@link Sweeper}.
 */
final class Closing {
  private static final Logger log = LoggerFactory.getLogger(Closing.class);

  private final OrderRepository repository;
  private final Settlement settlement;
  private final Function<PayOrder, PayClient> clients;
  private final Clock clock;
  private final Duration finalCheckMargin;

  Closing(
      OrderRepository repository, Settlement settlement, Function<PayOrder, PayClient> clients,
      Clock clock, Duration finalCheckMargin) {
    this.repository = repository;
    this.settlement = settlement;
    this.clients = clients;
    this.clock = clock;
    this.finalCheckMargin = finalCheckMargin;
  }

  /**
   * {@link UniPay#closeOrder}: a closed order is returned unchanged, a paid one refused; else the
   * close protocol runs, and an order still being paid is refused for now.
   *
   * @param order the order found for {@code outTradeNo}
   */
  PayOrder closeOrder(PayOrder order, String outTradeNo) {
    if (order.status() == OrderStatus.CLOSED) return order;
    if (order.status().isPaid()) throw alreadyPaid(order);
    PayOrder after = closeAtProvider(order, "close");
    if (after.status().isPaid()) throw alreadyPaid(after);
    if (after.status() == OrderStatus.UNPAID) {
      throw new UniPayException(
          ErrorCode.PROVIDER_UNAVAILABLE,
          "out_trade_no " + outTradeNo + " is being paid right now; try closing again later");
    }
    return after;
  }

  /**
   * The close protocol shared with the sweeper: query, settle if paid, close at the provider,
   * then CAS 0 → -1 (with a final check scheduled when the provider did not know the trade before
   * expiry). Returns the order as it ends up; it stays UNPAID only while the payer is paying.
   * Provider failures propagate with nothing changed locally.
   */
  PayOrder closeAtProvider(PayOrder order, String source) {
    PayClient client = clients.apply(order);
    TradeSnapshot trade = queryTrade(order);
    if (trade.state().isPaid()) {
      settlement.settle(order.provider(), trade, source);
      return repository.find(order.outTradeNo()).orElseThrow();
    }
    if (trade.state() == TradeState.PAYING) return order;
    boolean unknownToProvider = trade.state() == TradeState.NOT_FOUND;
    if (trade.state() != TradeState.CLOSED) {
      CloseResult result = client.close(order.outTradeNo());
      if (result == CloseResult.ALREADY_PAID) {
        TradeSnapshot paid = queryTrade(order);
        settlement.settle(order.provider(), paid, source);
        return repository.find(order.outTradeNo()).orElseThrow();
      }
      unknownToProvider |= result == CloseResult.NOT_FOUND;
    }
    Instant now = clock.instant();
    Instant watchUntil = order.expireDate().plus(finalCheckMargin);
    Instant finalCheckAt = unknownToProvider && now.isBefore(watchUntil) ? watchUntil : null;
    if (repository.markClosed(order.outTradeNo(), now, finalCheckAt)) {
      log.info(
          "{} {} - closed ({}){}", order.provider().code(), order.outTradeNo(), source,
          finalCheckAt != null ? "; unknown to the provider, checked again at " + finalCheckAt : "");
    }
    return repository.find(order.outTradeNo()).orElseThrow();
  }

  /**
   * The final check of a closed order the provider did not know before expiry: settles a payment
   * that arrived meanwhile, closes a trade the payer opened after the close, and ends the watch.
   * Returns the order as it ends up. Provider failures propagate; the watch stays.
   */
  PayOrder finalCheck(PayOrder order) {
    TradeSnapshot trade = queryTrade(order);
    if (trade.state().isPaid()) {
      settlement.settle(order.provider(), trade, "sweeper");
      return repository.find(order.outTradeNo()).orElseThrow();
    }
    if (trade.state() == TradeState.PAYING) {
      repository.scheduleFinalCheck(order.outTradeNo(), clock.instant().plus(finalCheckMargin));
      return order;
    }
    if (trade.state() == TradeState.NOT_PAID) {
      if (clients.apply(order).close(order.outTradeNo()) == CloseResult.ALREADY_PAID) {
        settlement.settle(order.provider(), queryTrade(order), "sweeper");
        return repository.find(order.outTradeNo()).orElseThrow();
      }
      log.info("{} {} - closed again at the provider after expiry", order.provider().code(),
          order.outTradeNo());
    }
    repository.scheduleFinalCheck(order.outTradeNo(), null);
    return repository.find(order.outTradeNo()).orElseThrow();
  }

  /** Queries the trade and checks that the verified answer is about it (design §14.4). */
  TradeSnapshot queryTrade(PayOrder order) {
    TradeSnapshot trade = clients.apply(order).query(order.outTradeNo());
    if (!order.outTradeNo().equals(trade.outTradeNo())) {
      throw new UniPayException(
          ErrorCode.OUTCOME_UNKNOWN,
          "the query answer is about " + LogSafe.quote(trade.outTradeNo()) + ", not "
              + order.outTradeNo());
    }
    return trade;
  }

  private static UniPayException alreadyPaid(PayOrder order) {
    return new UniPayException(
        ErrorCode.ORDER_ALREADY_PAID,
        "out_trade_no " + order.outTradeNo() + " is paid (status " + order.status()
            + "); refund it instead of closing");
  }
}
