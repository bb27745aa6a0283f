package io.unipay.core.transfer;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What {@code UniPay.transfer} did. A transfer whose provider answer was lost or unclear comes
 * back {@link TransferStatus#CREATED}: it <em>is</em> recorded and the engine finds out what
 * happened (query, then a re-send with the same number); never submit the business transfer again
 * under a new number because of that status.
 *
 * @param transfer the transfer as recorded after this call
 * @param reused whether the transfer number already had a transfer (this call sent nothing)
 */
public record TransferResult(Transfer transfer, boolean reused) {

  public TransferResult {
    requireNonNull(transfer, "transfer == null");
  }

  /** The payee's WeChat confirmation hand-off while the transfer waits for it; see {@link Transfer#confirmation()}. */
  public Optional<UserConfirmation> confirmation() {
    return transfer.confirmation();
  }
}
