package io.unipay.core.transfer;

import io.unipay.core.spi.TransferState;

/**
 * The local status of a {@link Transfer}. Apart from {@link #CREATED} it mirrors the provider's
 * {@link TransferState}; the record only ever moves forward:
 *
 * <pre>
 *   CREATED ─▶ ACCEPTED ─▶ PROCESSING ─▶ WAIT_USER_CONFIRM ─▶ TRANSFERING ─▶ SUCCESS
 *      │           │            │               │                  │
 *      │           │            │               └──▶ CANCELING ──▶ CANCELLED
 *      └───────────┴────────────┴───────────────┴──────────────────┴──▶ FAIL / CANCELLED
 * </pre>
 *
 * A status moves only to a later one ({@link #canMoveTo}); an answer that reports an earlier or a
 * parallel state (a stale query, a redelivery) changes nothing. {@link #SUCCESS}, {@link #FAIL}
 * and {@link #CANCELLED} are final: the transfer's {@code TransferHandler} ran for them in the
 * transaction that recorded them, and nothing moves a final transfer again — a later verified
 * answer that contradicts it is kept in the ledger as a conflict for an operator.
 */
public enum TransferStatus {
  /**
   * Recorded before the provider was called, with no verified answer from the provider yet: the
   * request may not have left, may be in flight, or its answer was lost. The sweeper queries it and
   * re-sends it with the same out_bill_no once the provider verifiably does not know it.
   */
  CREATED(0),
  /** Accepted by the provider, not yet processed. */
  ACCEPTED(1),
  /** Being processed by the provider (WeChat: funds being locked; Alipay: DEALING). */
  PROCESSING(2),
  /** Waiting for the payee to confirm receipt in WeChat; see {@link Transfer#confirmation()}. */
  WAIT_USER_CONFIRM(3),
  /** The payee confirmed; the money is on its way. */
  TRANSFERING(4),
  /** A cancel was accepted by the provider and is being carried out. */
  CANCELING(4),
  /** Final: the money reached the payee. */
  SUCCESS(5),
  /** Final: the transfer failed; no money left the merchant. */
  FAIL(5),
  /** Final: cancelled before the payee confirmed; no money left. */
  CANCELLED(5);

  private final int rank;

  TransferStatus(int rank) {
    this.rank = rank;
  }

  /** Whether the status can no longer change. */
  public boolean isFinal() {
    return rank == 5;
  }

  /** Whether the provider has verifiably acknowledged the transfer (any status but CREATED). */
  public boolean isKnownToProvider() {
    return this != CREATED;
  }

  /**
   * Whether the state machine moves from this status to {@code target}: only forward, never out of
   * a final status, never between the two parallel in-flight states (TRANSFERING, CANCELING).
   */
  public boolean canMoveTo(TransferStatus target) {
    return !isFinal() && target.rank > rank;
  }

  /** The local status for a provider state; {@code NOT_FOUND} has none (it changes nothing). */
  public static TransferStatus of(TransferState state) {
    return switch (state) {
      case ACCEPTED -> ACCEPTED;
      case PROCESSING -> PROCESSING;
      case WAIT_USER_CONFIRM -> WAIT_USER_CONFIRM;
      case TRANSFERING -> TRANSFERING;
      case CANCELING -> CANCELING;
      case SUCCESS -> SUCCESS;
      case FAIL -> FAIL;
      case CANCELLED -> CANCELLED;
      case NOT_FOUND -> throw new IllegalArgumentException("NOT_FOUND is not a transfer status");
    };
  }
}
