package io.unipay.core.transfer;

/**
 * The host's business reaction to the end of the transfers of one {@code type} (e.g. {@code
 * withdraw}), registered at build time with {@code TransferSettings.builder().handler("withdraw",
 * handler)}.
 *
 * <p>Exactly one of the two methods runs, exactly once per transfer, inside the transaction that
 * records the final status: if it throws, the status change and the ledger fact roll back with the
 * host's own writes (made through {@link TransferEvent#unwrap}), a notification is answered as
 * failure so the provider delivers it again, and the sweeper's next query retries. Both methods
 * are required: a payout whose failure is not handled leaves the payee's money reserved forever.
 */
public interface TransferHandler {

  /** The money reached the payee ({@link TransferStatus#SUCCESS}). */
  void onTransferred(TransferEvent event);

  /**
   * The transfer ended without paying ({@link TransferStatus#FAIL} — including a WeChat bill the
   * payee left unconfirmed until it timed out — or {@link TransferStatus#CANCELLED}): release
   * whatever the host reserved for it (e.g. credit the user's balance back).
   */
  void onTransferFailed(TransferEvent event);
}
