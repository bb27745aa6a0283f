package io.unipay.core.transfer;

import static java.util.Objects.requireNonNull;

import io.unipay.core.spi.TransferSnapshot;
import java.util.Optional;

/**
 * A transfer that reached a final status, handed to a {@link TransferHandler} inside the
 * transaction that records it.
 *
 * @param transfer the transfer as recorded, in its final status
 * @param result the verified provider result that ended it (for a definite refusal of the send, a
 *     FAIL result the engine made from the provider's refusal, with the refusal as {@code
 *     failReason})
 * @param source what found the result: {@code transfer}, {@code notify}, {@code query}, {@code
 *     sweeper}, {@code cancel} or {@code replay}
 * @param transaction the transaction recording it (use {@link #unwrap} for host SQL)
 */
public record TransferEvent(
    Transfer transfer,
    TransferSnapshot result,
    String source,
    TransferRepository.Transaction transaction) {

  public TransferEvent {
    requireNonNull(transfer, "transfer == null");
    requireNonNull(result, "result == null");
    requireNonNull(source, "source == null");
    requireNonNull(transaction, "transaction == null");
  }

  /** The recording transaction's handle, e.g. {@code org.jdbi.v3.core.Handle}. */
  public <T> T unwrap(Class<T> type) {
    Optional<T> handle = transaction.unwrap(type);
    return handle.orElseThrow(
        () -> new IllegalStateException("the transfer repository offers no " + type.getName()));
  }
}
