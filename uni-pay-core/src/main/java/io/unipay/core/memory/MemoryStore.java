package io.unipay.core.memory;

import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.OrderStatus;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Refund;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The tables of an {@link InMemoryOrderRepository} (orders, refunds, ledger facts) with their
 * indexes, and every change to them, each recorded as an undo action while a transaction runs.
 * Not thread-safe: the repository's lock guards it.
 */
final class MemoryStore {
  private static final Comparator<PayOrder> OLDEST_ORDER_FIRST =
      Comparator.comparing(PayOrder::createDate).thenComparing(PayOrder::outTradeNo);

  final Map<String, PayOrder> orders = new LinkedHashMap<>();
  /** out_trade_no of every order, by order_no (an order's order_no never changes). */
  private final Map<String, Set<String>> ordersByOrderNo = new HashMap<>();
  final Map<String, Refund> refunds = new LinkedHashMap<>();
  /** out_refund_no of every refund, by out_trade_no. */
  final Map<String, Set<String>> refundsByTradeNo = new HashMap<>();
  final TreeMap<Long, ProviderEvent> events = new TreeMap<>();
  final Map<String, Long> eventIdsByKey = new HashMap<>();
  private long lastEventId;
  /** Undo actions of the transaction in progress, or null outside a transaction. */
  List<Runnable> undoLog;

  /** An order's status once {@code refunded} of its {@code total} fen are refunded or reserved. */
  static OrderStatus statusFor(long refunded, long total) {
    if (refunded == 0) return OrderStatus.PAID;
    return refunded == total ? OrderStatus.FULLY_REFUNDED : OrderStatus.PARTIALLY_REFUNDED;
  }

  List<PayOrder> ordersOf(String orderNo) {
    return ordersByOrderNo.getOrDefault(orderNo, Set.of()).stream()
        .map(orders::get)
        .sorted(OLDEST_ORDER_FIRST)
        .toList();
  }

  // ---------------------------------------------------------------- changes, with undo

  void put(String key, PayOrder order) {
    PayOrder previous = orders.put(key, order);
    if (previous == null) index(ordersByOrderNo, order.orderNo(), key);
    undo(
        () -> {
          if (previous == null) {
            orders.remove(key);
            unindex(ordersByOrderNo, order.orderNo(), key);
          } else {
            orders.put(key, previous);
          }
        });
  }

  void remove(PayOrder order) {
    String key = order.outTradeNo();
    PayOrder previous = orders.remove(key);
    if (previous == null) return;
    unindex(ordersByOrderNo, previous.orderNo(), key);
    undo(
        () -> {
          orders.put(key, previous);
          index(ordersByOrderNo, previous.orderNo(), key);
        });
  }

  void putRefund(Refund refund) {
    String key = refund.outRefundNo();
    Refund previous = refunds.put(key, refund);
    if (previous == null) index(refundsByTradeNo, refund.outTradeNo(), key);
    undo(
        () -> {
          if (previous == null) {
            refunds.remove(key);
            unindex(refundsByTradeNo, refund.outTradeNo(), key);
          } else {
            refunds.put(key, previous);
          }
        });
  }

  boolean addEvent(ProviderEvent event) {
    if (eventIdsByKey.containsKey(event.dedupeKey())) return false;
    long id = ++lastEventId;
    events.put(id, event.withId(id));
    eventIdsByKey.put(event.dedupeKey(), id);
    undo(
        () -> {
          events.remove(id);
          eventIdsByKey.remove(event.dedupeKey());
        });
    return true;
  }

  void replaceEvent(ProviderEvent event) {
    ProviderEvent previous = events.put(event.id(), event);
    undo(() -> events.put(previous.id(), previous));
  }

  private void undo(Runnable action) {
    if (undoLog != null) undoLog.add(action);
  }

  private static void index(Map<String, Set<String>> index, String group, String key) {
    index.computeIfAbsent(group, g -> new LinkedHashSet<>()).add(key);
  }

  private static void unindex(Map<String, Set<String>> index, String group, String key) {
    Set<String> keys = index.get(group);
    if (keys == null) return;
    keys.remove(key);
    if (keys.isEmpty()) index.remove(group);
  }
}
