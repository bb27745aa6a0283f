package io.unipay.core;

import io.unipay.core.ledger.EventKind;
import io.unipay.core.ledger.EventOutcome;
import io.unipay.core.ledger.ProviderEvent;
import io.unipay.core.order.Provider;
import io.unipay.core.reconcile.Discrepancy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;

/**
 * Keeps every discrepancy in the ledger as an {@code ATTENTION} fact with outcome {@code
 * BILL_DISCREPANCY}, keyed by provider, day, type and ids, so a re-run of the day never adds it
 * twice and the ledger listener hears of it once. A repaired one is stored resolved (or, when an
 * earlier run stored it unresolved, resolved now), without bothering the listener.
 */
final class DiscrepancyFacts {
  private static final int MAX_ID = 64;

  private final UniPay engine;
  private final Provider provider;
  private final LocalDate day;

  DiscrepancyFacts(UniPay engine, Provider provider, LocalDate day) {
    this.engine = engine;
    this.provider = provider;
    this.day = day;
  }

  /** Records {@code d}; {@code resolution} non-null marks it repaired. */
  void record(Discrepancy d, EventOutcome resolution) {
    String key = key(d);
    Instant now = engine.clock().instant();
    ProviderEvent fact =
        new ProviderEvent(
            0, key, provider, EventKind.ATTENTION, "reconcile", fit(d.outTradeNo()),
            fit(d.outRefundNo()), fit(d.providerId()),
            d.providerAmount() >= 0 ? d.providerAmount() : d.localAmount(), "CNY",
            d.type().name(), null, null, null, d.occurredAt(), EventOutcome.BILL_DISCREPANCY,
            "bill of " + day + ": " + d.detail(), "", now, null, null);
    if (resolution == null) {
      engine.events().record(fact);
    } else if (!engine.repository().appendEvent(fact.resolved(resolution, now))) {
      engine.events().resolve(key, resolution);
    }
  }

  private String key(Discrepancy d) {
    StringBuilder text = new StringBuilder();
    for (String part :
        new String[] {
          provider.code(), EventKind.ATTENTION.name(), EventOutcome.BILL_DISCREPANCY.name(),
          day.toString(), d.type().name(), d.outTradeNo(), d.outRefundNo()
        }) {
      text.append(part == null ? "\u0000" : part).append('\u001f');
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /** An id as the ledger's columns take it: bill ids longer than a column are not kept there. */
  private static String fit(String id) {
    if (id == null) return null;
    String clean = id.indexOf('\u0000') < 0 ? id : id.replace('\u0000', '\uFFFD');
    return clean.length() > MAX_ID ? null : clean;
  }
}
