package io.unipay.core.internal;

import io.unipay.core.ledger.EventKind;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.TransferSnapshot;
import io.unipay.core.spi.TransferState;
import io.unipay.core.transfer.Transfer;
import java.time.Instant;

/**
 * Transfer facts as the ledger keeps them ({@link EventKind#TRANSFER}): the transfer's out_bill_no
 * goes in {@code out_trade_no}, the provider's bill id in {@code provider_id}. The dedupe key
 * hashes what the fact says (provider, number, bill id, state, amount, merchant), so the same
 * answer seen by a notification, a redelivery and a query is one fact.
 */
public final class TransferFacts {
  /** The widest id the ledger's id columns hold. */
  private static final int MAX_ID = 64;

  private TransferFacts() {}

  /** A verified transfer result with every text field {@linkplain Facts#clean cleaned}. */
  public static TransferSnapshot clean(TransferSnapshot s) {
    return new TransferSnapshot(
        Facts.clean(s.outBillNo()), Facts.clean(s.providerBillNo()), s.state(), s.amount(),
        Facts.clean(s.merchantId()), Facts.clean(s.packageInfo()), Facts.clean(s.failReason()),
        s.updatedAt(), Facts.clean(s.raw()));
  }

  /** The dedupe key of a transfer fact. */
  public static String key(Provider provider, TransferSnapshot s) {
    return Facts.hash(
        provider.code(), EventKind.TRANSFER.name(), s.outBillNo(), s.providerBillNo(),
        s.state().name(), Long.toString(s.amount()), s.merchantId());
  }

  /** A transfer fact as the ledger keeps it. */
  public static ProviderEvent fact(
      Provider provider, TransferSnapshot s, String source, EventOutcome outcome, String detail,
      Instant now) {
    return new ProviderEvent(
        0, key(provider, s), provider, EventKind.TRANSFER, source, fit(s.outBillNo()), null,
        fit(s.providerBillNo()), s.amount(), "CNY", s.state().name(), null, fit(s.merchantId()),
        null, s.updatedAt(), outcome, detail, s.raw(), now, null, null);
  }

  /** The engine's note that a transfer is stuck; one per transfer. */
  public static ProviderEvent stuck(Transfer t, String detail, Instant now) {
    return new ProviderEvent(
        0, stuckKey(t.provider(), t.outBillNo()), t.provider(), EventKind.ATTENTION, "sweeper",
        t.outBillNo(), null, t.providerBillNo(), t.amount(), "CNY", t.status().name(), t.appId(),
        t.mchId(), null, null, EventOutcome.TRANSFER_STUCK, detail, "", now, null, null);
  }

  /** The dedupe key of the stuck note about the transfer {@code outBillNo}. */
  public static String stuckKey(Provider provider, String outBillNo) {
    return Facts.attentionKey(provider, EventOutcome.TRANSFER_STUCK, outBillNo);
  }

  /** The verified result a transfer fact recorded, for a replay (without the package). */
  public static TransferSnapshot snapshot(ProviderEvent e) {
    return new TransferSnapshot(
        e.outTradeNo(), e.providerId(), TransferState.valueOf(e.providerState()), e.amount(),
        e.merchantId(), null, null, e.occurredAt(), e.data());
  }

  /** An id as the ledger column holds it: a longer one (kept in the data) is left out. */
  private static String fit(String id) {
    return id != null && id.length() > MAX_ID ? null : id;
  }
}
