package io.unipay.core.reconcile;

import static java.util.Objects.requireNonNull;

import io.unipay.core.order.Provider;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One instance's hold on reconciling a provider's day, like a sweeper lease: only the holder
 * works the day until {@code leaseUntil}; it renews the lease as it goes, and a crashed holder's
 * lease simply runs out.
 *
 * @param id the stored reconciliation's id
 * @param provider the provider
 * @param day the bill's day
 * @param owner the holder's random token
 * @param run how many runs the day has had, this one included
 * @param leaseUntil when the hold ends unless renewed
 */
public record DayClaim(
    long id, Provider provider, LocalDate day, String owner, int run, Instant leaseUntil) {

  public DayClaim {
    requireNonNull(provider, "provider == null");
    requireNonNull(day, "day == null");
    requireNonNull(owner, "owner == null");
    requireNonNull(leaseUntil, "leaseUntil == null");
  }
}
