package io.unipay.core.spi;

/**
 * A transfer's state as the provider reports it (WeChat {@code transfer-bills} states; Alipay
 * {@code status} mapped onto them). Only {@link #SUCCESS}, {@link #FAIL} and {@link #CANCELLED}
 * are final; every other state means "wait and ask again".
 */
public enum TransferState {
  /** Accepted by the provider, not yet processed (WeChat ACCEPTED; Alipay DEALING / WAIT_PAY). */
  ACCEPTED,
  /** Being processed by the provider. */
  PROCESSING,
  /** Waiting for the payee to confirm receipt in WeChat ({@code package_info} hand-off). */
  WAIT_USER_CONFIRM,
  /** Confirmed by the payee, money on its way. */
  TRANSFERING,
  /** Final: the money reached the payee. */
  SUCCESS,
  /** Final: the transfer failed; no money left the merchant (Alipay FAIL / REFUND). */
  FAIL,
  /** A cancel was accepted and is being carried out. */
  CANCELING,
  /** Final: cancelled before the payee confirmed; no money left the merchant. */
  CANCELLED,
  /**
   * A verified answer that the provider has no transfer with this number. Shortly after a send
   * whose answer was lost this is <em>not</em> definite (Alipay ORDER_NOT_EXIST may precede the
   * record); the engine decides how long to wait before re-sending with the same number.
   */
  NOT_FOUND;

  /** Whether the state can no longer change. */
  public boolean isFinal() {
    return this == SUCCESS || this == FAIL || this == CANCELLED;
  }
}
