package io.unipay.core.order;

/** Status of one refund, as the providers report it. */
public enum RefundStatus {
  /** Accepted by the provider (or sent with an unknown outcome); money not yet confirmed back. */
  PROCESSING,
  /** The money went back to the payer. */
  SUCCESS,
  /** The refund was refused or closed; its amount is released and may be refunded again. */
  CLOSED,
  /** The provider could not pay the money back (e.g. the payer's card was closed): needs a human. */
  ABNORMAL;

  public boolean isFinal() {
    return this != PROCESSING;
  }
}
