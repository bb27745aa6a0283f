package io.unipay.core.internal;

import io.unipay.core.ledger.EventKind;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.Provider;
import io.unipay.core.order.Refund;
import io.unipay.core.order.RefundStatus;
import io.unipay.core.spi.RefundSnapshot;
import io.unipay.core.spi.TradeSnapshot;
import io.unipay.core.spi.TradeState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Turns verified provider results into ledger rows ({@link ProviderEvent}) and back. The dedupe key
 * hashes what the fact says (provider, kind, ids, state, amount), not where or when it arrived, so
 * the same payment seen by a notification, a redelivery and a query is one fact.
 */
public final class Facts {
  private static final char SEP = '\u001f';

  private Facts() {}

  /** {@code s} with U+0000 replaced by U+FFFD (PostgreSQL cannot store NUL in text). */
  public static String clean(String s) {
    return s == null || s.indexOf('\u0000') < 0 ? s : s.replace('\u0000', '\uFFFD');
  }

  /** A verified trade with every text field {@linkplain #clean cleaned}. */
  public static TradeSnapshot clean(TradeSnapshot t) {
    return new TradeSnapshot(
        clean(t.outTradeNo()), t.state(), clean(t.transactionId()), t.totalFee(),
        clean(t.currency()), clean(t.appId()), clean(t.merchantId()), clean(t.payerId()),
        t.paidAt(), clean(t.raw()));
  }

  /** A verified refund result with every text field {@linkplain #clean cleaned}. */
  public static RefundSnapshot clean(RefundSnapshot r) {
    return new RefundSnapshot(
        clean(r.outTradeNo()), clean(r.outRefundNo()), clean(r.refundId()), r.status(),
        r.refundFee(), r.successAt(), clean(r.raw()));
  }

  /** The dedupe key of a payment fact. */
  public static String key(Provider provider, TradeSnapshot t) {
    return hash(
        provider.code(), EventKind.PAYMENT.name(), t.outTradeNo(), t.transactionId(),
        t.state().name(), Long.toString(t.totalFee()), t.currency(), t.appId(), t.merchantId());
  }

  /** The dedupe key of a refund fact. */
  public static String key(Provider provider, RefundSnapshot r) {
    return hash(
        provider.code(), EventKind.REFUND.name(), r.outRefundNo(), r.outTradeNo(), r.refundId(),
        r.status().name(), Long.toString(r.refundFee()));
  }

  /** A payment fact as the ledger keeps it. */
  public static ProviderEvent payment(
      Provider provider, TradeSnapshot t, String source, EventOutcome outcome, String detail,
      Instant now) {
    return new ProviderEvent(
        0, key(provider, t), provider, EventKind.PAYMENT, source, t.outTradeNo(), null,
        t.transactionId(), t.totalFee(), t.currency(), t.state().name(), t.appId(),
        t.merchantId(), t.payerId(), t.paidAt(), outcome, detail, t.raw(), now, null, null);
  }

  /** A refund fact as the ledger keeps it. */
  public static ProviderEvent refund(
      Provider provider, RefundSnapshot r, String source, EventOutcome outcome, String detail,
      Instant now) {
    return new ProviderEvent(
        0, key(provider, r), provider, EventKind.REFUND, source, r.outTradeNo(), r.outRefundNo(),
        r.refundId(), r.refundFee(), "CNY", r.status().name(), null, null, null, r.successAt(),
        outcome, detail, r.raw(), now, null, null);
  }

  /** A verified notification that changes no state (informational or of an unknown kind). */
  public static ProviderEvent notice(
      Provider provider, String state, String outTradeNo, String raw, String source,
      EventOutcome outcome, Instant now) {
    String s = clean(state);
    String boundedState = s.length() > 64 ? s.substring(0, 64) : s;
    String trade = clean(outTradeNo);
    String data = clean(raw);
    return new ProviderEvent(
        // A redelivery is not byte-identical (Alipay re-signs it with a new notify_time): a notice
        // naming a trade is one fact per trade and state; one naming none is keyed by its data.
        0, hash(provider.code(), EventKind.NOTICE.name(), s, trade, trade == null ? data : null),
        provider,
        EventKind.NOTICE, source, trade != null && trade.length() > 64 ? null : trade, null, null,
        -1, "CNY", boundedState, null, null, null, null, outcome, null, data, now, null, null);
  }

  /**
   * The claim that a client-reported provider transaction pays {@code t.outTradeNo()}: one row per
   * provider transaction (its dedupe key names only the provider and the transaction id), so the
   * ledger's unique key lets a transaction be claimed for one payment order only.
   */
  public static ProviderEvent claim(Provider provider, TradeSnapshot t, String source, Instant now) {
    return new ProviderEvent(
        0, claimKey(provider, t.transactionId()), provider, EventKind.NOTICE, source,
        t.outTradeNo(), null, t.transactionId(), t.totalFee(), t.currency(), "CLIENT_CLAIM",
        t.appId(), t.merchantId(), null, t.paidAt(), EventOutcome.INFORMATIONAL,
        "transaction reported by the paying client for this payment order", "", now, null, null);
  }

  /** The dedupe key of the {@linkplain #claim claim} on a provider transaction. */
  public static String claimKey(Provider provider, String transactionId) {
    return hash(provider.code(), "CLIENT_CLAIM", transactionId);
  }

  /** The engine's own finding about a refund (e.g. stuck); one per refund and outcome. */
  public static ProviderEvent attention(
      Provider provider, Refund refund, EventOutcome outcome, String detail, Instant now) {
    return new ProviderEvent(
        0, attentionKey(provider, outcome, refund.outRefundNo()), provider, EventKind.ATTENTION, "sweeper", refund.outTradeNo(), refund.outRefundNo(),
        refund.refundId(), refund.refundFee(), "CNY", refund.status().name(), null, null, null,
        null, outcome, detail, "", now, null, null);
  }

  /** The dedupe key of the engine's own finding {@code outcome} about a refund. */
  public static String attentionKey(Provider provider, EventOutcome outcome, String outRefundNo) {
    return hash(provider.code(), EventKind.ATTENTION.name(), outcome.name(), outRefundNo);
  }

  /** The verified trade a payment fact recorded, for a replay. */
  public static TradeSnapshot trade(ProviderEvent e) {
    return new TradeSnapshot(
        e.outTradeNo(), TradeState.valueOf(e.providerState()), e.providerId(), e.amount(),
        e.currency(), e.appId(), e.merchantId(), e.payerId(), e.occurredAt(), e.data());
  }

  /** The verified refund result a refund fact recorded, for a replay. */
  public static RefundSnapshot refundResult(ProviderEvent e) {
    return new RefundSnapshot(
        e.outTradeNo(), e.outRefundNo(), e.providerId(), RefundStatus.valueOf(e.providerState()),
        e.amount(), e.occurredAt(), e.data());
  }

  /** SHA-256 (hex) of the parts, null-safe and unambiguous: the dedupe keys' hash. */
  static String hash(String... parts) {
    StringBuilder text = new StringBuilder();
    for (String part : parts) text.append(part == null ? "\u0000" : part).append(SEP);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
