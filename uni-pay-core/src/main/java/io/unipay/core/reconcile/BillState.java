package io.unipay.core.reconcile;

/** Whether the provider had a bill for the day. */
public enum BillState {
  /** The bill was downloaded and read to its end (its summary checked). */
  RECEIVED,
  /**
   * The provider has no bill for the day ({@code BILL_NOT_AVAILABLE}: nothing was traded, say
   * the providers): compared as an empty bill, so any local payment of the day is reported.
   */
  NONE
}
