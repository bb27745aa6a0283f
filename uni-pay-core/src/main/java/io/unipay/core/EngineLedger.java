package io.unipay.core;

import io.unipay.core.internal.EventLog;
import io.unipay.core.internal.Facts;
import io.unipay.core.internal.RefundBook;
import io.unipay.core.internal.Settlement;
import io.unipay.core.internal.TransferEngine;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.Ledger;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.Refund;
import io.unipay.core.spi.OrderRepository;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/** {@link Ledger} over the engine's repository and settlement paths. */
final class EngineLedger implements Ledger {
  private static final int MAX_PAGE = 1000;

  private final OrderRepository repository;
  private final Settlement settlement;
  private final RefundBook refunds;
  private final EventLog events;
  private final BiConsumer<Refund, String> reconcile;
  private final TransferEngine transfers; // null without transfers

  EngineLedger(
      OrderRepository repository, Settlement settlement, RefundBook refunds, EventLog events,
      BiConsumer<Refund, String> reconcile, TransferEngine transfers) {
    this.repository = repository;
    this.settlement = settlement;
    this.refunds = refunds;
    this.events = events;
    this.reconcile = reconcile;
    this.transfers = transfers;
  }

  @Override
  public List<ProviderEvent> unresolved(long afterId, int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw UniPayException.invalid("limit must be 1.." + MAX_PAGE + ", was " + limit);
    }
    return repository.unresolvedEvents(afterId, limit);
  }

  @Override
  public List<ProviderEvent> events(String outTradeNo) {
    if (outTradeNo == null) throw UniPayException.invalid("outTradeNo is required");
    return repository.findEvents(outTradeNo);
  }

  @Override
  public Optional<ProviderEvent> find(long id) {
    return repository.findEvent(id);
  }

  @Override
  public ProviderEvent replay(long id) {
    ProviderEvent event = existing(id);
    switch (event.kind()) {
      case PAYMENT -> {
        SettlementOutcome outcome =
            settlement.settle(event.provider(), Facts.trade(event), "replay");
        if (outcome == SettlementOutcome.ALREADY_SETTLED && event.isUnresolved()) {
          // Settled meanwhile by another delivery of this payment: nothing is left to do.
          events.resolve(event.dedupeKey(), EventOutcome.ALREADY_SETTLED);
        }
      }
      case REFUND -> {
        RefundBook.Applied applied =
            refunds.apply(event.provider(), Facts.refundResult(event), "replay");
        if (applied == RefundBook.Applied.UNCHANGED && event.isUnresolved()) {
          events.resolve(event.dedupeKey(), EventOutcome.REFUND_ALREADY_APPLIED);
        }
      }
      case TRANSFER -> transfers(event).replay(event);
      case ATTENTION -> {
        if (event.outcome() == EventOutcome.TRANSFER_STUCK) {
          transfers(event).replay(event);
          return existing(id);
        }
        if (event.outcome() == EventOutcome.BILL_DISCREPANCY) {
          // A finding, not a fact to apply: reconcile the day again (forced) to look afresh.
          return event;
        }
        Refund refund =
            repository.findRefund(event.outRefundNo()).orElseThrow(
                () -> UniPayException.invalid("event " + id + " names no stored refund"));
        if (refund.status().isFinal()) {
          events.resolve(event.dedupeKey(), EventOutcome.REFUND_ALREADY_APPLIED);
        } else {
          reconcile.accept(refund, "replay");
          if (repository.findRefund(refund.outRefundNo()).orElseThrow().status().isFinal()) {
            events.resolve(event.dedupeKey(), EventOutcome.REFUND_APPLIED);
          }
        }
      }
      case NOTICE -> {
        // A notice changes no state; replaying it has nothing to apply.
      }
    }
    return existing(id);
  }

  @Override
  public ProviderEvent acknowledge(long id) {
    ProviderEvent event = existing(id);
    if (event.isUnresolved()) events.resolve(event.dedupeKey(), event.outcome());
    return existing(id);
  }

  private TransferEngine transfers(ProviderEvent event) {
    if (transfers == null) {
      throw UniPayException.invalid(
          "event " + event.id() + " is about a transfer, and this engine has no transfers"
              + " configured (UniPay.builder().transfers(...))");
    }
    return transfers;
  }

  private ProviderEvent existing(long id) {
    return repository.findEvent(id).orElseThrow(
        () -> UniPayException.invalid("no ledger event with id " + id));
  }

}
