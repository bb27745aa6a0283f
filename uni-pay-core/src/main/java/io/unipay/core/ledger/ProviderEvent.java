package io.unipay.core.ledger;

import static java.util.Objects.requireNonNull;

import io.unipay.core.order.Provider;
import java.time.Instant;

/**
 * One verified provider fact, as the ledger ({@code uni_pay_events}, design §13) keeps it. The
 * order row is mutable state; these rows are the evidence. Written in the same transaction as the
 * state change the fact causes; a fact that changes nothing is written on its own. Unverified bytes
 * are never stored.
 *
 * @param id the ledger's id, assigned on insert ({@code 0} before)
 * @param dedupeKey identifies the fact independently of source and delivery: a redelivered
 *     identical fact has the same key and is stored once
 * @param provider where the fact came from
 * @param kind payment, refund, notice, attention or transfer
 * @param source what brought it: {@code notify}, {@code query}, {@code sweeper}, {@code close},
 *     {@code refund}, {@code replay}, or a host's own label
 * @param outTradeNo the payment order it names (for a {@link EventKind#TRANSFER} fact and a
 *     transfer's {@link EventOutcome#TRANSFER_STUCK} note: the transfer's out_bill_no), or null
 * @param outRefundNo the refund it names, or null
 * @param providerId the provider's transaction id (payments), refund id (refunds) or transfer
 *     bill id (transfers), or null
 * @param amount the amount the provider reported, in fen, or -1 when it did not say
 * @param currency the currency of {@code amount}
 * @param providerState the provider's state as mapped (e.g. {@code PAID}, {@code REFUNDED},
 *     {@code SUCCESS}) or the raw event type for notices
 * @param appId the provider app id the fact names, or null
 * @param merchantId the merchant the fact names, or null
 * @param payerId the payer's provider-side id, or null
 * @param occurredAt the provider's time of the fact (success time), or null
 * @param outcome what the engine did with it
 * @param detail the engine's explanation (e.g. the mismatch), or null
 * @param data the verified provider data, size-bounded
 * @param receivedAt when the engine recorded it
 * @param resolvedAt when a fact that needed attention was resolved (by a redelivery, a replay or a
 *     later fact), or null
 * @param resolution the outcome that resolved it, or null
 */
public record ProviderEvent(
    long id,
    String dedupeKey,
    Provider provider,
    EventKind kind,
    String source,
    String outTradeNo,
    String outRefundNo,
    String providerId,
    long amount,
    String currency,
    String providerState,
    String appId,
    String merchantId,
    String payerId,
    Instant occurredAt,
    EventOutcome outcome,
    String detail,
    String data,
    Instant receivedAt,
    Instant resolvedAt,
    EventOutcome resolution) {

  /** Longest {@code data} kept, in chars; longer verified data is cut. */
  public static final int MAX_DATA_CHARS = 16 * 1024;

  /** Longest {@code detail} kept, in chars. */
  public static final int MAX_DETAIL_CHARS = 512;

  public ProviderEvent {
    requireNonNull(dedupeKey, "dedupeKey == null");
    requireNonNull(provider, "provider == null");
    requireNonNull(kind, "kind == null");
    requireNonNull(source, "source == null");
    requireNonNull(providerState, "providerState == null");
    requireNonNull(outcome, "outcome == null");
    requireNonNull(receivedAt, "receivedAt == null");
    if (currency == null) currency = "CNY";
    if (data == null) data = "";
    if (data.length() > MAX_DATA_CHARS) data = data.substring(0, MAX_DATA_CHARS);
    if (detail != null && detail.length() > MAX_DETAIL_CHARS) {
      detail = detail.substring(0, MAX_DETAIL_CHARS);
    }
  }

  /** Whether an operator must look at this fact: it needs attention and is not resolved yet. */
  public boolean isUnresolved() {
    return outcome.needsAttention() && resolvedAt == null;
  }

  /** A copy with the id the ledger assigned. */
  public ProviderEvent withId(long id) {
    return new ProviderEvent(
        id, dedupeKey, provider, kind, source, outTradeNo, outRefundNo, providerId, amount,
        currency, providerState, appId, merchantId, payerId, occurredAt, outcome, detail, data,
        receivedAt, resolvedAt, resolution);
  }

  /** A copy resolved at {@code at} by {@code resolution}. */
  public ProviderEvent resolved(EventOutcome resolution, Instant at) {
    return new ProviderEvent(
        id, dedupeKey, provider, kind, source, outTradeNo, outRefundNo, providerId, amount,
        currency, providerState, appId, merchantId, payerId, occurredAt, outcome, detail, data,
        receivedAt, at, resolution);
  }

  @Override
  public String toString() {
    // No data: it may hold payer details. The ids and outcome are enough to find the row.
    return "ProviderEvent{id=" + id + ", " + provider.code() + " " + kind + " " + providerState
        + ", out_trade_no=" + outTradeNo + (outRefundNo != null ? ", out_refund_no=" + outRefundNo : "")
        + ", amount=" + amount + ", outcome=" + outcome + (resolvedAt != null ? ", resolved" : "")
        + "}";
  }
}
