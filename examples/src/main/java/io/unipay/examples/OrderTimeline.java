package io.unipay.examples;

import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Refund;
import io.unipay.core.order.SettlementFlag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One payment order's history for the operator, merged in time order from what the app knows: the
 * order row's times, its refunds, its ledger facts (durable: every verified provider fact and what
 * the engine did with it) and the provider calls and verified notifications this instance saw
 * ({@link ProviderCalls}: in memory, since it started).
 */
final class OrderTimeline {

  /** Where an entry comes from. */
  enum Source {
    /** The order row. */
    ORDER,
    /** A call this instance made to the provider. */
    CALL,
    /** A verified notification this instance received. */
    NOTIFICATION,
    /** A fact in the ledger. */
    LEDGER,
    /** A refund row. */
    REFUND
  }

  /**
   * One moment of the order's history.
   *
   * @param at when
   * @param source where the entry comes from
   * @param what what happened, in a few words
   * @param detail the facts: ids, amounts in fen, states, outcomes
   */
  record Entry(Instant at, Source source, String what, String detail) {}

  private OrderTimeline() {}

  /** The merged history, oldest first; entries at the same instant keep the order above. */
  static List<Entry> of(
      PayOrder order,
      List<Refund> refunds,
      List<ProviderEvent> events,
      List<ProviderCalls.Call> calls) {
    List<Entry> out = new ArrayList<>();
    out.add(new Entry(order.createDate(), Source.ORDER, "order created",
        order.provider().code() + " " + order.payType().code() + ", " + order.totalFee()
            + " fen, user " + order.userId() + ", business order " + order.orderNo()
            + ", expires " + order.expireDate()));
    for (ProviderCalls.Call call : calls) {
      boolean notification = call.operation().equals("notification");
      String what = notification ? "notification verified" : "provider call: " + call.operation();
      String detail = call.result()
          + (call.outRefundNo() == null ? "" : ", refund " + call.outRefundNo())
          + (notification ? "" : ", " + call.took().toMillis() + " ms");
      out.add(new Entry(call.at(), notification ? Source.NOTIFICATION : Source.CALL, what,
          detail));
    }
    for (ProviderEvent e : events) {
      out.add(new Entry(e.receivedAt(), Source.LEDGER,
          "ledger fact #" + e.id() + ": " + e.kind() + " " + e.providerState(),
          "via " + e.source() + " → " + e.outcome()
              + (e.amount() >= 0 ? ", " + e.amount() + " fen" : "")
              + (e.outRefundNo() == null ? "" : ", refund " + e.outRefundNo())
              + (e.detail() == null ? "" : ": " + e.detail())));
      if (e.resolvedAt() != null && e.outcome().needsAttention()) {
        out.add(new Entry(e.resolvedAt(), Source.LEDGER, "ledger fact #" + e.id() + " resolved",
            "as " + e.resolution()));
      }
    }
    if (order.notifyDate() != null) {
      // The provider's pay time is in the detail, not a moment of its own: providers report it to
      // the second, so it would sort before the order's own creation.
      out.add(new Entry(order.notifyDate(), Source.ORDER, "payment settled",
          "transaction " + order.transactionId()
              + (order.payDate() == null ? "" : ", paid at the provider " + order.payDate())
              + (order.settleFlag() == SettlementFlag.NONE ? "" : ", flag " + order.settleFlag())
              + (order.userOrderSuccess() ? ", handler ran" : ", handler not run")));
    }
    if (order.cancelDate() != null) {
      out.add(new Entry(order.cancelDate(), Source.ORDER, "order closed",
          order.finalCheckAt() == null ? "final" : "final check due " + order.finalCheckAt()));
    }
    for (Refund r : refunds) {
      out.add(new Entry(r.createDate(), Source.REFUND, "refund requested",
          r.outRefundNo() + ": " + r.refundFee() + " fen"
              + (r.reason() == null ? "" : ", reason \u201c" + r.reason() + "\u201d")
              + ", now " + r.status()));
      if (r.successDate() != null) {
        out.add(new Entry(r.successDate(), Source.REFUND, "refund succeeded",
            r.outRefundNo() + (r.refundId() == null ? "" : ", provider id " + r.refundId())));
      }
    }
    out.sort(Comparator.comparing(Entry::at)); // stable: ties keep the order above
    return out;
  }
}
