package io.unipay.core;

import io.unipay.core.internal.RefundBook;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.order.PayOrder;
import io.unipay.core.order.Provider;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.reconcile.Remedy;
import io.unipay.core.spi.RefundSnapshot;
import io.unipay.core.spi.TradeSnapshot;
import java.util.Optional;

/**
 * What a reconciliation run asks the provider, within a budget of active queries: repairs of a
 * payment or refund the bill has and the local records lack (through the settlement path and the
 * refund bookkeeping only), and confirmations of local rows near midnight that the bill lacks.
 * Never writes anything from bill data: every change comes from a verified query answer.
 */
final class Repairs {
  private final UniPay engine;
  private final Provider provider;
  private int queriesLeft;

  /**
   * What a repair did.
   *
   * @param remedy the discrepancy's remedy
   * @param detail a sentence for the report
   * @param resolution the ledger outcome that resolves the finding when repaired, else null
   */
  record Result(Remedy remedy, String detail, EventOutcome resolution) {}

  /** Whether the provider confirmed a local row the bill lacks, and if not, what it said. */
  record Check(boolean confirmed, String detail) {}

  Repairs(UniPay engine, Provider provider, int maxQueries) {
    this.engine = engine;
    this.provider = provider;
    this.queriesLeft = maxQueries;
  }

  /** Repairs a payment the bill has whose order is unpaid or closed: query, then settle. */
  Result payment(String outTradeNo) {
    Optional<PayOrder> stored = engine.repository().find(outTradeNo);
    if (stored.isEmpty()) return left("the order vanished during the run");
    PayOrder order = stored.get();
    if (order.status().isPaid()) {
      return new Result(Remedy.REPAIRED, "settled meanwhile by another path",
          EventOutcome.ALREADY_SETTLED);
    }
    if (!spend()) return budgetSpent();
    TradeSnapshot trade;
    try {
      trade = engine.queryTrade(order);
    } catch (UniPayException e) {
      return failed("the active query failed (" + e.code() + ")");
    }
    if (!trade.state().isPaid()) {
      return left("the provider's query answers " + trade.state() + ": nothing is settled from"
          + " the bill alone");
    }
    SettlementOutcome outcome = engine.settle(provider, trade, "reconcile");
    return switch (outcome) {
      case SETTLED -> repaired(outcome, EventOutcome.SETTLED);
      case SETTLED_AFTER_CLOSE -> repaired(outcome, EventOutcome.SETTLED_AFTER_CLOSE);
      case DUPLICATE_PAYMENT -> repaired(outcome, EventOutcome.DUPLICATE_PAYMENT);
      case REFUNDED_AT_PROVIDER -> repaired(outcome, EventOutcome.REFUNDED_AT_PROVIDER);
      case ALREADY_SETTLED -> repaired(outcome, EventOutcome.ALREADY_SETTLED);
      case REJECTED -> left("queried; the settlement path rejected the verified payment (the"
          + " ledger keeps it as unmatched)");
      case NOT_PAID -> left("the provider's query answers not paid");
      case HANDLER_FAILED, STORAGE_FAILED -> failed("queried; the settlement " + outcome);
    };
  }

  /** Repairs a refund the bill has that is not successful locally: query, then apply. */
  Result refund(String outRefundNo) {
    Optional<Refund> stored = engine.repository().findRefund(outRefundNo);
    if (stored.isEmpty()) return left("the refund vanished during the run");
    Refund refund = stored.get();
    if (refund.status() == RefundStatus.SUCCESS) {
      return new Result(Remedy.REPAIRED, "applied meanwhile by another path",
          EventOutcome.REFUND_ALREADY_APPLIED);
    }
    if (!spend()) return budgetSpent();
    RefundBook.Applied applied;
    try {
      applied = engine.refundService().requery(refund, "reconcile");
    } catch (ProviderRejectedException e) {
      if (e.verdict() == ProviderRejectedException.Verdict.NOT_FOUND) {
        return left("the provider's refund query does not know it");
      }
      return failed("the refund query failed (" + e.code() + " " + e.providerCode() + ")");
    } catch (UniPayException e) {
      return failed("the refund query failed (" + e.code() + ")");
    }
    RefundStatus now = engine.repository().findRefund(outRefundNo).orElseThrow().status();
    if (now == RefundStatus.SUCCESS) {
      EventOutcome resolution =
          refund.status() == RefundStatus.CLOSED
              ? EventOutcome.REFUND_REOPENED
              : EventOutcome.REFUND_APPLIED;
      return new Result(Remedy.REPAIRED, "queried and applied: now SUCCESS", resolution);
    }
    return switch (applied) {
      case HOOK_FAILED, STORAGE_FAILED, IN_PROGRESS -> failed("queried; " + applied);
      default -> left("queried; the provider's answer leaves it " + now + " (" + applied
          + ", see the ledger)");
    };
  }

  /** Whether the provider confirms a local payment of {@code totalFee} the bill lacks. */
  Check confirmPayment(String outTradeNo, long totalFee) {
    Optional<PayOrder> order = engine.repository().find(outTradeNo);
    if (order.isEmpty()) return new Check(false, "the order vanished during the run");
    if (!spend()) return new Check(false, "not checked: the run's query budget is spent");
    try {
      TradeSnapshot trade = engine.queryTrade(order.get());
      if (trade.state().isPaid() && trade.totalFee() == totalFee) return new Check(true, "");
      return new Check(false, "the provider's query answers " + trade.state() + ", "
          + trade.totalFee() + " fen");
    } catch (UniPayException e) {
      return new Check(false, "the confirming query failed (" + e.code() + ")");
    }
  }

  /** Whether the provider confirms a local refund of {@code refundFee} the bill lacks. */
  Check confirmRefund(String outTradeNo, String outRefundNo, long refundFee) {
    if (!spend()) return new Check(false, "not checked: the run's query budget is spent");
    try {
      RefundSnapshot r = engine.client(provider).queryRefund(outTradeNo, outRefundNo);
      boolean same = outRefundNo.equals(r.outRefundNo())
          && (r.outTradeNo() == null || outTradeNo.equals(r.outTradeNo()));
      if (same && r.status() == RefundStatus.SUCCESS && r.refundFee() == refundFee) {
        return new Check(true, "");
      }
      return new Check(false, "the provider's refund query answers " + r.status() + ", "
          + r.refundFee() + " fen");
    } catch (UniPayException e) {
      return new Check(false, "the confirming refund query failed (" + e.code() + ")");
    }
  }

  private boolean spend() {
    if (queriesLeft <= 0) return false;
    queriesLeft--;
    return true;
  }

  private static Result repaired(SettlementOutcome outcome, EventOutcome resolution) {
    return new Result(Remedy.REPAIRED, "queried and settled (" + outcome + ")", resolution);
  }

  private static Result left(String detail) {
    return new Result(Remedy.LEFT_TO_OPERATOR, detail, null);
  }

  private static Result failed(String detail) {
    return new Result(Remedy.REPAIR_FAILED,
        detail + "; tried again by the sweeper or a forced re-run", null);
  }

  private static Result budgetSpent() {
    return failed("not repaired: the run's query budget is spent");
  }
}
