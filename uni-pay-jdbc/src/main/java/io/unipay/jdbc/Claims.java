package io.unipay.jdbc;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Leased claims of due rows for the sweeper ({@link Claim}), safe across application instances:
 * {@code FOR UPDATE SKIP LOCKED} where the dialect has it, conditional updates otherwise.
 */
final class Claims {
  private final Jdbi jdbi;
  private final Dialect dialect;

  Claims(Jdbi jdbi, Dialect dialect) {
    this.jdbi = requireNonNull(jdbi, "jdbi == null");
    this.dialect = requireNonNull(dialect, "dialect == null");
  }

  /** Claims up to {@code limit} rows of {@code claim} due at {@code now} for {@code lease}. */
  <T> List<T> claim(Claim<T> claim, Instant now, Duration lease, int limit) {
    requireNonNull(now, "now == null");
    requireNonNull(lease, "lease == null");
    Checks.positive("limit", limit);
    if (lease.isNegative()) throw new IllegalArgumentException("lease < 0: " + lease);
    Instant at = now.truncatedTo(ChronoUnit.MICROS);
    Instant leaseUntil = at.plus(lease).truncatedTo(ChronoUnit.MICROS);
    try {
      return dialect.supportsSkipLocked()
          ? skippingLocked(claim, at, leaseUntil, limit)
          : conditionally(claim, at, leaseUntil, limit);
    } catch (JdbiException e) {
      throw StorageErrors.failure("claim due rows of " + claim.table(), e);
    }
  }

  /** Locks the due rows no one else holds, moves their due time past the lease, commits. */
  private <T> List<T> skippingLocked(Claim<T> claim, Instant at, Instant leaseUntil, int limit) {
    return jdbi.inTransaction(
        h -> {
          List<T> due =
              h.createQuery(claim.selectDue() + " FOR UPDATE SKIP LOCKED")
                  .bind("now", Times.arg(at))
                  .bind("limit", limit)
                  .map(claim.mapper())
                  .list();
          if (due.isEmpty()) return List.of();
          h.createUpdate(claim.leaseAll())
              .bind("lease_until", Times.arg(leaseUntil))
              .bindList("keys", due.stream().map(claim.key()).toList())
              .execute();
          return due.stream().map(row -> claim.leased().apply(row, leaseUntil)).toList();
        });
  }

  /**
   * Reads candidates, then takes each one with a conditional update that only succeeds while the
   * row is still due; a concurrent claimer's update makes ours match nothing.
   */
  private <T> List<T> conditionally(Claim<T> claim, Instant at, Instant leaseUntil, int limit) {
    return jdbi.withHandle(
        h -> {
          List<T> candidates =
              h.createQuery(claim.selectDue())
                  .bind("now", Times.arg(at))
                  .bind("limit", limit)
                  .map(claim.mapper())
                  .list();
          List<T> claimed = new ArrayList<>(candidates.size());
          for (T row : candidates) {
            int taken =
                h.createUpdate(claim.leaseIfDue())
                    .bind("lease_until", Times.arg(leaseUntil))
                    .bind("now", Times.arg(at))
                    .bind("key", claim.key().apply(row))
                    .execute();
            if (taken == 1) claimed.add(claim.leased().apply(row, leaseUntil));
          }
          return claimed;
        });
  }
}
